package io.jobhook.api.command;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What Command scheduled for a {@link CustomJobRequest}.
 *
 * @param jobId the new job's id; its completion will carry it
 * @param orchestratorId the orchestrator that will run it
 * @param jobTypeName the custom job type's name
 * @param schedule when it runs
 * @param jobFields the fields Command recorded, by name, as text
 * @param requestTimestamp when Command accepted it, or null
 */
public record ScheduledCustomJob(UUID jobId, UUID orchestratorId, String jobTypeName, Schedule schedule,
        Map<String, String> jobFields, Instant requestTimestamp) {

    public ScheduledCustomJob {
        jobFields = jobFields == null ? Map.of() : Map.copyOf(jobFields);
    }
}
