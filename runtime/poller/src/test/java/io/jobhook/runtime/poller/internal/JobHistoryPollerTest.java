package io.jobhook.runtime.poller.internal;

import io.jobhook.runtime.spi.PollerStatus;
import io.jobhook.runtime.spi.PollerStatusSource;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.Guids;
import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.simulator.Completion;
import io.jobhook.simulator.HistoryRow;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJob;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.testkit.LogCapture;

/** The poller against the simulator over loopback, with a real client and a journal that holds to the contract. */
class JobHistoryPollerTest {

    // The sample's GUIDs, which the simulator's default seed reproduces (those of Keyfactor's sample handler).
    static final UUID WINCERT_INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
    static final UUID WINCERT_MANAGEMENT = UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973");
    static final UUID WINCERT_REENROLLMENT = UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61");
    static final UUID ORCHESTRATOR = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");
    static final Duration INTERVAL = Duration.ofSeconds(30);

    PollerFixture f;

    @BeforeEach
    void start() {
        f = new PollerFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private List<Long> finishedIds() {
        return f.model().jobHistory().stream()
                .filter(r -> r.status() != SimHistoryStatus.IN_PROCESS && r.status() != SimHistoryStatus.WAITING)
                .map(HistoryRow::jobHistoryId).toList();
    }

    private UUID store() {
        return f.model().defaultStoreId();
    }

    private List<OrchestratorJobCompleteHandlerContext> contextsOf(UUID jobId) {
        return f.intake.delivered().stream().map(RecordingIntake.Delivered::context)
                .filter(c -> c.jobId().equals(jobId)).toList();
    }

    @Test
    void eachCompletionIsDeliveredOnceAcrossARestartInTheMiddleOfARun() {
        JobHistoryPoller first = f.poller(2);
        assertThat(first.pollOnce()).isEqualTo(INTERVAL); // starts "now", on an empty history
        for (int i = 0; i < 5; i++) {
            f.model().scheduleManagementAdd(store(), null);
        }
        f.runJobs(Duration.ofSeconds(1));
        List<Long> finished = finishedIds();
        assertThat(finished).hasSizeGreaterThanOrEqualTo(5); // five adds (and the store's inventory, if due)

        // Pages of 2: the first page's checkpoint is saved, the process dies before the second one's is.
        f.journal.crashAfterSaves(1);
        first.pollOnce();
        assertThat(first.status().consecutiveFailures()).isEqualTo(1);
        assertThat(first.status().lastError()).contains("simulated crash");
        assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(finished.subList(0, 4));

        f.restart();
        JobHistoryPoller second = f.poller(2);
        assertThat(second.pollOnce()).isEqualTo(INTERVAL);
        // Rows 3 and 4 were read again, and recognised by their key: each row exactly once, oldest first.
        assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(finished);
        assertThat(second.status().checkpoint()).isEqualTo(finished.get(finished.size() - 1));
        assertThat(second.status().accepted()).isEqualTo(finished.size() - 4);

        // A restart after the checkpoint was saved: nothing again, then the next run's rows.
        f.restart();
        JobHistoryPoller third = f.poller(2);
        third.pollOnce();
        assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(finished);
        f.model().scheduleManagementAdd(store(), null);
        f.runJobs(Duration.ofMinutes(1));
        third.pollOnce();
        assertThat(finishedIds()).hasSizeGreaterThan(finished.size());
        assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(finishedIds());
    }

    @Test
    void aStoppedPollEndsAfterItsCurrentRowAndKeepsItsProgress() {
        JobHistoryPoller poller = f.poller(100);
        poller.pollOnce();
        for (int i = 0; i < 4; i++) {
            f.model().scheduleManagementAdd(store(), null);
        }
        f.runJobs(Duration.ofSeconds(1));
        List<Long> finished = finishedIds();
        f.intake.afterAccept(() -> {
            if (f.intake.delivered().size() == 2) {
                poller.stop();
            }
        });

        poller.pollOnce();
        assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(finished.subList(0, 2));
        assertThat(poller.status().checkpoint()).isEqualTo(finished.get(1));
        assertThat(poller.status().consecutiveFailures()).isZero();

        f.intake.afterAccept(() -> { });
        f.poller(100).pollOnce(); // the next start continues from the saved checkpoint
        assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(finished);
    }

    @Test
    void rowsStillRunningAtOnePollAreDeliveredOnceTheyComplete() {
        JobHistoryPoller poller = f.poller(100);
        poller.pollOnce();
        SimJob add = f.model().scheduleManagementAdd(store(), null);
        Instant t = f.clock.advance(Duration.ofSeconds(1));
        List<Long> running = f.model().startDueJobs(t).stream().map(HistoryRow::jobHistoryId).toList();
        assertThat(running).hasSizeGreaterThanOrEqualTo(1);
        HistoryRow above = f.model().addJobHistory(SimJobResult.SUCCESS, SimHistoryStatus.COMPLETED, t, "");

        poller.pollOnce();
        assertThat(f.intake.deliveredIds()).containsExactly(above.jobHistoryId());
        assertThat(poller.status().heldBack()).isEqualTo(running.size());
        assertThat(poller.status().checkpoint()).isLessThan(running.get(0));

        // Polled again, and after a restart, while they still run: nothing new, nothing twice.
        poller.pollOnce();
        f.restart();
        poller = f.poller(100);
        poller.pollOnce();
        assertThat(f.intake.deliveredIds()).containsExactly(above.jobHistoryId());

        f.model().completeRunningJobs(f.clock.advance(Duration.ofSeconds(5)));
        poller.pollOnce();
        assertThat(f.intake.deliveredIds().subList(1, f.intake.deliveredIds().size()))
                .containsExactlyElementsOf(running);
        assertThat(contextsOf(add.jobId())).singleElement()
                .satisfies(c -> assertThat(c.jobResult()).isEqualTo(JobResult.SUCCESS));
        assertThat(poller.status().checkpoint()).isEqualTo(above.jobHistoryId());
        assertThat(poller.status().heldBack()).isZero();

        poller.pollOnce();
        assertThat(f.intake.deliveredIds()).hasSize(running.size() + 1);
    }

    @Test
    void anApiOutageDelaysDeliveryWithoutLosingAnyAndShowsInTheStatusUntilItClears() {
        JobHistoryPoller poller = f.poller(100);
        poller.pollOnce();
        Instant lastSuccess = f.clock.instant();
        f.model().scheduleSampleJobs();
        f.runJobs(Duration.ofSeconds(1));
        List<Long> finished = finishedIds();
        assertThat(finished).hasSize(4);

        try (LogCapture log = LogCapture.of(JobHistoryPoller.class)) {
            f.sim.faults("status503=1;retryAfterSeconds=0");
            assertThat(poller.pollOnce()).isEqualTo(INTERVAL);
            f.clock.advance(INTERVAL);
            assertThat(poller.pollOnce()).isEqualTo(INTERVAL.multipliedBy(2));
            PollerStatus down = poller.status();
            assertThat(down.consecutiveFailures()).isEqualTo(2);
            assertThat(down.lastError()).contains("503");
            assertThat(down.healthy()).isFalse();
            assertThat(down.lastSuccessAt()).isEqualTo(lastSuccess);
            assertThat(down.lag()).isEqualTo(Duration.between(lastSuccess, f.clock.instant())).isPositive();

            f.sim.faults("disconnect=1");
            f.clock.advance(INTERVAL.multipliedBy(2));
            assertThat(poller.pollOnce()).isEqualTo(INTERVAL.multipliedBy(4));
            assertThat(poller.status().lastError()).isNotNull().doesNotContain("503");
            assertThat(f.intake.delivered()).isEmpty();

            f.sim.faults("");
            f.clock.advance(INTERVAL.multipliedBy(4));
            assertThat(poller.pollOnce()).isEqualTo(INTERVAL);
            assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(finished);
            PollerStatus up = poller.status();
            assertThat(up.lastError()).isNull();
            assertThat(up.consecutiveFailures()).isZero();
            assertThat(up.healthy()).isTrue();
            assertThat(up.lastSuccessAt()).isEqualTo(f.clock.instant());
            assertThat(up.lastErrorAt()).isNotNull();

            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN")).singleElement().asString()
                    .contains("Job history poll of " + f.sim.baseUri(), "503", "nothing is lost");
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("INFO").contains("recovered after 3"));
        }
    }

