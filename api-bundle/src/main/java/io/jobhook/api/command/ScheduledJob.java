package io.jobhook.api.command;

import java.time.Instant;
import java.util.UUID;

/**
 * A job waiting to run ({@code GET /OrchestratorJobs/ScheduledJobs}).
 *
 * @param id the job's id (the {@code JobId} its completion will carry)
 * @param clientMachine the orchestrator's name
 * @param target the store's target, e.g. {@code iistarget.kftrain.lab My}
 * @param schedule when it runs, or null (immediately)
 * @param requested when it was requested, or null
 * @param jobType the job type's name
 */
public record ScheduledJob(UUID id, String clientMachine, String target, Schedule schedule, Instant requested,
        String jobType) {
}
