package io.jobhook.runtime.spi;

import java.time.Instant;
import java.util.UUID;

import io.jobhook.api.JobResult;

/**
 * Which journaled completions an operator asks for. Every criterion is optional (null); they combine with
 * AND.
 *
 * @param jobId the job
 * @param jobType the job type's name, e.g. {@code WinCertInventory} (any case)
 * @param result the job's result
 * @param state completions with at least one delivery in this state (e.g. FAILED: those with a dead letter)
 * @param unmatched true for completions no handler matched
 * @param limit at most this many, 1 to 1000
 * @param handler completions with a delivery to this handler identity; with {@code state}, that delivery is in that
 *        state (since 2.2)
 * @param since completions accepted at or after this instant (since 2.2)
 * @param until completions accepted before this instant (since 2.2)
 */
public record EventQuery(UUID jobId, String jobType, JobResult result, DeliveryState state, Boolean unmatched,
        int limit, String handler, Instant since, Instant until) {

    /** The most rows one query answers. */
    public static final int MAX_LIMIT = 1000;

    public EventQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
        }
    }

    /** A query by the criteria of 2.1. */
    public EventQuery(UUID jobId, String jobType, JobResult result, DeliveryState state, Boolean unmatched, int limit) {
        this(jobId, jobType, result, state, unmatched, limit, null, null, null);
    }

    /** @return the newest {@code limit} completions */
    public static EventQuery latest(int limit) {
        return new EventQuery(null, null, null, null, null, limit);
    }
}
