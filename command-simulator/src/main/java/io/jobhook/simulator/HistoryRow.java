package io.jobhook.simulator;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of job history: one run of a job. The first twelve components are the JSON fields of
 * {@code GET /OrchestratorJobs/JobHistory}; the rest are what the instance knows besides.
 *
 * @param data what a custom job's run returned ({@code JobStatus/Data}), or null
 * @param agentId the orchestrator
 * @param jobTypeId the job type's GUID
 * @param retryCount the run's {@code CurrentRetryCount}
 */
public record HistoryRow(long jobHistoryId, String agentMachine, UUID jobId, SimSchedule schedule, String jobType,
        Instant operationStart, Instant operationEnd, String message, SimJobResult result, SimHistoryStatus status,
        String storePath, String clientMachine, String data, UUID agentId, UUID jobTypeId, int retryCount) {

    public HistoryRow withStatus(SimHistoryStatus newStatus) {
        return new HistoryRow(jobHistoryId, agentMachine, jobId, schedule, jobType, operationStart, operationEnd,
                message, result, newStatus, storePath, clientMachine, data, agentId, jobTypeId, retryCount);
    }

    public HistoryRow completed(Instant end, String newMessage, SimJobResult newResult, SimHistoryStatus newStatus,
            String newData) {
        return new HistoryRow(jobHistoryId, agentMachine, jobId, schedule, jobType, operationStart, end, newMessage,
                newResult, newStatus, storePath, clientMachine, newData, agentId, jobTypeId, retryCount);
    }
}
