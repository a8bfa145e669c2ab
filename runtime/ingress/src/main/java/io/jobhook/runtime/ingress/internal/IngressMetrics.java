package io.jobhook.runtime.ingress.internal;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.runtime.metrics.MetricSeries;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** The ingress's series in a metrics registry: pushes answered, by status, and how long the answer took. */
final class IngressMetrics implements AutoCloseable {

    /** From 0.25 ms (an answer from memory) to 10 s (a journal that waits on its disk). */
    private static final double[] REQUEST_SECONDS = {0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 10};

    private static final Logger LOG = LoggerFactory.getLogger(IngressMetrics.class);

    private final MetricSeries series;
    private final Counter requests;
    private final Histogram seconds;

    IngressMetrics(PrometheusRegistry registry) {
        this.series = new MetricSeries(registry, LOG, "Ingress metrics");
        this.requests = Counter.builder()
                .withoutExemplars()
                .name("jobhook_ingress_requests")
                .help("Pushes answered since the runtime started, by HTTP status (202 accepted, 200 a duplicate, "
                        + "4xx refused, 503 journal unavailable)")
                .labelNames("status")
                .build();
        this.seconds = Histogram.builder()
                .withoutExemplars() // no tracer here, and sampling one would need bundles Jobhook does not ship
                .name("jobhook_ingress_request_seconds")
                .help("From a push's arrival to its answer, the journal's durable write included")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(REQUEST_SECONDS)
                .build();
        series.register(requests, seconds);
    }

    /** Never throws: a metric that cannot be recorded must not change the answer to a push. */
    void answered(int status, long nanos) {
        series.record(() -> {
            requests.labelValues(Integer.toString(status)).inc();
            seconds.observe(nanos / 1e9);
        });
    }

    @Override
    public void close() {
        series.close();
    }
}
