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
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jobhook.api.JobResult;
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
        AtomicReference<Bulkhead> self = new AtomicReference<>();
        // The planner offers the retry at once, on the handler's thread, while the attempt that planned it is ending:
        // the tightest a scheduler with a short backoff can be.
        Bulkhead bulkhead = new Bulkhead("h", deadlines, (attempt, state) -> {
            ended.add(attempt);
            states.add(state);
        }, (next, backoff) -> assertThat(self.get().offer(next)).isTrue(), job -> job.context(), job -> true,
                Clock.systemUTC());
        self.set(bulkhead);
        bulkhead.attach(HandlerRegistration.of(c -> ended.size() >= 2, Map.of("jobTypes", INVENTORY.toString(),
                "dispatch.maxAttempts", 3), "test.bundle", "1.0.0", 1, DeliveryPolicy.DEFAULTS));

        assertThat(bulkhead.offer(new Bulkhead.Job(completion(), 1, false))).isTrue();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ended.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(ended).extracting(Attempt::number, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, AttemptOutcome.RETURNED_FALSE),
                org.assertj.core.groups.Tuple.tuple(2, AttemptOutcome.RETURNED_FALSE),
                org.assertj.core.groups.Tuple.tuple(3, AttemptOutcome.SUCCESS));
        assertThat(states).containsExactly(DeliveryState.PENDING, DeliveryState.PENDING, DeliveryState.DELIVERED);
        bulkhead.close();
    }
}
