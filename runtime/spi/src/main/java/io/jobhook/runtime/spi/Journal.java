package io.jobhook.runtime.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * The durable record of every accepted completion and of its delivery to each handler. Implemented by
 * the journal bundle, used by the dispatcher and the operator tools. Thread-safe.
 *
 * <p>Plain enough for a shared relational database to take the embedded one's place (docs/ARCHITECTURE.md):
 * a completion table keyed by event id with a unique idempotency key, a delivery table keyed by event id
 * and handler identity, an attempt table.
 */
@ProviderType
public interface Journal {

    /**
     * Records a completion, forced to disk before this returns; concurrent callers share one flush.
     *
     * @param context the completion; its {@code eventId} is the key
     * @param idempotency how to recognise a resend, or null
     * @return ACCEPTED with the context's event id; or DUPLICATE or CONFLICT with the first acceptance's
     * @throws JournalUnavailableException when it could not be made durable; nothing was recorded
     */
    Acceptance append(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException;

    /**
     * Records which handler identities a completion is to be delivered to, each as a PENDING delivery
     * (none: the completion is unmatched), and marks it matched. Recording the same handler twice keeps
     * the first.
     */
    void recordMatches(UUID eventId, Collection<String> handlers);

    /**
     * {@link #append} and, when the completion is ACCEPTED, {@link #recordMatches} with {@code handlers}, as
     * one durable write where the journal can: the ingress's acceptance then costs one group-committed
     * transaction instead of two. This default does the two calls one after the other, which a crash between
     * them leaves as an unmatched completion for recovery to match.
     *
     * @param handlers the identities it is to be delivered to (empty: unmatched, recorded as matched to none)
     * @return as {@link #append}
     * @throws JournalUnavailableException as {@link #append}; nothing was recorded
     * @since 1.1
     */
    default Acceptance appendMatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
            Collection<String> handlers) throws JournalUnavailableException {
        Acceptance acceptance = append(context, idempotency);
        if (acceptance.status() == Acceptance.Status.ACCEPTED) {
            recordMatches(acceptance.eventId(), handlers);
        }
        return acceptance;
    }

    /** Records an ended attempt and moves its delivery to {@code newState}. */
    void recordAttempt(Attempt attempt, DeliveryState newState);

    /**
     * As {@link #recordAttempt}, without waiting for the write: a handler's thread hands the attempt over
     * and goes on to its next delivery. Attempts are written in the order they were handed over, and every
     * read of this journal begun after this method returned sees the attempt. Until written, it may be lost
     * with the process, like an attempt running at that moment: the delivery is then attempted again
     * (at least once).
     *
     * @return done once written; failed, with the reason, when it could not be recorded
     * @since 1.2
     */
    default CompletionStage<Void> recordAttemptLater(Attempt attempt, DeliveryState newState) {
        try {
            recordAttempt(attempt, newState);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** @return the completion, if journaled and not yet purged */
    Optional<JournaledCompletion> completion(UUID eventId);

    /** @return completions accepted but not yet matched (after a crash), oldest first */
    List<JournaledCompletion> unmatched(int limit);

    /** @return deliveries still PENDING, oldest completion first */
    List<Delivery> pendingDeliveries(int limit);

    /** @return the deliveries of one completion */
    List<Delivery> deliveries(UUID eventId);

    /** @return the attempts of one completion, in the order they ended */
    List<Attempt> attempts(UUID eventId);

    /**
     * Removes completions accepted before {@code cutoff} whose deliveries are all finished, with their
     * deliveries and attempts.
     *
     * @return how many completions were removed
     */
    int purge(Instant cutoff);

    /**
     * @return the completions that match {@code query}, newest first
     */
    List<JournaledCompletion> recent(EventQuery query);

    /** @return the dead letters (FAILED deliveries) of a handler identity, or of every handler for null, newest first */
    List<Delivery> deadLetters(String handler, int limit);

    /**
     * Makes a FAILED delivery PENDING again, for a replay; its attempts are kept and its next attempt
     * continues their numbering.
     *
     * @return the delivery as it now is, or empty when there is no FAILED delivery of that event to that handler
     */
    Optional<Delivery> reopen(UUID eventId, String handler);

    /**
     * Says whether the journal can take writes now, from what it already knows (it is open, its last write did
     * not fail, its store is reachable), without writing anything: a health check's question, asked as often as
     * probes come.
     *
     * @return why appends would fail now, or empty when they would not
     * @since 1.4
     */
    default Optional<String> writeProblem() {
        return Optional.empty();
    }

    /**
     * @param name whose checkpoint, e.g. {@code poller:https://command.example.com/KeyfactorAPI/}
     * @return the value last saved under that name
     */
    Optional<String> checkpoint(String name);

    /**
     * Saves a checkpoint. Callers advance it only after what it covers has been appended (appends are
     * forced), so a checkpoint lost in a crash only means reading some things again.
     */
    void saveCheckpoint(String name, String value);
}
