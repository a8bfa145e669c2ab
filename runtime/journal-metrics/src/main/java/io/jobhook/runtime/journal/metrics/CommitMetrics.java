package io.jobhook.runtime.journal.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.runtime.metrics.MetricSeries;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The journal's writers in a metrics registry: how long each batch took to become durable, how many items it
 * carried, and how many wait. {@code writer} is {@code appends} (completions, before their 202) or {@code attempts}
 * (delivery outcomes). Both journals report these series, under these names, embedding this package privately.
 */
public final class CommitMetrics implements AutoCloseable {

    /** Told of each batch made durable. */
    @FunctionalInterface
    public interface Observer {
        /** Reports nothing: a journal measured by no registry. */
        Observer NONE = (items, nanos) -> { };

        void written(int items, long nanos);
    }

    public static final String APPENDS = "appends";
    public static final String ATTEMPTS = "attempts";

    private static final double[] SYNC_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 1};
    private static final double[] BATCH_SIZE = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private static final Logger LOG = LoggerFactory.getLogger(CommitMetrics.class);

    private final MetricSeries series;
    private final Histogram sync;
    private final Histogram size;
    private final GaugeWithCallback pending;
    private final Map<String, IntSupplier> waiting = new ConcurrentHashMap<>();

    public CommitMetrics(PrometheusRegistry registry) {
        this.series = new MetricSeries(registry, LOG, "Journal metrics");
        this.sync = Histogram.builder()
                .withoutExemplars() // no tracer here, and sampling one would need bundles Jobhook does not ship
                .name("jobhook_journal_sync_seconds")
                .help("How long one batch took to be written and forced to disk (one transaction, one sync)")
                .unit(Unit.SECONDS)
                .labelNames("writer")
                .classicOnly()
                .classicUpperBounds(SYNC_SECONDS)
                .build();
        this.size = Histogram.builder()
                .withoutExemplars() // no tracer here, and sampling one would need bundles Jobhook does not ship
                .name("jobhook_journal_batch_size")
                .help("Items written by one batch: the group commit's effect")
                .labelNames("writer")
                .classicOnly()
                .classicUpperBounds(BATCH_SIZE)
                .build();
        this.pending = GaugeWithCallback.builder()
                .name("jobhook_journal_pending_writes")
                .help("Items handed to the writer and not yet written")
                .labelNames("writer")
                .callback(callback -> waiting.forEach((writer, depth) -> callback.call(depth.getAsInt(), writer)))
                .build();
        series.register(sync, size, pending);
    }

    /** @return what the writer named {@code writer} reports each batch to; its waiting items read from {@code depth} */
    public Observer writer(String writer, IntSupplier depth) {
        waiting.put(writer, depth);
        return (items, nanos) -> {
            // Never throws: the batch is durable, and a metric must not make it look otherwise.
            series.record(() -> {
                sync.labelValues(writer).observe(nanos / 1e9);
                size.labelValues(writer).observe(items);
            });
        };
    }

    @Override
    public void close() {
        series.close();
    }
}
