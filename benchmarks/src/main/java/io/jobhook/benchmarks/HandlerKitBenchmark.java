package io.jobhook.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.command.PagedQuery;
import io.jobhook.api.command.Query;
import io.jobhook.testkit.DeliveryReport;
import io.jobhook.testkit.HandlerRunner;
import io.jobhook.testkit.SampleCompletions;

/**
 * What a handler author's test costs with the kit: one whole kit test from nothing (the simulated Command started,
 * the handler built, its store type resolved, one completion delivered, all closed), and one more delivery in a
 * runner already started, with and without a call to Command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HandlerKitBenchmark {

    /** Asks Command for the job's history, as the sample's inventory handler does. */
    static final OrchestratorJobCompleteHandler QUERYING = c -> c.client()
            .jobHistory(PagedQuery.where(Query.field("JobId").eq(c.jobId()))).size() >= 0;
    static final OrchestratorJobCompleteHandler SILENT = c -> true;
    static final Map<String, Object> WINCERT = Map.of("storeTypes", "WinCert");

    private HandlerRunner querying;
    private HandlerRunner silent;

    @Setup
    public void start() {
        querying = HandlerRunner.of(QUERYING, WINCERT);
        silent = HandlerRunner.of(SILENT, WINCERT);
        querying.jobTypes();
        silent.jobTypes();
    }

    @TearDown
    public void stop() {
        querying.close();
        silent.close();
    }

    @Benchmark
    public DeliveryReport wholeKitTest() {
        try (HandlerRunner runner = HandlerRunner.of(QUERYING, WINCERT)) {
            return runner.deliver(SampleCompletions.inventory());
        }
    }

    @Benchmark
    public DeliveryReport deliveryWithOneCommandCall() {
        return querying.deliver(SampleCompletions.inventory());
    }

    @Benchmark
    public DeliveryReport deliveryWithoutCommandCall() {
        return silent.deliver(SampleCompletions.reenrollment());
    }
}
