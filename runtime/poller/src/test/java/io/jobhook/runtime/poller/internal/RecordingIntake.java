package io.jobhook.runtime.poller.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.journal.testing.InMemoryJournal;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.JournalUnavailableException;

/**
 * The dispatcher's part the poller relies on: journal first (which honours idempotency keys), then
 * "deliver", recorded here. The record outlives a restart.
 */
final class RecordingIntake implements CompletionIntake {

    /** A completion as delivered, with the key it came with. */
    record Delivered(String key, OrchestratorJobCompleteHandlerContext context) {
        long jobHistoryId() {
            return Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
        }
    }

    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    private final InMemoryJournal journal;
    private volatile Runnable afterAccept = () -> { };

    RecordingIntake(InMemoryJournal journal) {
        this.journal = journal;
    }

    /** Runs after each completion accepted (a test's hook into the middle of a poll). */
    void afterAccept(Runnable hook) {
        this.afterAccept = hook;
    }

    @Override
    public Acceptance accept(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException {
        Acceptance a = journal.append(context, idempotency);
        if (a.status() == Acceptance.Status.ACCEPTED) {
            delivered.add(new Delivered(idempotency.key(), context));
            afterAccept.run();
        }
        return a;
    }

    List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    List<Long> deliveredIds() {
        return delivered.stream().map(Delivered::jobHistoryId).toList();
    }
}
