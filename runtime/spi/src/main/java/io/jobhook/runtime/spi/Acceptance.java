package io.jobhook.runtime.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * What came of offering a completion to the journal.
 *
 * @param eventId the journaled completion's id: the new one, or the first one of a duplicate or conflict
 * @param status whether it was accepted now, was a duplicate, or conflicts with an earlier one
 */
public record Acceptance(UUID eventId, Status status) {

    /** The outcome of an acceptance. */
    public enum Status {
        /** Journaled now, and to be delivered. */
        ACCEPTED,
        /** The same idempotency key and request as an earlier acceptance: not journaled or delivered again. */
        DUPLICATE,
        /** The same idempotency key as an earlier acceptance with another request: refused. */
        CONFLICT
    }

    public Acceptance {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(status, "status");
    }
}
