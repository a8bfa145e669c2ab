package io.jobhook.runtime.dispatch.internal;

import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.runtime.metrics.MetricSeries;
import io.jobhook.runtime.spi.Attempt;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The dispatcher's series in a metrics registry. The delivery counters are read from the bulkheads' own counters at
 * each scrape, so the metrics and the admin API's {@code successes}, {@code failures} and {@code timeouts} are one
 * source and cannot disagree; only the latency is recorded here, as each attempt ends.
 */
final class DispatchMetrics implements AutoCloseable {

    /** Attempt durations from 1 ms to about 33 s, doubling: handlers call Command and other hosts. */
    private static final double[] ATTEMPT_SECONDS = {0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            5, 10, 30, 60};

    private static final Logger LOG = LoggerFactory.getLogger(DispatchMetrics.class);

    private final MetricSeries series;
    private final CounterWithCallback deliveries;
    private final Histogram attemptSeconds;
    private final GaugeWithCallback queueDepth;
    private final GaugeWithCallback inFlight;

    /** @param bulkheads the statistics of every handler identity the dispatcher has a bulkhead for, now */
    DispatchMetrics(PrometheusRegistry registry, Supplier<Map<String, Bulkhead.Statistics>> bulkheads) {
        this.series = new MetricSeries(registry, LOG, "Delivery metrics");
        this.deliveries = CounterWithCallback.builder()
                .name("jobhook_deliveries")
                .help("Delivery attempts by outcome since the runtime started (dead_letter: the attempt that left a "
                        + "dead letter, also counted as failure or timeout)")
                .labelNames("handler", "outcome")
                .callback(callback -> bulkheads.get().forEach((handler, s) -> {
                    callback.call(s.successes(), handler, "success");
                    callback.call(s.failures(), handler, "failure");
                    callback.call(s.timeouts(), handler, "timeout");
                    callback.call(s.deadLetters(), handler, "dead_letter");
                }))
                .build();
        this.attemptSeconds = Histogram.builder()
                .withoutExemplars() // no tracer here, and sampling one would need bundles Jobhook does not ship
                .name("jobhook_delivery_attempt_seconds")
                .help("How long each delivery attempt ran (a timed-out attempt counts its timeout); _count is the "
                        + "attempts made")
                .unit(Unit.SECONDS)
                .labelNames("handler")
                .classicOnly()
                .classicUpperBounds(ATTEMPT_SECONDS)
                .build();
        this.queueDepth = GaugeWithCallback.builder()
                .name("jobhook_handler_queue_depth")
                .help("Deliveries waiting in memory for the handler now")
                .labelNames("handler")
                .callback(callback -> bulkheads.get().forEach((handler, s) -> callback.call(s.queueDepth(), handler)))
                .build();
        this.inFlight = GaugeWithCallback.builder()
                .name("jobhook_handler_in_flight")
                .help("Attempts of the handler running now")
                .labelNames("handler")
                .callback(callback -> bulkheads.get().forEach((handler, s) -> callback.call(s.inFlight(), handler)))
                .build();
        series.register(deliveries, attemptSeconds, queueDepth, inFlight);
    }

    /** Never throws: a metric that cannot be recorded must not cost a delivery its journaling. */
    void ended(Attempt attempt) {
        series.record(() -> attemptSeconds.labelValues(attempt.handler())
                .observe(attempt.duration().toNanos() / 1e9));
    }

    @Override
    public void close() {
        series.close();
    }
}
