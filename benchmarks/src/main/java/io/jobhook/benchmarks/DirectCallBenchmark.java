package io.jobhook.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/** The floor: a completion handed to each matching handler by a plain method call. */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DirectCallBenchmark {

    @Param({"1", "4", "16"})
    public int matches;

    private Fanout fanout;
    private List<OrchestratorJobCompleteHandler> matched;

    @Setup
    public void setUp() {
        fanout = new Fanout(matches);
        matched = new ArrayList<>();
        for (int i = 0; i < Fanout.HANDLERS; i++) {
            if (fanout.jobTypes.get(i).equals(Fanout.MATCHED)) {
                matched.add(fanout.handler);
            }
        }
    }

    @Benchmark
    public long directCall() {
        OrchestratorJobCompleteHandlerContext c = Fanout.completion();
        for (OrchestratorJobCompleteHandler h : matched) {
            h.runHandler(c);
        }
        return fanout.delivered.get();
    }
}
