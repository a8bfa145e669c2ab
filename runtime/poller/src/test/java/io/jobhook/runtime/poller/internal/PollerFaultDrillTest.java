package io.jobhook.runtime.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CommandApi;
import io.jobhook.command.client.CommandClients;
import io.jobhook.runtime.journal.testing.InMemoryJournal;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.runtime.spi.PollerStatus;
import io.jobhook.simulator.HistoryRow;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJob;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.simulator.SimulatedCommand;
import io.jobhook.testsupport.MutableClock;

/**
 * The simulator's fault modes against the poller (issue 8, item 5): round by round a random, seeded mix of
 * fault rates and counts is set on the simulator while its job engine (stepped on one hand-moved clock,
 * between polls and now and then in the middle of one, between two rows) starts and completes
 * management, reenrollment, custom and failing-then-retried jobs, and the {@link JobHistoryPoller} polls
 * them with a real client (short waits between attempts) into a journal (the in-memory one, which holds to
 * the journal's contract). The poller is restarted now and then (a new poller over what the journal holds); in
 * round 2 and every tenth round after it Command is down (one fault kind at rate 1), so polls back off. Then the faults are
 * switched off, every run completes, and the poller must have journaled every finished job history row
 * exactly once within a deadline: none lost, none twice, none conflicting, none skipped, each with its
 * row's job, type, result and orchestrator; every failed poll failed on a Command API error.
 *
 * <p>Rounds, jobs and polls per round and the seed come from {@code drill.faults.rounds},
 * {@code drill.faults.jobs}, {@code drill.faults.polls} and {@code drill.faults.seed} (quick in every build;
 * {@code -Pdrills} runs it long); the counts go to {@code target/drill-poller-faults.md}.
 */
class PollerFaultDrillTest {

    static final int ROUNDS = Integer.getInteger("drill.faults.rounds", 5);
    static final int JOBS = Integer.getInteger("drill.faults.jobs", 6);
    static final int POLLS = Integer.getInteger("drill.faults.polls", 6);
    static final Path REPORT = Path.of("target", "drill-poller-faults.md");
    /** Seeds the drill's choices and the simulator's fault draws: the same seed replays the same run. */
    static final long SEED = seed();
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final int PAGE_SIZE = 7;
    /** The answer faults the poller's Basic client can meet ({@code expireTokens} only touches bearer tokens). */
    static final List<String> KINDS = List.of("disconnect", "truncate", "malformed", "status500", "status503",
            "status429");

    /** The dispatcher's part the poller relies on, counting what the journal answered. */
    static final class CountingIntake implements CompletionIntake {
        record Accepted(String key, UUID eventId, OrchestratorJobCompleteHandlerContext context) {
            long jobHistoryId() {
                return Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
            }
        }

        final InMemoryJournal journal;
        volatile Runnable afterAccept = () -> { };
        final List<Accepted> accepted = new CopyOnWriteArrayList<>();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong conflicts = new AtomicLong();

        CountingIntake(InMemoryJournal journal) {
            this.journal = journal;
        }

        @Override
        public Acceptance accept(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
                throws JournalUnavailableException {
            Acceptance a = journal.append(context, idempotency);
            switch (a.status()) {
                case ACCEPTED -> {
                    accepted.add(new Accepted(idempotency.key(), a.eventId(), context));
                    afterAccept.run();
                }
                case DUPLICATE -> duplicates.incrementAndGet();
                case CONFLICT -> conflicts.incrementAndGet();
            }
            return a;
        }
    }

    record Round(int number, String kind, String spec, boolean restarted, long produced, long accepted, long duplicates, int polls,
            int failedPolls, int backoffs, Duration longestWait, long requests, long injected) {
    }

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    SimulatedCommand sim;
    CommandApi api;
    InMemoryJournal journal;
    CountingIntake intake;
    final List<String> violations = new ArrayList<>();

