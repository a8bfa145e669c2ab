package io.jobhook.runtime.dispatch.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
import io.jobhook.benchmarks.Fanout;
import io.jobhook.runtime.journal.internal.H2Journal;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryJournal;
import io.jobhook.runtime.spi.DeliveryPolicy;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.JournaledCompletion;

/**
 * Jobhook's dispatcher: 100 handlers registered as the whiteboard registers them, each completion matched
 * by GUID and run in each matching handler's bulkhead (own queue, threads, deadline), with the journal in
 * memory (nothing recorded: the dispatcher's own cost) or the real H2 journal (forced appends, recorded
 * matches and attempts) on the local disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JobhookDispatchBenchmark {

    static final int BATCH = 1000;

    @Param({"1", "4", "16"})
    public int matches;

    @Param({"memory", "h2"})
    public String journal;

    private Fanout fanout;
    private ScheduledThreadPoolExecutor scheduler;
    private Dispatcher dispatcher;
    private H2Journal h2;
    private Path data;
    private long expected;

    @Setup
    public void setUp() throws Exception {
        fanout = new Fanout(matches);
        scheduler = new ScheduledThreadPoolExecutor(2);
        scheduler.setRemoveOnCancelPolicy(true);
        DeliveryJournal j;
        if (journal.equals("h2")) {
            data = Files.createTempDirectory("jobhook-bench");
            h2 = new H2Journal(data, Clock.systemUTC());
            j = h2;
        } else {
            j = new NothingJournal();
        }
        dispatcher = new Dispatcher(j, () -> null, scheduler, Clock.systemUTC(), DeliveryPolicy.DEFAULTS);
        for (int i = 0; i < Fanout.HANDLERS; i++) {
            Map<String, Object> p = new HashMap<>();
            p.put("jobTypes", fanout.jobTypes.get(i).toString());
            p.put("component.name", "handler-" + i);
            p.put("service.id", (long) i);
            dispatcher.addHandler(HandlerRegistration.of(fanout.handler, p, "bench", "1.0.0", i, DeliveryPolicy.DEFAULTS));
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        dispatcher.close();
        scheduler.shutdownNow();
        if (h2 != null) {
            h2.close();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** One thread offers the batch; the handlers' bulkheads run it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void dispatch() throws Exception {
        for (int i = 0; i < BATCH; i++) {
            dispatcher.accept(Fanout.completion(), null);
        }
        expected += (long) BATCH * matches;
        fanout.awaitDelivered(expected);
    }

    /** The dispatcher's side of the journal, recording nothing: the dispatcher's own cost. */
    static final class NothingJournal implements DeliveryJournal {
        @Override
        public Acceptance appendMatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
                Collection<String> handlers) {
            return new Acceptance(context.eventId(), Acceptance.Status.ACCEPTED);
        }

        @Override
        public void recordMatches(UUID eventId, Collection<String> handlers) {
        }

        @Override
        public CompletionStage<Void> recordAttemptLater(Attempt attempt, DeliveryState newState) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<JournaledCompletion> completion(UUID eventId) {
            return Optional.empty();
        }

        @Override
        public List<JournaledCompletion> unmatched(int limit) {
            return List.of();
        }

        @Override
        public List<Delivery> pendingDeliveries(int limit) {
            return List.of();
        }

        @Override
        public List<Delivery> deliveries(UUID eventId) {
            return List.of();
        }

        @Override
        public List<Delivery> deadLetters(String handler, int limit) {
            return List.of();
        }

        @Override
        public Optional<Delivery> reopen(UUID eventId, String handler) {
            return Optional.empty();
        }
    }
}
