package io.jobhook.runtime.poller.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.jobhook.api.command.CommandApi;
import io.jobhook.command.client.CommandClients;
import io.jobhook.runtime.journal.testing.InMemoryJournal;
import io.jobhook.simulator.SimulatedCommand;
import io.jobhook.testsupport.MutableClock;

/**
 * A simulated Command on loopback (nothing runs unless the test steps it), a real client, and a journal that
 * survives a {@link #restart()} (the in-memory one, which holds to the journal's contract). One clock for all of them.
 */
final class PollerFixture implements AutoCloseable {

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final SimulatedCommand sim;
    final CommandApi api;
    private final InMemoryJournal durable;
    CrashableCheckpoints journal;
    final RecordingIntake intake;

    PollerFixture() {
        this.sim = SimulatedCommand.builder().clock(clock).start();
        this.api = CommandClients.basic(sim.baseUri(), sim.username(), sim.password());
        this.durable = new InMemoryJournal(clock);
        this.journal = new CrashableCheckpoints(durable);
        this.intake = new RecordingIntake(durable);
    }

    /** The process dies and starts again: what the journal holds stays, a crash armed before is gone. */
    void restart() {
        journal = new CrashableCheckpoints(durable);
    }

    static PollerSettings settings(int pageSize, Instant startAt) {
        return new PollerSettings(true, Duration.ofSeconds(30), pageSize, startAt);
    }

    JobHistoryPoller poller(int pageSize) {
        return poller(settings(pageSize, null));
    }

    JobHistoryPoller poller(PollerSettings settings) {
        return new JobHistoryPoller(api, intake, journal, settings, clock, () -> 1.0); // waits at their ceiling
    }

    SimulatedCommand model() {
        return sim;
    }

    /** Moves the clock on and runs what is due (completes running jobs, starts and completes due ones). */
    Instant runJobs(Duration after) {
        Instant t = clock.advance(after);
        model().runDueJobs(t);
        return t;
    }

    @Override
    public void close() {
        sim.close();
    }
}
