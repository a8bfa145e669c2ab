package io.jobhook.runtime.dispatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jobhook.api.JobResult;
import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.DeliveryPolicy;
import io.jobhook.runtime.spi.DeliveryState;

/** One handler's bulkhead on its own: attempts, their ends and the retries it plans. */
class BulkheadTest {

    static final UUID INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final Deadlines deadlines = new Deadlines(scheduler);
    final List<Attempt> ended = new CopyOnWriteArrayList<>();
    final List<DeliveryState> states = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        deadlines.close();
        scheduler.shutdownNow();
    }

    static OrchestratorJobCompleteHandlerContext completion() {
        return OrchestratorJobCompleteHandlerContext.builder().agentId(UUID.randomUUID()).jobResult(JobResult.SUCCESS)
                .jobId(UUID.randomUUID()).jobType("WinCertInventory").jobTypeId(INVENTORY).eventId(UUID.randomUUID())
                .build();
    }

    @Test
    void aRetryPlannedAtOnceIsTakenNotMistakenForTheAttemptThatPlannedIt() throws Exception {
        // The port offers the retry at once, on the handler's thread, while the attempt that planned it is ending:
        // the tightest a scheduler with a short backoff can be.
        Bulkhead bulkhead = bulkhead(c -> ended.size() >= 2, Map.of("dispatch.maxAttempts", 3), true);
        assertThat(bulkhead.offer(new Bulkhead.Job(completion(), 1, false))).isTrue();

        await("three attempts", () -> ended.size() >= 3);
        assertThat(ended).extracting(Attempt::number, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, AttemptOutcome.RETURNED_FALSE),
                org.assertj.core.groups.Tuple.tuple(2, AttemptOutcome.RETURNED_FALSE),
                org.assertj.core.groups.Tuple.tuple(3, AttemptOutcome.SUCCESS));
        assertThat(states).containsExactly(DeliveryState.PENDING, DeliveryState.PENDING, DeliveryState.DELIVERED);
        bulkhead.close();
    }

    /** A port that records what the bulkhead reports and plans retries on the test's scheduler, or at once. */
    final class RecordingPort implements Bulkhead.Port {
        volatile Bulkhead bulkhead;
        final boolean retryAtOnce;

        RecordingPort(boolean retryAtOnce) {
            this.retryAtOnce = retryAtOnce;
        }

        @Override
        public OrchestratorJobCompleteHandlerContext prepare(Bulkhead.Job job) {
            return job.context().toBuilder().deliveryAttempt(job.attempt()).build();
        }

        @Override
        public boolean stillPending(Bulkhead.Job job) {
            return true;
        }

        @Override
        public void ended(Attempt attempt, DeliveryState state) {
            ended.add(attempt);
            states.add(state);
        }

        @Override
        public void retryLater(Bulkhead.Job next, java.time.Duration backoff) {
            if (retryAtOnce) {
                assertThat(bulkhead.offer(next)).as("the retry taken").isTrue();
            } else {
                scheduler.schedule(() -> bulkhead.offer(next), backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    Bulkhead bulkhead(OrchestratorJobCompleteHandler handler, Map<String, Object> properties) {
        return bulkhead(handler, properties, false);
    }

    Bulkhead bulkhead(OrchestratorJobCompleteHandler handler, Map<String, Object> properties, boolean retryAtOnce) {
        RecordingPort port = new RecordingPort(retryAtOnce);
        Bulkhead b = new Bulkhead("h", deadlines, port, Clock.systemUTC());
        port.bulkhead = b;
        Map<String, Object> p = new java.util.HashMap<>(properties);
        p.put("jobTypes", INVENTORY.toString());
        b.attach(HandlerRegistration.of(handler, p, "test.bundle", "1.0.0", 1, DeliveryPolicy.DEFAULTS));
        return b;
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within 30 s").isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    @Test
    void aHangingHandlerIsTimedOutAtItsDeadlineAndOnlyFillsItsOwnQueue() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Bulkhead hanging = bulkhead(c -> {
            try {
                release.await(); // ignores nothing: an interrupt ends it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, Map.of("dispatch.timeout", 50L, "dispatch.maxAttempts", 1, "dispatch.queueCapacity", 2));
        try {
            assertThat(hanging.offer(new Bulkhead.Job(completion(), 1, false))).isTrue();
            await("the timeout", () -> ended.size() == 1);
            assertThat(ended.get(0).outcome()).isEqualTo(AttemptOutcome.TIMEOUT);
            assertThat(states).containsExactly(DeliveryState.FAILED);
            assertThat(hanging.statistics().timeouts()).isEqualTo(1);
        } finally {
            release.countDown();
            hanging.close();
        }
    }

    @Test
    void aFullQueueTurnsADeliveryAwayAndSaysSoOnce() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Bulkhead slow = bulkhead(c -> {
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, Map.of("dispatch.concurrency", 1, "dispatch.queueCapacity", 2));
        try {
            assertThat(slow.offer(new Bulkhead.Job(completion(), 1, false))).isTrue();
            await("the first running", () -> slow.statistics().inFlight() == 1);
            List<Boolean> taken = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                taken.add(slow.offer(new Bulkhead.Job(completion(), 1, false)));
            }
            assertThat(taken).as("two queued behind the running one, then full").containsExactly(true, true, false, false);
            assertThat(slow.statistics().overflows()).isEqualTo(2);
            assertThat(slow.takeBacklog()).as("the sweep learns of it").isTrue();
            assertThat(slow.takeBacklog()).as("once").isFalse();
        } finally {
            release.countDown();
        }
        await("the three taken delivered", () -> ended.size() == 3);
        assertThat(slow.statistics()).satisfies(st -> {
            assertThat(st.successes()).isEqualTo(3);
            assertThat(st.queueDepth()).isZero();
            assertThat(st.inFlight()).isZero();
        });
        slow.close();
    }

    @Test
    void concurrentOffersOfTheSameEventsNeverRunAnEventTwiceAtOnce() throws Exception {
        java.util.concurrent.ConcurrentHashMap<UUID, AtomicInteger> runs = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<UUID> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        Bulkhead b = bulkhead(c -> {
            if (!running.add(c.eventId())) {
                overlaps.incrementAndGet();
            }
            runs.computeIfAbsent(c.eventId(), e -> new AtomicInteger()).incrementAndGet();
            Thread.onSpinWait();
            running.remove(c.eventId());
            return true;
        }, Map.of("dispatch.concurrency", 4, "dispatch.queueCapacity", 10_000));
        List<OrchestratorJobCompleteHandlerContext> events = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            events.add(completion());
        }
        java.util.concurrent.ExecutorService offerers = Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(offerers.submit(() -> events.forEach(e -> b.offer(new Bulkhead.Job(e, 1, false)))));
            }
            for (java.util.concurrent.Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
            await("every event delivered", () -> runs.size() == events.size() && b.statistics().inFlight() == 0
                    && b.statistics().queueDepth() == 0);
            // an event offered while it is here is taken for the one here (after it left, it may run again)
            assertThat(overlaps).as("the same event on two threads at once").hasValue(0);
            assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 4));
            assertThat(b.statistics().successes()).isEqualTo(runs.values().stream().mapToInt(AtomicInteger::get).sum());
        } finally {
            offerers.shutdownNow();
            b.close();
        }
    }
}
