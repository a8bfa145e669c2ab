package io.jobhook.runtime.admin.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * The metrics every role of the runtime registers in the process's registry, as operators read them: Prometheus
 * text for {@code GET /jobhook/v1/metrics}, and the same series by name for the JMX MBean.
 */
final class MetricsExposition {

    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    MetricsExposition(PrometheusRegistry registry) {
        this.registry = registry;
    }

    /** @return every series in Prometheus' text format 0.0.4 */
    String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * @return each series' value by the name it has in the text ({@code jobhook_deliveries_total{handler="a",...}});
     *         a histogram as its {@code _count} and {@code _sum}, without buckets
     */
    Map<String, Double> series() {
        Map<String, Double> all = new TreeMap<>();
        for (MetricSnapshot metric : registry.scrape()) {
            String name = metric.getMetadata().getPrometheusName();
            for (DataPointSnapshot point : metric.getDataPoints()) {
                String labels = labels(point.getLabels());
                if (point instanceof CounterSnapshot.CounterDataPointSnapshot c) {
                    all.put(name + "_total" + labels, c.getValue());
                } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
                    all.put(name + labels, g.getValue());
                } else if (point instanceof HistogramSnapshot.HistogramDataPointSnapshot h) {
                    all.put(name + "_count" + labels, (double) h.getCount());
                    all.put(name + "_sum" + labels, h.getSum());
                }
            }
        }
        return all;
    }

    private static String labels(Labels labels) {
        if (labels.isEmpty()) {
            return "";
        }
        return labels.stream().map(l -> l.getName() + "=\"" + l.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
