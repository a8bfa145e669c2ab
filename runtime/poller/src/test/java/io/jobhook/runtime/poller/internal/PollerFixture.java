package io.jobhook.runtime.poller.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.jobhook.api.command.CommandApi;
import io.jobhook.command.client.internal.TestClients;
import io.jobhook.runtime.journal.internal.H2Journal;
import io.jobhook.simulator.internal.CommandModel;
import io.jobhook.simulator.internal.SimulatorSettings;
import io.jobhook.simulator.internal.StandaloneSimulator;

/**
 * A simulated Command on loopback (engine off: the test steps it), a real client, and the real journal in
 * a directory that survives a {@link #restart()}. One clock for all of them.
 */
final class PollerFixture implements AutoCloseable {

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final StandaloneSimulator sim;
    final CommandApi api;
    private final Path dir;
    private H2Journal h2;
    CrashableJournal journal;
    final RecordingIntake intake;

    PollerFixture(Path dir) throws IOException {
        this.dir = dir;
        this.sim = StandaloneSimulator.start(0, SimulatorSettings.defaults().withJobIntervalSeconds(0), clock);
        this.api = TestClients.basic(sim.baseUri(), sim.settings().user(), sim.settings().password());
        open();
        this.intake = new RecordingIntake(journal);
    }

    private void open() {
        h2 = new H2Journal(dir, clock);
        journal = new CrashableJournal(h2);
    }

    /** The process dies and starts again: the journal is closed and reopened from its files. */
    void restart() {
        h2.close();
        open();
        intake.use(journal);
    }

    static PollerSettings settings(int pageSize, Instant startAt) {
        return new PollerSettings(true, Duration.ofSeconds(30), pageSize, startAt);
    }

    JobHistoryPoller poller(int pageSize) {
        return poller(settings(pageSize, null));
    }

    JobHistoryPoller poller(PollerSettings settings) {
        return new JobHistoryPoller(api, intake, journal, settings, clock);
    }

    CommandModel model() {
        return sim.model();
    }

    /** Moves the clock on and runs what is due (completes running jobs, starts and completes due ones). */
    Instant runJobs(Duration after) {
        Instant t = clock.advance(after);
        model().runDueJobs(t);
        return t;
    }

    @Override
    public void close() {
        h2.close();
        sim.close();
    }
}