    @BeforeEach
    void start() {
        sim = SimulatedCommand.builder().seed(SEED).clock(clock).start();
        // short waits between attempts (5 ms doubling to 50 ms, or what a Retry-After asks): the drill meets many faults
        api = CommandClients.fromConfiguration(Map.of("url", sim.baseUri().toString(), "username", sim.username(),
                ".password", sim.password(), "backoffInitial", 5, "backoffMax", 50));
        journal = new InMemoryJournal(clock);
        intake = new CountingIntake(journal);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    JobHistoryPoller newPoller() {
        return new JobHistoryPoller(api, intake, journal, new PollerSettings(true, INTERVAL, PAGE_SIZE, null), clock);
    }

    SimulatedCommand model() {
        return sim;
    }

    long requests() {
        return sim.requestCount("");
    }

    long injected() {
        return sim.injectedFaults().values().stream().mapToLong(Long::longValue).sum();
    }

    long finishedRows() {
        return model().jobHistory().stream().filter(r -> finished(r.status())).count();
    }

    static long seed() {
        String text = System.getProperty("drill.faults.seed", "");
        return text.isBlank() ? System.nanoTime() : Long.parseLong(text.trim());
    }

    static boolean finished(SimHistoryStatus s) {
        return s == SimHistoryStatus.COMPLETED || s == SimHistoryStatus.COMPLETED_WILL_RETRY
                || s == SimHistoryStatus.ACKNOWLEDGED;
    }

    static String faultSpec(Random r) {
        StringJoiner spec = new StringJoiner(";");
        spec.add("retryAfterSeconds=0");
        if (r.nextDouble() < 0.3) {
            spec.add("latencyMs=" + (1 + r.nextInt(5)));
        }
        String storm = r.nextDouble() < 0.2 ? KINDS.get(r.nextInt(KINDS.size())) : null;
        for (String kind : KINDS) {
            if (kind.equals(storm)) {
                spec.add(kind + "=" + (60 + r.nextInt(36)) / 100.0);
            } else if (r.nextDouble() < 0.45) {
                spec.add(kind + "=" + (r.nextDouble() < 0.2 ? (1 + r.nextInt(8)) + "x" : r.nextInt(41) / 100.0));
            }
        }
        return spec.toString();
    }

    /** @return "outage" (one kind at rate 1), "storm" (one kind at 0.6 or more) or "mixed" */
    static String roundKind(String spec) {
        if (spec.matches(".*(disconnect|truncate|malformed|status\\d{3})=1(;.*|$)")) {
            return "outage: one fault at rate 1";
        }
        return spec.matches(".*=0\\.[6-9].*") ? "storm: one fault at 0.6–0.95, others mixed" : "mixed rates and counts";
    }

    /** Schedules one job of a random kind; a quarter of them fail once or twice first (CompletedWillRetry rows). */
    void scheduleJob(Random r, int n) {
        UUID store = model().defaultStoreId();
        double pick = r.nextDouble();
        SimJob job = pick < 0.35 ? model().scheduleManagementAdd(store, null)
                : pick < 0.55 ? model().scheduleReenrollment(store)
                : model().scheduleCustomJob(model().defaultOrchestratorId(), "RestartService", null,
                        Map.of("ServiceName", "drill-" + n));
        if (r.nextDouble() < 0.25) {
            model().planResults(job.jobId(), r.nextBoolean() ? new SimJobResult[] {SimJobResult.FAILURE}
                    : new SimJobResult[] {SimJobResult.FAILURE, SimJobResult.WARNING});
        }
    }

    /** One poll: counts it and checks that a failure is Command's (nothing else may break a poll here). */
    Duration poll(JobHistoryPoller poller, int[] failedAndBackoffs) {
        Duration wait = poller.pollOnce();
        PollerStatus st = poller.status();
        if (st.consecutiveFailures() > 0) {
            failedAndBackoffs[0]++;
            if (st.lastError() == null || !st.lastError().startsWith("Command API: Command API ")) {
                violations.add("a poll failed on something other than a Command API error: " + st.lastError());
            }
        }
        if (wait.compareTo(INTERVAL) > 0) {
            failedAndBackoffs[1]++;
        }
        return wait;
    }

    @Test
    void everyFinishedRowIsJournaledExactlyOnceWhateverTheFaults() throws IOException {
        long seed = SEED;
        System.out.println("PollerFaultDrillTest: seed " + seed + " (rerun with -Ddrill.faults.seed=" + seed + "), "
                + ROUNDS + " rounds of " + JOBS + " jobs and " + POLLS + " polls");
        Random r = new Random(seed);

        JobHistoryPoller poller = newPoller();
        assertThat(poller.pollOnce()).isEqualTo(INTERVAL); // starts "now", faults off: from the first row on
        List<Round> rounds = new ArrayList<>();
        int restarts = 0;
        int[] jobs = {0};
        int[] midPollSteps = {0};
        // Now and then the engine moves in the middle of a poll, between two rows: running rows complete,
        // a job is scheduled and started, while the poller is paging through the history.
        intake.afterAccept = () -> {
            if (r.nextDouble() < 0.1) {
                midPollSteps[0]++;
                model().completeRunningJobs(clock.instant());
                scheduleJob(r, ++jobs[0]);
                model().startDueJobs(clock.instant());
            }
        };
        Duration next = INTERVAL;
        for (int round = 1; round <= ROUNDS; round++) {
            // Round 2 and every tenth after it: Command is down for the whole round (every request faulted).
            String spec = round % 10 == 2 || ROUNDS == 1
                    ? "retryAfterSeconds=0;" + KINDS.get(r.nextInt(KINDS.size())) + "=1"
                    : faultSpec(r);
            sim.faults(spec);
            long finishedBefore = finishedRows();
            int acceptedBefore = intake.accepted.size();
            long duplicatesBefore = intake.duplicates.get();
            long requestsBefore = requests();
            long injectedBefore = injected();
            int[] failedAndBackoffs = new int[2];
            Duration longest = Duration.ZERO;
            for (int p = 0; p < POLLS; p++) {
                // The engine between two polls: runs in process complete, jobs due start (running at the poll).
                Instant t = clock.advance(next);
                model().completeRunningJobs(t);
                for (int j = 0; j < JOBS / POLLS + (p < JOBS % POLLS ? 1 : 0); j++) {
                    scheduleJob(r, ++jobs[0]);
                }
                model().startDueJobs(t);
                if (r.nextDouble() < 0.3) {
                    model().completeRunningJobs(t); // some rows are already finished when the poll comes
                }
                next = poll(poller, failedAndBackoffs);
                longest = next.compareTo(longest) > 0 ? next : longest;
            }
            boolean restarted = r.nextDouble() < 0.25;
            if (restarted) {
                restarts++;
                poller = newPoller(); // the process "restarts": what the journal holds stays
            }
            rounds.add(new Round(round, roundKind(spec), spec, restarted, finishedRows() - finishedBefore,
                    intake.accepted.size() - acceptedBefore, intake.duplicates.get() - duplicatesBefore, POLLS,
                    failedAndBackoffs[0], failedAndBackoffs[1], longest, requests() - requestsBefore,
                    injected() - injectedBefore));
        }

        // Faults off; every run in process completes, nothing new starts: the history is final.
        intake.afterAccept = () -> { };
        sim.faults("");
        model().completeRunningJobs(clock.advance(next));
        assertThat(model().jobHistory()).allSatisfy(row -> assertThat(finished(row.status())).isTrue());
        Map<Long, HistoryRow> expected = new TreeMap<>();
        model().jobHistory().forEach(row -> expected.put(row.jobHistoryId(), row));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int catchUpPolls = 0;
        int[] tail = new int[2];
        while (!deliveredIds().containsAll(expected.keySet()) && System.nanoTime() < deadline && catchUpPolls < 100) {
            clock.advance(next);
            next = poll(poller, tail);
            catchUpPolls++;
        }

        List<Long> delivered = intake.accepted.stream().map(CountingIntake.Accepted::jobHistoryId).toList();
        Set<Long> lost = new TreeSet<>(expected.keySet());
        lost.removeAll(delivered);
        Map<Long, Integer> times = new TreeMap<>();
        delivered.forEach(id -> times.merge(id, 1, Integer::sum));
        times.values().removeIf(n -> n == 1);
        Set<Long> unknown = new TreeSet<>(delivered);
        unknown.removeAll(expected.keySet());
        if (!lost.isEmpty()) {
            violations.add(lost.size() + " finished row(s) never journaled: " + lost);
        }
        if (!times.isEmpty()) {
            violations.add("row(s) journaled more than once (id=times): " + times);
        }
        if (!unknown.isEmpty()) {
            violations.add("journaled row(s) Command does not have: " + unknown);
        }
        if (intake.conflicts.get() > 0) {
            violations.add(intake.conflicts.get() + " CONFLICT(s): a row offered again with other content");
        }
        for (CountingIntake.Accepted a : intake.accepted) {
            HistoryRow row = expected.get(a.jobHistoryId());
            OrchestratorJobCompleteHandlerContext c = a.context();
            if (row != null && (!row.jobId().equals(c.jobId()) || !row.jobType().equals(c.jobType())
                    || !row.jobTypeId().equals(c.jobTypeId()) || row.result().code() != c.jobResult().code()
                    || !row.agentId().equals(c.agentId()))) {
                violations.add("row " + row.jobHistoryId() + " journaled with other data: " + c);
            }
            if (journal.completion(a.eventId()).isEmpty()) {
                violations.add("row " + a.jobHistoryId() + " accepted as " + a.eventId() + " but not in the journal");
            }
        }

        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report(seed, rounds, restarts, jobs[0], midPollSteps[0], expected.size(),
                delivered.size(), lost.size(), times.size(), catchUpPolls, tail), StandardCharsets.UTF_8);
        System.out.println(Files.readString(REPORT));

        assertThat(violations).as("drill violations (seed %d)", seed).isEmpty();
        assertThat(poller.status().skipped()).as("rows skipped").isZero();
        assertThat(poller.status().consecutiveFailures()).as("the poller recovered").isZero();
        assertThat(rounds.stream().mapToLong(Round::injected).sum()).as("faults injected").isPositive();
        assertThat(rounds.stream().mapToInt(Round::failedPolls).sum()).as("polls failed on faults").isPositive();
    }

