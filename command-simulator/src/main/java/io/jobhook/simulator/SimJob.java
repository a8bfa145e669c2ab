package io.jobhook.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A job known to the instance: a store's recurring inventory, or a one-off management, reenrollment or
 * custom job. {@code nextRun} is null once a one-off job ran.
 *
 * @param jobId the job's GUID (the completion's {@code JobId})
 * @param agentId the orchestrator that runs it
 * @param jobTypeName e.g. {@code WinCertInventory}, or the custom job type's name
 * @param jobTypeId the job type's GUID
 * @param storeId the store, or null for custom jobs
 * @param schedule when it runs
 * @param requested when it was requested
 * @param nextRun when it is next due, or null
 * @param operationType what it does
 * @param certificateId the certificate it concerns, or null
 * @param jobFields a custom job's fields, as text
 * @param retryCount the current retry count of the next run
 */
public record SimJob(UUID jobId, UUID agentId, String jobTypeName, UUID jobTypeId, UUID storeId, SimSchedule schedule,
        Instant requested, Instant nextRun, SimOperationType operationType, Integer certificateId,
        Map<String, String> jobFields, int retryCount) {

    public SimJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobTypeName, "jobTypeName");
        jobFields = jobFields == null ? Map.of() : Map.copyOf(jobFields);
    }

    public SimJob next(Instant newNextRun, int newRetryCount, Integer newCertificateId) {
        return new SimJob(jobId, agentId, jobTypeName, jobTypeId, storeId, schedule, requested, newNextRun,
                operationType, newCertificateId, jobFields, newRetryCount);
    }
}
