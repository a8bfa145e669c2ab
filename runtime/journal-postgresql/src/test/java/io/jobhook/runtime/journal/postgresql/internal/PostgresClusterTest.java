package io.jobhook.runtime.journal.postgresql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.journal.testing.JournalContract;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.Idempotency;

/**
 * Several nodes on one database: each journal here is one runtime's. Leases are short (1 s) so that a lapse is
 * seen quickly; every wait is on a condition with a deadline.
 */
class PostgresClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private String url;
    private final List<PostgresJournal> opened = new ArrayList<>();

    @BeforeEach
    void database() {
        url = TestDatabases.freshDatabase();
        poolA = TestDatabases.pool(url, 6);
        poolB = TestDatabases.pool(url, 6);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(PostgresJournal::close);
        poolA.close();
        poolB.close();
    }

    private PostgresJournal node(String id, HikariDataSource pool) {
        PostgresJournal j = new PostgresJournal(pool, url, new PostgresJournalSettings(id, LEASE, Duration.ofSeconds(1)),
                Clock.systemUTC());
        opened.add(j);
        return j;
    }

    private static Attempt attempt(UUID eventId, String handler, int number, AttemptOutcome outcome) {
        return new Attempt(eventId, handler, number, outcome, null, "1.0.0", java.time.Instant.now(), Duration.ofMillis(3));
    }

    private static <T> T await(String what, Supplier<T> poll, java.util.function.Predicate<T> done) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            T value = poll.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("Not within " + DEADLINE + ": " + what + " (last: " + value + ")");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Test
    void aLiveNodeKeepsItsDeliveriesAndADeadOnesAreTakenOverByTheNext() throws Exception {
        PostgresJournal a = node("node-a", poolA);
        PostgresJournal b = node("node-b", poolB);
        UUID id = a.appendMatched(JournalContract.full(), null, List.of("h")).eventId();

        // Several lease periods: A renews, so B finds nothing to take.
        long until = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            assertThat(b.claimAbandoned(List.of("h"), 10)).as("what a live node holds").isEmpty();
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertThat(a.pendingDeliveries(10)).extracting(Delivery::eventId).containsExactly(id);
        assertThat(b.pendingDeliveries(10)).as("B holds nothing").isEmpty();

        a.close(); // stops renewing, as a node killed would
        List<Delivery> taken = await("B to take over A's delivery", () -> b.claimAbandoned(List.of("h"), 10),
                l -> !l.isEmpty());
        assertThat(taken).containsExactly(new Delivery(id, "h", DeliveryState.PENDING, 0));
        assertThat(b.claimAbandoned(List.of("h"), 10)).as("taken once").isEmpty();
        assertThat(b.pendingDeliveries(10)).extracting(Delivery::eventId).containsExactly(id);

        b.recordAttemptLater(attempt(id, "h", 1, AttemptOutcome.SUCCESS), DeliveryState.DELIVERED)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(b.deliveries(id)).containsExactly(new Delivery(id, "h", DeliveryState.DELIVERED, 1));
        assertThat(b.nodes()).extracting(n -> n.nodeId() + " " + n.alive() + " " + n.self())
                .containsExactly("node-a false false", "node-b true true");
        assertThat(b.attempts(id)).extracting(Attempt::node).as("which node delivered it").containsExactly("node-b");
        assertThat(TestDatabases.cluster().psql(url.substring(url.lastIndexOf('/') + 1),
                "SELECT node || ' ' || claims FROM attempt JOIN delivery USING (event_id, handler)"))
                .as("which node delivered it, and that it was taken over once").isEqualTo("node-b 1");
    }

    @Test
    void aNodeThatComesBackLateIsFencedAndCannotRecordOverTheNewHolder() throws Exception {
        PostgresJournal a = node("node-a", poolA);
        PostgresJournal b = node("node-b", poolB);
        UUID id = a.appendMatched(JournalContract.full(), null, List.of("h")).eventId();

        a.pauseLeases(); // A goes on running its attempt, but no longer renews
        await("B to take over", () -> b.claimAbandoned(List.of("h"), 10), l -> !l.isEmpty());

        CompletableFuture<Void> late = a.recordAttemptLater(attempt(id, "h", 1, AttemptOutcome.SUCCESS),
                DeliveryState.DELIVERED).toCompletableFuture();
        assertThat(late).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class)
                .withMessageContaining("held by node node-b, not by node node-a");
        assertThat(b.attempts(id)).as("A's attempt is not recorded").isEmpty();

        b.recordAttemptLater(attempt(id, "h", 1, AttemptOutcome.SUCCESS), DeliveryState.DELIVERED)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(a.deliveries(id)).containsExactly(new Delivery(id, "h", DeliveryState.DELIVERED, 1));
    }

    @Test
    void aCompletionForAHandlerOnlyAnotherNodeHostsIsDeliveredByThatNode() throws Exception {
        PostgresJournal a = node("node-a", poolA);
        PostgresJournal b = node("node-b", poolB);
        OrchestratorJobCompleteHandlerContext c = JournalContract.full();
        b.hostHandlers(Map.of("only-on-b", Set.of(c.jobTypeId()), "elsewhere", Set.of(UUID.randomUUID())));
        await("B's handlers to be recorded", () -> TestDatabases.cluster().psql(url.substring(url.lastIndexOf('/') + 1),
                "SELECT count(*) FROM node_route WHERE node_id = 'node-b'"), "2"::equals);

        a.appendMatched(c, null, List.of("on-both"));

        assertThat(a.deliveries(c.eventId())).extracting(Delivery::handler).containsExactly("on-both", "only-on-b");
        assertThat(a.claimAbandoned(List.of("on-both"), 10)).as("A's own").isEmpty();
        assertThat(b.claimAbandoned(List.of("on-both", "only-on-b"), 10)).as("B's, at once: no node held it")
                .containsExactly(new Delivery(c.eventId(), "only-on-b", DeliveryState.PENDING, 0));
        assertThat(a.pendingDeliveries(10)).extracting(Delivery::handler).containsExactly("on-both");
        assertThat(b.pendingDeliveries(10)).extracting(Delivery::handler).containsExactly("only-on-b");
    }

    @Test
    void anIdempotencyKeyIsOneCompletionWhicheverNodesTheResendsReach() throws Exception {
        PostgresJournal a = node("node-a", poolA);
        PostgresJournal b = node("node-b", poolB);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Acceptance>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                PostgresJournal via = i % 2 == 0 ? a : b;
                Callable<Acceptance> send = () -> via.appendMatched(JournalContract.full(),
                        new Idempotency("push-1", "hash", Duration.ofHours(1)), List.of("h"));
                answers.add(pool.submit(send));
            }
            Set<UUID> ids = new HashSet<>();
            int accepted = 0;
            for (Future<Acceptance> f : answers) {
                Acceptance answer = f.get(60, TimeUnit.SECONDS);
                ids.add(answer.eventId());
                accepted += answer.status() == Acceptance.Status.ACCEPTED ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
            assertThat(ids).hasSize(1);
            assertThat(a.recent(io.jobhook.runtime.spi.EventQuery.latest(100))).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nodesClaimingTogetherTakeEachDeliveryOnce() throws Exception {
        PostgresJournal gone = node("node-gone", poolA);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(gone.appendMatched(JournalContract.minimal(), null, List.of("h")).eventId());
        }
        gone.close();
        PostgresJournal a = node("node-a", poolA);
        PostgresJournal b = node("node-b", poolB);
        await("the dead node's leases to lapse", () -> TestDatabases.cluster().psql(url.substring(url.lastIndexOf('/') + 1),
                "SELECT count(*) FROM delivery WHERE lease_until > clock_timestamp()"), "0"::equals);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Delivery> byA = new ArrayList<>();
            List<Delivery> byB = new ArrayList<>();
            Future<?> fa = pool.submit(() -> claimAll(a, byA));
            Future<?> fb = pool.submit(() -> claimAll(b, byB));
            fa.get(60, TimeUnit.SECONDS);
            fb.get(60, TimeUnit.SECONDS);
            Set<UUID> all = new HashSet<>();
            byA.forEach(d -> all.add(d.eventId()));
            byB.forEach(d -> assertThat(all.add(d.eventId())).as("%s taken twice", d.eventId()).isTrue());
            assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void claimAll(PostgresJournal node, List<Delivery> into) {
        List<Delivery> batch;
        do {
            batch = node.claimAbandoned(List.of("h"), 7);
            into.addAll(batch);
        } while (!batch.isEmpty());
    }

    @Test
    void oneNodeAtATimeLeadsANameAndAnotherTakesItWhenTheLeaderGoes() {
        PostgresJournal a = node("node-a", poolA);
        PostgresJournal b = node("node-b", poolB);
        assertThat(a.lead("poller:https://command/")).isTrue();
        assertThat(b.lead("poller:https://command/")).isFalse();
        assertThat(b.lead("poller:https://other/")).as("another name, another leader").isTrue();
        assertThat(a.lead("poller:https://command/")).as("asked again: still the leader").isTrue();
        assertThat(a.lead("poller:https://other/")).isFalse();

        a.close(); // its session, and the lock with it, ends
        await("B to lead once A is gone", () -> b.lead("poller:https://command/"), Boolean::booleanValue);
        PostgresJournal c = node("node-c", poolA);
        assertThat(c.lead("poller:https://command/")).isFalse();
    }

    @Test
    void nodesStartingTogetherOnAnEmptyDatabaseMigrateItOnce() throws Exception {
        int starting = 4;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(starting);
        ExecutorService pool = Executors.newFixedThreadPool(starting);
        try {
            List<Future<PostgresJournal>> started = new ArrayList<>();
            for (int i = 0; i < starting; i++) {
                String id = "node-" + i;
                HikariDataSource source = i % 2 == 0 ? poolA : poolB;
                started.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return node(id, source);
                }));
            }
            for (Future<PostgresJournal> f : started) {
                PostgresJournal j = f.get(60, TimeUnit.SECONDS);
                assertThat(j.ready()).as("%s ready", j).isTrue();
                assertThat(j.writeProblem()).isEmpty();
            }
            String db = url.substring(url.lastIndexOf('/') + 1);
            assertThat(TestDatabases.cluster().psql(db, "SELECT string_agg(version::text, ',') FROM jobhook_schema"))
                    .as("one schema version row").isEqualTo(String.valueOf(PostgresSchema.LATEST));
            assertThat(TestDatabases.cluster().psql(db, "SELECT count(*) FROM node")).isEqualTo(String.valueOf(starting));
        } finally {
            pool.shutdownNow();
        }
    }
}
