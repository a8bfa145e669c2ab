package io.jobhook.runtime.spi;

import java.time.Instant;
import java.util.Objects;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * A completion as the journal holds it.
 *
 * @param context the completion (its {@code eventId} is the journal's key), without a client
 * @param acceptedAt when it was journaled
 * @param matched whether it has been matched to handlers (its deliveries recorded, or found to have none)
 */
public record JournaledCompletion(OrchestratorJobCompleteHandlerContext context, Instant acceptedAt, boolean matched) {

    public JournaledCompletion {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}
