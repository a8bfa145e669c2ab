package io.jobhook.api.command;

import java.time.Instant;
import java.util.UUID;

import io.jobhook.api.JobResult;

/**
 * One row of {@code GET /OrchestratorJobs/JobHistory}: one run of a job.
 *
 * @param jobHistoryId the row's id (Command's "audit id", {@code JobAuditIds} in acknowledge and
 *        reschedule requests)
 * @param agentMachine the orchestrator's name ({@code ClientMachine} of {@code /Agents})
 * @param jobId the job; the same for every run of a recurring job
 * @param schedule the job's schedule, or null
 * @param jobType the job type's name, e.g. {@code WinCertInventory}
 * @param operationStart when the run started, or null
 * @param operationEnd when it ended; null while running
 * @param message the orchestrator's message, possibly empty
 * @param result the run's result; {@link JobResult#UNKNOWN} while running
 * @param status the row's state
 * @param storePath the certificate store's path, or null
 * @param clientMachine the store's target host (not the orchestrator), or null
 */
public record JobHistoryEntry(long jobHistoryId, String agentMachine, UUID jobId, Schedule schedule, String jobType,
        Instant operationStart, Instant operationEnd, String message, JobResult result, JobHistoryStatus status,
        String storePath, String clientMachine) {
}
