package io.jobhook.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.jobhook.api.JobResult;
import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * The shape every dispatch benchmark shares: 100 registered handlers, of which {@code matches} take the
 * completion's job type and the others one job type each; each delivery counts once.
 */
public final class Fanout {

    public static final int HANDLERS = 100;

    /** The matched job type. */
    public static final UUID MATCHED = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");

    public final AtomicLong delivered = new AtomicLong();
    public final List<UUID> jobTypes = new ArrayList<>();
    public final OrchestratorJobCompleteHandler handler = context -> {
        delivered.incrementAndGet();
        return true;
    };

    public Fanout(int matches) {
        for (int i = 0; i < HANDLERS; i++) {
            jobTypes.add(i < matches ? MATCHED : UUID.randomUUID());
        }
    }

    public static OrchestratorJobCompleteHandlerContext completion() {
        return OrchestratorJobCompleteHandlerContext.builder().agentId(UUID.randomUUID()).jobId(UUID.randomUUID())
                .jobType("WinCertInventory").jobTypeId(MATCHED).jobResult(JobResult.SUCCESS).build();
    }

    /** Waits until {@code count} deliveries have been counted since the start, 60 s at most. */
    public void awaitDelivered(long count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (delivered.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + delivered.get() + " of " + count + " deliveries in 60 s");
            }
            LockSupport.parkNanos(20_000);
        }
    }
}