    Set<Long> deliveredIds() {
        Set<Long> ids = new TreeSet<>();
        intake.accepted.forEach(a -> ids.add(a.jobHistoryId()));
        return ids;
    }

    String report(long seed, List<Round> rounds, int restarts, int jobs, int midPollSteps, int rows,
            int delivered, int lost, int twice, int catchUpPolls, int[] tail) {
        StringBuilder md = new StringBuilder();
        md.append("# The simulator's fault modes against the poller\n\n");
        md.append("`runtime/poller` `PollerFaultDrillTest`: seed ").append(seed).append(", ").append(rounds.size())
                .append(" rounds of ").append(POLLS).append(" polls (page size ").append(PAGE_SIZE)
                .append(", interval ").append(INTERVAL.toSeconds()).append(" s on a hand-moved clock), ").append(jobs)
                .append(" jobs scheduled, ").append(midPollSteps).append(" engine steps in the middle of a poll, ")
                .append(restarts).append(" poller restarts.\n\n");
        md.append("| | rows produced | journaled once | lost | journaled twice | duplicates refused by the journal "
                + "| polls | polls failed | backoffs (wait > interval) | API requests | faults injected |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append("| **all rounds + catch-up** | ").append(rows).append(" | ").append(delivered - twice).append(" | ")
                .append(lost).append(" | ").append(twice).append(" | ")
                .append(rounds.stream().mapToLong(Round::duplicates).sum()).append(" | ")
                .append(rounds.stream().mapToInt(Round::polls).sum() + catchUpPolls).append(" | ")
                .append(rounds.stream().mapToInt(Round::failedPolls).sum() + tail[0]).append(" | ")
                .append(rounds.stream().mapToInt(Round::backoffs).sum() + tail[1]).append(" | ")
                .append(requests()).append(" | ").append(injected()).append(" |\n\n");
        md.append("After the last round the faults were switched off; ").append(catchUpPolls)
                .append(" more poll(s) delivered what was still owed.\n\n");

        Map<String, Long> byKind = new TreeMap<>(sim.injectedFaults());
        byKind.values().removeIf(v -> v == 0);
        md.append("Faults injected by kind: ").append(byKind).append(".\n\n");

        md.append("| rounds | count | rows produced | accepted | duplicates refused | polls | failed | backoffs "
                + "| API requests | injected |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<Round>> byKind2 = new TreeMap<>();
        rounds.forEach(rd -> byKind2.computeIfAbsent(rd.kind(), k -> new ArrayList<>()).add(rd));
        byKind2.forEach((kind, rs) -> md.append("| ").append(kind).append(" | ").append(rs.size()).append(" | ")
                .append(rs.stream().mapToLong(Round::produced).sum()).append(" | ")
                .append(rs.stream().mapToLong(Round::accepted).sum()).append(" | ")
                .append(rs.stream().mapToLong(Round::duplicates).sum()).append(" | ")
                .append(rs.stream().mapToInt(Round::polls).sum()).append(" | ")
                .append(rs.stream().mapToInt(Round::failedPolls).sum()).append(" | ")
                .append(rs.stream().mapToInt(Round::backoffs).sum()).append(" | ")
                .append(rs.stream().mapToLong(Round::requests).sum()).append(" | ")
                .append(rs.stream().mapToLong(Round::injected).sum()).append(" |\n"));
        md.append("\nA round's rows are accepted in that round or, after an outage, in the next ones.\n\n");

        md.append("| round | fault spec | restart after | rows produced | accepted | duplicates refused | polls "
                + "| failed | backoffs | longest wait (s) | API requests | injected |\n");
        md.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Round rd : rounds) {
            md.append("| ").append(rd.number()).append(" | `").append(rd.spec()).append("` | ")
                    .append(rd.restarted() ? "yes" : "").append(" | ").append(rd.produced()).append(" | ")
                    .append(rd.accepted()).append(" | ").append(rd.duplicates()).append(" | ").append(rd.polls())
                    .append(" | ").append(rd.failedPolls()).append(" | ").append(rd.backoffs()).append(" | ")
                    .append(rd.longestWait().toSeconds()).append(" | ").append(rd.requests()).append(" | ")
                    .append(rd.injected()).append(" |\n");
        }
        return md.toString();
    }
}
