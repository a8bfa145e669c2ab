package io.jobhook.runtime.journal.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.testsupport.MutableClock;

/** The in-memory double holds to the journal's contract, and fails appends on demand. */
class InMemoryJournalTest extends JournalContract {

    @Override
    protected Journal open(MutableClock clock) {
        return new InMemoryJournal(clock);
    }

    @Override
    protected Acceptance appendUnmatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws Exception {
        return ((InMemoryJournal) journal).append(context, idempotency);
    }

    @Override
    protected int purge(Instant cutoff) {
        return ((InMemoryJournal) journal).purge(cutoff);
    }

    @Test
    void anUnavailableJournalRefusesAppendsAndRecordsNothing() throws Exception {
        InMemoryJournal memory = (InMemoryJournal) journal;
        memory.unavailable(true);
        var refused = full();
        assertThatThrownBy(() -> memory.appendMatched(refused, null, List.of("h")))
                .isInstanceOf(JournalUnavailableException.class);
        assertThat(memory.completion(refused.eventId())).isEmpty();
        assertThat(memory.writeProblem()).hasValueSatisfying(p -> assertThat(p).contains("unavailable"));

        memory.unavailable(false);
        assertThat(memory.writeProblem()).isEmpty();
        assertThat(memory.append(refused, null).eventId()).isEqualTo(refused.eventId());
    }
}
