package io.jobhook.runtime.journal.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How the journal's group commit is tuned.
 *
 * @param queueCapacity the most appends waiting for the committer; one more is refused at once
 *        (overload is refused, never buffered without bound)
 * @param maxBatch the most appends written in one transaction and forced with one sync
 * @param appendTimeout how long a caller waits for its append to be taken into a batch before it is
 *        withdrawn and refused (once taken, the caller waits for that batch's outcome)
 * @param retryAfter what a refusal tells the caller to wait before trying again
 */
public record JournalSettings(int queueCapacity, int maxBatch, Duration appendTimeout, Duration retryAfter) {

    /** The settings the runtime uses: 10000 queued, batches of up to 512, 10 s, retry after 1 s. */
    public static final JournalSettings DEFAULTS =
            new JournalSettings(10_000, 512, Duration.ofSeconds(10), Duration.ofSeconds(1));

    public JournalSettings {
        Objects.requireNonNull(appendTimeout, "appendTimeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be 1 or more, was " + queueCapacity);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be 1 or more, was " + maxBatch);
        }
        if (appendTimeout.isNegative() || appendTimeout.isZero()) {
            throw new IllegalArgumentException("appendTimeout must be positive, was " + appendTimeout);
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
    }
}
