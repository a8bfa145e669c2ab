package io.jobhook.runtime.poller.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.EventQuery;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.runtime.spi.JournaledCompletion;

/**
 * A journal, with a process "dying" before a chosen checkpoint save: the completions appended
 * before it are journaled, the checkpoint is not.
 */
final class CrashableJournal implements Journal {

    private final Journal delegate;
    private int savesBeforeCrash = -1;
    private int saves;

    CrashableJournal(Journal delegate) {
        this.delegate = delegate;
    }

    /** The next {@code n} checkpoint saves succeed, the one after fails (as if the process died). */
    void crashAfterSaves(int n) {
        savesBeforeCrash = n;
    }

    int saves() {
        return saves;
    }

    @Override
    public void saveCheckpoint(String name, String value) {
        if (savesBeforeCrash == 0) {
            throw new IllegalStateException("simulated crash before the checkpoint was saved");
        }
        if (savesBeforeCrash > 0) {
            savesBeforeCrash--;
        }
        delegate.saveCheckpoint(name, value);
        saves++;
    }

    @Override
    public Optional<String> checkpoint(String name) {
        return delegate.checkpoint(name);
    }

    @Override
    public Acceptance append(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException {
        return delegate.append(context, idempotency);
    }

    @Override
    public void recordMatches(UUID eventId, Collection<String> handlers) {
        delegate.recordMatches(eventId, handlers);
    }

    @Override
    public void recordAttempt(Attempt attempt, DeliveryState newState) {
        delegate.recordAttempt(attempt, newState);
    }

    @Override
    public Optional<JournaledCompletion> completion(UUID eventId) {
        return delegate.completion(eventId);
    }

    @Override
    public List<JournaledCompletion> unmatched(int limit) {
        return delegate.unmatched(limit);
    }

    @Override
    public List<Delivery> pendingDeliveries(int limit) {
        return delegate.pendingDeliveries(limit);
    }

    @Override
    public List<Delivery> deliveries(UUID eventId) {
        return delegate.deliveries(eventId);
    }

    @Override
    public List<Attempt> attempts(UUID eventId) {
        return delegate.attempts(eventId);
    }

    @Override
    public int purge(Instant cutoff) {
        return delegate.purge(cutoff);
    }

    @Override
    public List<JournaledCompletion> recent(EventQuery query) {
        return delegate.recent(query);
    }

    @Override
    public List<Delivery> deadLetters(String handler, int limit) {
        return delegate.deadLetters(handler, limit);
    }

    @Override
    public Optional<Delivery> reopen(UUID eventId, String handler) {
        return delegate.reopen(eventId, handler);
    }
}
