package io.jobhook.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * The floor of every design that runs each handler on threads of its own: the completion handed to each matching
 * handler's single-thread executor (a plain {@link ThreadPoolExecutor} on a {@link LinkedBlockingQueue}, as a
 * bulkhead's), with nothing else — no matching, no journal, no deadline, no statistics. Measured like
 * {@code JobhookDispatchBenchmark} (one producer, batches of 1,000, waiting for every delivery), so the two read
 * side by side: what the dispatcher costs beyond this is its own; this much any isolating design pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandOffBenchmark {

    static final int BATCH = 1000;

    @Param({"1", "4", "16"})
    public int matches;

    private Fanout fanout;
    private final List<ThreadPoolExecutor> handlers = new ArrayList<>();
    private long expected;

    @Setup
    public void setUp() {
        fanout = new Fanout(matches);
        for (int i = 0; i < matches; i++) {
            ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "hand-off-handler");
                        t.setDaemon(true);
                        return t;
                    });
            executor.allowCoreThreadTimeOut(true);
            handlers.add(executor);
        }
    }

    @TearDown
    public void tearDown() {
        handlers.forEach(ThreadPoolExecutor::shutdownNow);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void handOff() throws Exception {
        for (int i = 0; i < BATCH; i++) {
            OrchestratorJobCompleteHandlerContext context = Fanout.completion();
            for (ThreadPoolExecutor handler : handlers) {
                handler.execute(() -> fanout.handler.runHandler(context));
            }
        }
        expected += (long) BATCH * matches;
        fanout.awaitDelivered(expected);
    }
}