    @Test
    void contextsCarryTheJobTypeIdTheOrchestratorAndTheResult() {
        JobHistoryPoller poller = f.poller(100);
        poller.pollOnce();
        List<Completion> truth = new CopyOnWriteArrayList<>();
        f.model().onCompletion(truth::add);
        List<SimJob> sample = f.model().scheduleSampleJobs(); // add, remove, reenrollment; and the inventory
        SimJob custom = f.model().scheduleCustomJob(ORCHESTRATOR, "RestartService", null, Map.of("ServiceName", "W3SVC"));
        f.model().planResults(sample.get(1).jobId(), SimJobResult.WARNING);
        f.runJobs(Duration.ofSeconds(1));

        poller.pollOnce();
        List<OrchestratorJobCompleteHandlerContext> got = f.intake.delivered().stream()
                .map(RecordingIntake.Delivered::context).toList();
        assertThat(got).hasSize(5);
        assertThat(got).extracting(OrchestratorJobCompleteHandlerContext::jobType, OrchestratorJobCompleteHandlerContext::jobTypeId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("WinCertInventory", WINCERT_INVENTORY),
                        org.assertj.core.groups.Tuple.tuple("WinCertManagement", WINCERT_MANAGEMENT),
                        org.assertj.core.groups.Tuple.tuple("WinCertManagement", WINCERT_MANAGEMENT),
                        org.assertj.core.groups.Tuple.tuple("WinCertReenrollment", WINCERT_REENROLLMENT),
                        org.assertj.core.groups.Tuple.tuple("RestartService",
                                f.model().customJobTypeId("RestartService").orElseThrow()));
        for (OrchestratorJobCompleteHandlerContext c : got) {
            Completion pushed = truth.stream().filter(t -> t.jobId().equals(c.jobId())).findFirst().orElseThrow();
            HistoryRow row = f.model().jobHistoryRow(pushed.jobHistoryId()).orElseThrow();
            // What Command would have passed its own handler...
            assertThat(c.agentId()).isEqualTo(ORCHESTRATOR).isEqualTo(pushed.agentId());
            assertThat(c.username()).isEqualTo("KFTRAIN\\SVC_Orchestrator").isEqualTo(pushed.username());
            assertThat(c.clientMachine()).isEqualTo("orchestrator.kftrain.lab").isEqualTo(pushed.clientMachine());
            assertThat(c.jobTypeId()).isEqualTo(pushed.jobTypeId());
            assertThat(c.jobResult().keyfactorName()).isEqualTo(pushed.jobResult().keyfactorName());
            assertThat(c.currentRetryCount()).isZero();
            // ...except what job history cannot tell.
            assertThat(c.operationType()).isEqualTo(OperationType.UNKNOWN);
            assertThat(c.certificateId()).isNull();
            assertThat(c.requestTimestamp()).isEqualTo(row.operationStart());
            assertThat(c.source()).isEqualTo(CompletionSource.POLL);
            assertThat(c.hasClient()).isFalse();
        }
        assertThat(contextsOf(sample.get(1).jobId())).singleElement()
                .satisfies(c -> assertThat(c.jobResult()).isEqualTo(JobResult.WARNING));
        assertThat(contextsOf(custom.jobId())).singleElement()
                .satisfies(c -> assertThat(c.jobType()).isEqualTo("RestartService"));
    }

