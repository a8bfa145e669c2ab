package io.jobhook.runtime.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.journal.testing.JournalContract;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.testsupport.MutableClock;

/**
 * Group commit, made deterministic: the committer is held at the start of its first batch while the
 * test queues appends behind it.
 */
class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration TTL = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch firstBatchEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirstBatch = new CountDownLatch(1);
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNextCommits = new AtomicInteger();
    private final AtomicInteger failNextSyncs = new AtomicInteger();
    private H2Journal journal;

    /** Holds the first batch until released; fails later batches on request. */
    private final H2Journal.BatchHook hook = new H2Journal.BatchHook() {
        @Override
        public void beforeBatch(int size) throws SQLException {
            batchSizes.add(size);
            if (batchSizes.size() == 1) {
                firstBatchEntered.countDown();
                try {
                    releaseFirstBatch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (batchSizes.size() > 1 && failNextCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("simulated: No space left on device");
            }
        }

        @Override
        public void beforeSync() throws SQLException {
            if (failNextSyncs.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("simulated: fsync failed (EIO)");
            }
        }
    };

    @AfterEach
    void tearDown() {
        releaseFirstBatch.countDown();
        callers.shutdownNow();
        if (journal != null) {
            journal.close();
        }
    }

    private void open(JournalSettings settings) {
        journal = new H2Journal(dir, clock, settings, hook);
    }

    private Future<Acceptance> appendAsync(OrchestratorJobCompleteHandlerContext c, Idempotency idem) {
        return callers.submit(() -> journal.append(c, idem));
    }

    /** Starts one append and waits until the committer holds it, so later appends queue behind it. */
    private Future<Acceptance> holdTheCommitter() throws InterruptedException {
        Future<Acceptance> first = appendAsync(JournalContract.minimal(), null);
        assertThat(firstBatchEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the first batch started").isTrue();
        return first;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void appendsWaitingTogetherShareOneTransactionAndOneSync() throws Exception {
        open(JournalSettings.DEFAULTS);
        Future<Acceptance> first = holdTheCommitter();
        List<OrchestratorJobCompleteHandlerContext> contexts = new ArrayList<>();
        List<Future<Acceptance>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            OrchestratorJobCompleteHandlerContext c = JournalContract.minimal();
            contexts.add(c);
            futures.add(appendAsync(c, null));
        }
        await("10 appends are queued", () -> journal.queued() == 10);

        releaseFirstBatch.countDown();

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        for (int i = 0; i < 10; i++) {
            assertThat(futures.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(new Acceptance(contexts.get(i).eventId(), Acceptance.Status.ACCEPTED));
        }
        assertThat(batchSizes).containsExactly(1, 10);
        assertThat(journal.syncs()).isEqualTo(2);
        assertThat(journal.appendsWritten()).isEqualTo(11);
        assertThat(journal.unmatched(100)).hasSize(11);
    }

    @Test
    void identicalKeysInOneBatchBehaveAsSequentialCalls() throws Exception {
        open(JournalSettings.DEFAULTS);
        Future<Acceptance> first = holdTheCommitter();
        OrchestratorJobCompleteHandlerContext a = JournalContract.minimal();
        Future<Acceptance> fa = appendAsync(a, new Idempotency("k", "h1", TTL));
        await("a is queued", () -> journal.queued() == 1);
        Future<Acceptance> fb = appendAsync(JournalContract.minimal(), new Idempotency("k", "h1", TTL));
        await("b is queued", () -> journal.queued() == 2);
        Future<Acceptance> fc = appendAsync(JournalContract.minimal(), new Idempotency("k", "h2", TTL));
        await("c is queued", () -> journal.queued() == 3);

        releaseFirstBatch.countDown();

        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(fa.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Acceptance(a.eventId(), Acceptance.Status.ACCEPTED));
        assertThat(fb.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Acceptance(a.eventId(), Acceptance.Status.DUPLICATE));
        assertThat(fc.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Acceptance(a.eventId(), Acceptance.Status.CONFLICT));
        assertThat(batchSizes).containsExactly(1, 3);
        assertThat(journal.unmatched(100)).hasSize(2);
    }

    @Test
    void aFullQueueIsRefusedAtOnceWithARetryAfter() throws Exception {
        open(new JournalSettings(2, 512, Duration.ofSeconds(30), Duration.ofMillis(1500)));
        Future<Acceptance> first = holdTheCommitter();
        Future<Acceptance> q1 = appendAsync(JournalContract.minimal(), null);
        Future<Acceptance> q2 = appendAsync(JournalContract.minimal(), null);
        await("the queue is full", () -> journal.queued() == 2);
        OrchestratorJobCompleteHandlerContext refused = JournalContract.minimal();

        assertThatThrownBy(() -> journal.append(refused, null))
                .isInstanceOfSatisfying(JournalUnavailableException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500)))
                .hasMessageContaining("queue is full");

        releaseFirstBatch.countDown();
        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        q1.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        q2.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(journal.completion(refused.eventId())).isEmpty();
    }

    @Test
    void anAppendNotTakenWithinItsTimeoutIsWithdrawnAndNeverRecorded() throws Exception {
        open(new JournalSettings(100, 512, Duration.ofMillis(200), Duration.ofSeconds(1)));
        Future<Acceptance> first = holdTheCommitter();
        OrchestratorJobCompleteHandlerContext late = JournalContract.minimal();

        assertThatThrownBy(() -> journal.append(late, null)).isInstanceOf(JournalUnavailableException.class)
                .hasMessageContaining("within 200 ms");

        releaseFirstBatch.countDown();
        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        OrchestratorJobCompleteHandlerContext next = JournalContract.minimal();
        journal.append(next, null); // the committer passed the withdrawn append by
        assertThat(journal.completion(late.eventId())).isEmpty();
        assertThat(journal.completion(next.eventId())).isPresent();
    }

    @Test
    void aBatchThatCannotBeCommittedRefusesEveryCallerAndRecordsNothing() throws Exception {
        open(JournalSettings.DEFAULTS);
        Future<Acceptance> first = holdTheCommitter();
        OrchestratorJobCompleteHandlerContext a = JournalContract.minimal();
        OrchestratorJobCompleteHandlerContext b = JournalContract.minimal();
        Future<Acceptance> fa = appendAsync(a, new Idempotency("k", "h", TTL));
        Future<Acceptance> fb = appendAsync(b, null);
        await("2 appends are queued", () -> journal.queued() == 2);
        failNextCommits.set(1);
        releaseFirstBatch.countDown();
        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        for (Future<Acceptance> f : List.of(fa, fb)) {
            assertThatThrownBy(() -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(JournalUnavailableException.class)
                    .hasMessageContaining("No space left on device");
        }
        assertThat(journal.completion(a.eventId())).isEmpty();
        assertThat(journal.completion(b.eventId())).isEmpty();
        // the journal goes on, and the key was not taken by the refused append
        OrchestratorJobCompleteHandlerContext retry = JournalContract.minimal();
        assertThat(journal.append(retry, new Idempotency("k", "h", TTL)))
                .isEqualTo(new Acceptance(retry.eventId(), Acceptance.Status.ACCEPTED));
    }

    @Test
    void aBatchThatCannotBeForcedIsTakenBackAndRefused() throws Exception {
        open(JournalSettings.DEFAULTS);
        releaseFirstBatch.countDown();
        failNextSyncs.set(1);
        OrchestratorJobCompleteHandlerContext a = JournalContract.minimal();

        assertThatThrownBy(() -> journal.append(a, new Idempotency("k", "h", TTL)))
                .isInstanceOf(JournalUnavailableException.class).hasMessageContaining("fsync failed");

        assertThat(journal.completion(a.eventId())).isEmpty();
        assertThat(journal.writeProblem()).as("health sees the failed write")
                .hasValueSatisfying(p -> assertThat(p).contains("last write").contains("fsync failed"));
        OrchestratorJobCompleteHandlerContext retry = JournalContract.minimal();
        assertThat(journal.append(retry, new Idempotency("k", "h", TTL)).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        assertThat(journal.writeProblem()).as("a write that succeeds clears it").isEmpty();
    }

    @Test
    void aMatchedAppendThatCannotBeForcedIsTakenBackWithItsDeliveries() throws Exception {
        open(JournalSettings.DEFAULTS);
        releaseFirstBatch.countDown();
        failNextSyncs.set(1);
        OrchestratorJobCompleteHandlerContext a = JournalContract.minimal();

        assertThatThrownBy(() -> journal.appendMatched(a, null, List.of("h1", "h2")))
                .isInstanceOf(JournalUnavailableException.class).hasMessageContaining("fsync failed");

        assertThat(journal.completion(a.eventId())).isEmpty();
        assertThat(journal.deliveries(a.eventId())).isEmpty();
        assertThat(journal.pendingDeliveries(10)).isEmpty();
        assertThat(journal.appendMatched(a, null, List.of("h1")).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        assertThat(journal.pendingDeliveries(10)).hasSize(1);
    }

    @Test
    void closingWritesWhatIsQueuedAndRefusesWhatComesAfter() throws Exception {
        open(JournalSettings.DEFAULTS);
        Future<Acceptance> first = holdTheCommitter();
        OrchestratorJobCompleteHandlerContext queued = JournalContract.minimal();
        Future<Acceptance> fq = appendAsync(queued, null);
        await("1 append is queued", () -> journal.queued() == 1);
        Future<?> closing = callers.submit(journal::close);
        releaseFirstBatch.countDown();
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        assertThat(fq.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        assertThatThrownBy(() -> journal.append(JournalContract.minimal(), null)).isInstanceOf(JournalUnavailableException.class);
        journal = new H2Journal(dir, clock);
        assertThat(journal.completion(queued.eventId())).isPresent();
    }

    @Test
    void manyConcurrentCallersNeedFewerSyncsThanAppends() throws Exception {
        open(JournalSettings.DEFAULTS);
        Future<Acceptance> first = holdTheCommitter();
        int callersCount = 32;
        int each = 20;
        List<Future<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < callersCount; t++) {
            workers.add(callers.submit(() -> {
                for (int i = 0; i < each; i++) {
                    journal.append(JournalContract.minimal(), null);
                }
                return each;
            }));
        }
        await("every caller waits", () -> journal.queued() == callersCount);
        releaseFirstBatch.countDown();
        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (Future<Integer> w : workers) {
            w.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(journal.appendsWritten()).isEqualTo(1 + callersCount * each);
        // The first batch after the hold carries all 32 callers at once; each caller has at most one append
        // waiting, so no batch is larger than 32, and the total must be well under one sync per append.
        assertThat(batchSizes.get(1)).isEqualTo(callersCount);
        assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, callersCount));
        assertThat(journal.syncs()).isLessThan(journal.appendsWritten());
    }
}
