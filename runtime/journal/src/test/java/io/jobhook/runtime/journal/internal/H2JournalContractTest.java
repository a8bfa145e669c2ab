package io.jobhook.runtime.journal.internal;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.io.TempDir;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.journal.testing.JournalContract;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.testsupport.MutableClock;

/** The H2 journal holds to the journal's contract; {@link H2JournalTest} covers what only it does (files, sync, crashes). */
class H2JournalContractTest extends JournalContract {

    @TempDir
    Path dir;

    @Override
    protected Journal open(MutableClock clock) {
        return new H2Journal(dir, clock);
    }

    @Override
    protected void close(Journal journal) {
        ((H2Journal) journal).close();
    }

    @Override
    protected Acceptance appendUnmatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws Exception {
        return ((H2Journal) journal).append(context, idempotency);
    }

    @Override
    protected int purge(Instant cutoff) {
        return ((H2Journal) journal).purge(cutoff);
    }
}
