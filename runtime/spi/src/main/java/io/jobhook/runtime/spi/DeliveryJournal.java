package io.jobhook.runtime.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * The journal as the dispatcher uses it: completions written with their deliveries, attempts' ends recorded, after a
 * crash what is left to match and to deliver, and dead letters to replay. Thread-safe.
 *
 * @since 2.0
 */
@ProviderType
public interface DeliveryJournal {

    /**
     * Records a completion and the handler identities it is to be delivered to, each as a PENDING delivery (none:
     * the completion is matched to no handler), as one durable write, before this returns: the 202 of the ingress
     * waits for it. Concurrent callers share one flush.
     *
     * @param idempotency how to recognise a resend, or null
     * @return ACCEPTED with the context's event id; or DUPLICATE or CONFLICT with the first acceptance's
     * @throws JournalUnavailableException when it could not be made durable; nothing was recorded
     */
    Acceptance appendMatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
            Collection<String> handlers) throws JournalUnavailableException;

    /**
     * Records which handler identities a journaled completion is to be delivered to, and marks it matched.
     * Recording the same handler twice keeps the first.
     *
     * @throws IllegalArgumentException when no such completion is journaled
     */
    void recordMatches(UUID eventId, Collection<String> handlers);

    /**
     * Records an ended attempt and moves its delivery to {@code newState}, without the caller waiting for the
     * write: a handler's thread hands the attempt over and goes on. Attempts are written in the order handed over,
     * and every read begun after this returned sees the attempt. Until written it may be lost with the process,
     * like an attempt running at that moment: the delivery is then attempted again (at least once).
     *
     * @return done once written; failed, with the reason, when it could not be recorded (no such delivery)
     */
    CompletionStage<Void> recordAttemptLater(Attempt attempt, DeliveryState newState);

    /** @return the completion, if journaled and not yet purged */
    Optional<JournaledCompletion> completion(UUID eventId);

    /** @return completions accepted but not yet matched (after a crash), oldest first */
    List<JournaledCompletion> unmatched(int limit);

    /** @return deliveries still PENDING, oldest completion first */
    List<Delivery> pendingDeliveries(int limit);

    /** @return the deliveries of one completion, by handler identity */
    List<Delivery> deliveries(UUID eventId);

    /** @return the dead letters (FAILED deliveries) of a handler identity, or of every handler for null, newest first */
    List<Delivery> deadLetters(String handler, int limit);

    /**
     * Makes a FAILED delivery PENDING again, for a replay; its attempts are kept and its next attempt continues
     * their numbering.
     *
     * @return the delivery as it now is, or empty when there is no FAILED delivery of that event to that handler
     */
    Optional<Delivery> reopen(UUID eventId, String handler);

    /**
     * Takes over deliveries that no live runtime holds, for the handler identities this runtime hosts: those of a
     * runtime that stopped renewing its hold (it died) and those recorded for a handler that only other runtimes
     * host. They are held by this runtime from now on, and their next attempt is this runtime's. A journal that
     * serves one runtime has none to take.
     *
     * @return the deliveries now held here, oldest completion first
     * @since 2.1
     */
    default List<Delivery> claimAbandoned(Collection<String> handlers, int limit) {
        return List.of();
    }

    /**
     * Says which job-type GUIDs each handler identity this runtime hosts takes, replacing what was said before. A
     * journal shared by several runtimes records, for each completion any of them accepts, a delivery to every
     * handler a live runtime hosts for its job type, so that a handler only some runtimes have still gets it. A
     * journal that serves one runtime ignores it.
     *
     * @since 2.1
     */
    default void hostHandlers(Map<String, ? extends Collection<UUID>> jobTypesByHandler) {
    }
}
