package io.jobhook.runtime.journal.postgresql.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How one node uses the shared journal.
 *
 * @param nodeId this node's name in the journal: who holds a delivery, who recorded an attempt
 * @param lease how long a node's hold on its deliveries lasts without renewal (renewed every third of it)
 * @param retryAfter what a refused append tells the caller to wait before trying again
 */
public record PostgresJournalSettings(String nodeId, Duration lease, Duration retryAfter) {

    public PostgresJournalSettings {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("nodeId must not be blank");
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
    }
}
