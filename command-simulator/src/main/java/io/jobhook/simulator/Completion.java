package io.jobhook.simulator;

import java.time.Instant;
import java.util.UUID;

/**
 * A finished job run, with the fields of Keyfactor's job completion handler context: what the
 * simulator pushes.
 */
public record Completion(long jobHistoryId, UUID agentId, String username, String clientMachine,
        SimJobResult jobResult, UUID jobId, String jobType, UUID jobTypeId, SimOperationType operationType,
        Integer certificateId, Instant requestTimestamp, int currentRetryCount, SimHistoryStatus status) {
}
