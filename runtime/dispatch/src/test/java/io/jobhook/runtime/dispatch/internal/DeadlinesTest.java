package io.jobhook.runtime.dispatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog of attempts in flight: a passed deadline fires once, a cancelled one never. */
class DeadlinesTest {

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final Deadlines deadlines = new Deadlines(scheduler);

    @AfterEach
    void stop() {
        deadlines.close();
        scheduler.shutdownNow();
    }

    @Test
    void aPassedDeadlineFiresOnceAndACancelledOneNever() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        CountDownLatch once = new CountDownLatch(1);
        deadlines.watch(System.nanoTime() - 1, () -> {
            fired.incrementAndGet();
            once.countDown();
        });
        long key = deadlines.watch(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30), cancelled::incrementAndGet);
        deadlines.cancel(key);

        assertThat(once.await(30, TimeUnit.SECONDS)).isTrue();
        deadlines.fire();
        deadlines.fire();
        assertThat(fired).hasValue(1);
        assertThat(deadlines.size()).isZero();
        assertThat(cancelled).hasValue(0);
    }

    @Test
    void aFutureDeadlineWaitsAndAFailingActionSpoilsNoOther() throws Exception {
        deadlines.close(); // the test steps the sweep itself
        List<String> ran = new ArrayList<>();
        long far = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        deadlines.watch(far, () -> ran.add("far"));
        deadlines.watch(System.nanoTime() - 1, () -> {
            throw new IllegalStateException("a broken action");
        });
        deadlines.watch(System.nanoTime() - 1, () -> ran.add("due"));

        deadlines.fire();

        assertThat(ran).containsExactly("due");
        assertThat(deadlines.size()).as("the far one still watched").isEqualTo(1);
    }

    @Test
    void concurrentWatchesCancelsAndSweepsFireEachPassedDeadlineExactlyOnce() throws Exception {
        deadlines.close(); // sweeps come from the test's threads, racing each other and the watchers
        int watchers = 4;
        int each = 2_000;
        ConcurrentHashMap<Long, AtomicInteger> firings = new ConcurrentHashMap<>();
        ConcurrentHashMap<Long, Boolean> cancelledKeys = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(watchers + 2);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < watchers; w++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        AtomicInteger count = new AtomicInteger();
                        long key = deadlines.watch(System.nanoTime(), count::incrementAndGet);
                        firings.put(key, count);
                        if (i % 3 == 0) {
                            deadlines.cancel(key);
                            cancelledKeys.put(key, true);
                        }
                    }
                }));
            }
            for (int s = 0; s < 2; s++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        deadlines.fire();
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
            deadlines.fire();

            assertThat(deadlines.size()).isZero();
            assertThat(firings).hasSize(watchers * each);
            firings.forEach((key, count) -> assertThat(count.get()).as("deadline %d", key)
                    .isLessThanOrEqualTo(1)
                    .isEqualTo(cancelledKeys.containsKey(key) ? count.get() : 1));
        } finally {
            pool.shutdownNow();
        }
    }
}