    @Test
    void aJobThatFailedAndWasRetriedCarriesItsRetryCount() {
        JobHistoryPoller poller = f.poller(100);
        poller.pollOnce();
        List<Completion> truth = new CopyOnWriteArrayList<>();
        f.model().onCompletion(truth::add);
        SimJob add = f.model().scheduleManagementAdd(store(), null);
        f.model().planResults(add.jobId(), SimJobResult.FAILURE, SimJobResult.FAILURE);

        f.runJobs(Duration.ofSeconds(1)); // fails, Command will retry
        poller.pollOnce();
        f.runJobs(Duration.ofSeconds(31)); // fails again
        f.runJobs(Duration.ofSeconds(31)); // succeeds
        poller.pollOnce();

        assertThat(contextsOf(add.jobId()))
                .extracting(OrchestratorJobCompleteHandlerContext::jobResult,
                        OrchestratorJobCompleteHandlerContext::currentRetryCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(JobResult.FAILURE, 0),
                        org.assertj.core.groups.Tuple.tuple(JobResult.FAILURE, 1),
                        org.assertj.core.groups.Tuple.tuple(JobResult.SUCCESS, 2));
        assertThat(contextsOf(add.jobId())).extracting(OrchestratorJobCompleteHandlerContext::currentRetryCount)
                .containsExactlyElementsOf(truth.stream().filter(c -> c.jobId().equals(add.jobId()))
                        .map(Completion::currentRetryCount).toList());
    }

