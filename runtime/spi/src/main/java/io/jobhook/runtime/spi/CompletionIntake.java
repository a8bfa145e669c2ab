package io.jobhook.runtime.spi;

import org.osgi.annotation.versioning.ProviderType;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * Where a completion enters Jobhook. Implemented by the dispatcher; used by the ingress, the poller and
 * operator tools.
 */
@ProviderType
public interface CompletionIntake {

    /**
     * Journals the completion durably (on disk, forced, before this returns) and schedules its delivery
     * to every matching handler.
     *
     * @param context the completion, without a client; its {@code eventId} becomes the journal's
     * @param idempotency how to recognise a resend, or null
     * @return the event id under which the completion is (or already was) journaled
     * @throws JournalUnavailableException when the completion could not be made durable: nothing was
     *         accepted, the caller should answer "try again later"
     */
    Acceptance accept(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException;
}