    @Test
    void theRetryCountIsReadFromTheJobsHistoryWhenTheScanNoLongerReachesItsEarlierRuns() {
        JobHistoryPoller poller = f.poller(100);
        poller.pollOnce();
        SimJob add = f.model().scheduleManagementAdd(store(), null);
        f.model().planResults(add.jobId(), SimJobResult.FAILURE);
        f.runJobs(Duration.ofSeconds(1));
        poller.pollOnce();
        // An hour of other work: the scan's window moves past the failed run.
        f.model().addJobHistory(SimJobResult.SUCCESS, SimHistoryStatus.COMPLETED, f.clock.advance(Duration.ofMinutes(50)),
                "");
        poller.pollOnce();
        f.runJobs(Duration.ofMinutes(10)); // the retry, an hour late, succeeds

        poller.pollOnce();
        assertThat(contextsOf(add.jobId()))
                .extracting(OrchestratorJobCompleteHandlerContext::jobResult,
                        OrchestratorJobCompleteHandlerContext::currentRetryCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(JobResult.FAILURE, 0),
                        org.assertj.core.groups.Tuple.tuple(JobResult.SUCCESS, 1));
    }

    @Test
    void aJobTypeWithoutAGuidIsSkippedWithOneWarningAndAnUnknownOrchestratorIsTheNilGuid() {
        JobHistoryPoller poller = f.poller(100);
        poller.pollOnce();
        Instant t = f.clock.advance(Duration.ofSeconds(1));
        long id = f.model().addJobHistory(SimJobResult.SUCCESS, SimHistoryStatus.COMPLETED, t, "").jobHistoryId();
        UUID ghostJob = UUID.randomUUID();
        f.model().addJobHistory(row(id + 1, "orchestrator.kftrain.lab", UUID.randomUUID(), "NoSuchCapInventory", t));
        f.model().addJobHistory(row(id + 2, "orchestrator.kftrain.lab", UUID.randomUUID(), "NoSuchCapInventory", t));
        f.model().addJobHistory(row(id + 3, "ghost.kftrain.lab", ghostJob, "WinCertInventory", t));

        try (LogCapture log = LogCapture.of(JobHistoryPoller.class)) {
            poller.pollOnce();
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN")).satisfiesExactlyInAnyOrder(
                    l -> assertThat(l).contains("'NoSuchCapInventory' are skipped", "row " + (id + 1)),
                    l -> assertThat(l).contains("'ghost.kftrain.lab'", "nil AgentId"));
        }
        assertThat(f.intake.deliveredIds()).containsExactly(id, id + 3);
        assertThat(contextsOf(ghostJob)).singleElement().satisfies(c -> {
            assertThat(c.agentId()).isEqualTo(Guids.NIL);
            assertThat(c.username()).isNull();
            assertThat(c.clientMachine()).isEqualTo("ghost.kftrain.lab");
            assertThat(c.jobTypeId()).isEqualTo(WINCERT_INVENTORY);
        });
        assertThat(poller.status().checkpoint()).isEqualTo(id + 3); // skipped rows do not hold it back
        assertThat(poller.status().skipped()).isEqualTo(2);
    }

    private static HistoryRow row(long id, String agentMachine, UUID jobId, String jobType, Instant t) {
        return new HistoryRow(id, agentMachine, jobId, null, jobType, t, t, "", SimJobResult.SUCCESS,
                SimHistoryStatus.COMPLETED, "My", "iistarget.kftrain.lab", null, null, null, 0);
    }

    @Test
    void startAtNowSkipsTheHistoryBeforeTheFirstStartAndIsIgnoredOnceACheckpointExists() {
        f.model().addJobHistory(5, f.clock.instant().minus(Duration.ofHours(1)));
        f.runJobs(Duration.ofSeconds(1));
        List<Long> before = finishedIds();

        JobHistoryPoller poller = f.poller(100);
        poller.pollOnce();
        assertThat(f.intake.delivered()).isEmpty();
        assertThat(poller.status().checkpoint()).isEqualTo(before.get(before.size() - 1));

        f.runJobs(Duration.ofMinutes(1));
        poller.pollOnce();
        List<Long> after = finishedIds().subList(before.size(), finishedIds().size());
        assertThat(after).isNotEmpty();
        assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(after);

        // Restarted with another starting point: the checkpoint wins.
        f.restart();
        f.poller(PollerFixture.settings(100, Instant.EPOCH)).pollOnce();
        assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(after);
    }

    @Test
    void startAtATimestampDeliversTheRowsThatStartedAtOrAfterIt() {
        Instant now = f.clock.instant();
        f.model().addJobHistory(3, now.minus(Duration.ofHours(2)));
        List<Long> recent = f.model().addJobHistory(3, now.minus(Duration.ofMinutes(30))).stream()
                .map(HistoryRow::jobHistoryId).toList();

        f.poller(PollerFixture.settings(2, now.minus(Duration.ofHours(1)))).pollOnce();
        assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(recent);
    }

    @Test
    void aRowRunningForMoreThanADayStopsHoldingTheCheckpointAndIsDeliveredWhenItFinishes() {
        JobHistoryPoller poller = f.poller(100);
        poller.pollOnce();
        SimJob add = f.model().scheduleManagementAdd(store(), null);
        Instant t = f.clock.advance(Duration.ofSeconds(1));
        List<Long> running = f.model().startDueJobs(t).stream().map(HistoryRow::jobHistoryId).toList();
        HistoryRow above = f.model().addJobHistory(SimJobResult.SUCCESS, SimHistoryStatus.COMPLETED, t, "");
        poller.pollOnce();
        assertThat(poller.status().checkpoint()).isLessThan(above.jobHistoryId());

        f.clock.advance(Duration.ofHours(25));
        poller.pollOnce();
        assertThat(poller.status().checkpoint()).isEqualTo(above.jobHistoryId());
        assertThat(poller.status().watched()).isEqualTo(running.size());
        assertThat(poller.status().heldBack()).isZero();

        f.model().completeRunningJobs(f.clock.advance(Duration.ofMinutes(1)));
        poller.pollOnce();
        assertThat(poller.status().watched()).isZero();
        assertThat(f.intake.deliveredIds()).containsExactlyInAnyOrder(
                java.util.stream.Stream.concat(running.stream(), java.util.stream.Stream.of(above.jobHistoryId()))
                        .toArray(Long[]::new));
        assertThat(contextsOf(add.jobId())).hasSize(1);
    }

    @Test
    void onASharedJournalOneRuntimePollsTheOtherStandsByAndTakesOverFromTheCheckpointWithoutRepeatingARow() {
        // Two runtimes' pollers on one journal; the journal lets one lead at a time (as PostgreSQL's advisory lock).
        java.util.concurrent.atomic.AtomicReference<String> leader = new java.util.concurrent.atomic.AtomicReference<>("a");
        JobHistoryPoller a = new JobHistoryPoller(f.api, f.intake, leading("a", leader), PollerFixture.settings(2, null),
                f.clock, () -> 1.0);
        JobHistoryPoller b = new JobHistoryPoller(f.api, f.intake, leading("b", leader), PollerFixture.settings(2, null),
                f.clock, () -> 1.0);
        a.pollOnce();
        long before = f.model().requestCount("/JobHistory");
        assertThat(b.pollOnce()).isEqualTo(INTERVAL);
        assertThat(f.model().requestCount("/JobHistory")).as("the runtime standing by asks Command nothing")
                .isEqualTo(before);
        assertThat(b.status().standby()).isTrue();
        assertThat(b.status().healthy()).isTrue();
        assertThat(a.status().standby()).isFalse();

        for (int i = 0; i < 3; i++) {
            f.model().scheduleManagementAdd(store(), null);
        }
        f.runJobs(Duration.ofSeconds(1));
        a.pollOnce();
        List<Long> first = finishedIds();
        assertThat(f.intake.deliveredIds()).containsExactlyElementsOf(first);

        leader.set("b"); // a dies: b holds the lead now
        for (int i = 0; i < 2; i++) {
            f.model().scheduleManagementAdd(store(), null);
        }
        f.runJobs(Duration.ofSeconds(1));
        b.pollOnce();
        assertThat(b.status().standby()).isFalse();
        assertThat(f.intake.deliveredIds()).as("every row once, the first leader's not again")
                .containsExactlyElementsOf(finishedIds());
        assertThat(finishedIds()).hasSizeGreaterThan(first.size());
    }

    /** The fixture's journal, as the runtime {@code name} sees it: it leads while {@code leader} names it. */
    private io.jobhook.runtime.spi.Checkpoints leading(String name,
            java.util.concurrent.atomic.AtomicReference<String> leader) {
        io.jobhook.runtime.spi.Checkpoints shared = f.journal;
        return new io.jobhook.runtime.spi.Checkpoints() {
            @Override
            public java.util.Optional<String> checkpoint(String n) {
                return shared.checkpoint(n);
            }

            @Override
            public void saveCheckpoint(String n, String value) {
                shared.saveCheckpoint(n, value);
            }

            @Override
            public boolean lead(String n) {
                return name.equals(leader.get());
            }
        };
    }
}
