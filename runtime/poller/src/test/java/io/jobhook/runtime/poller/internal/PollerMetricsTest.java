package io.jobhook.runtime.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.jobhook.runtime.spi.PollerStatus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

class PollerMetricsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private static PollerStatus status(Duration lag, Instant lastSuccess, int failures, long accepted,
            boolean standby) {
        return new PollerStatus(true, "https://command.example/KeyfactorAPI", 42, 0, 0, T0, lastSuccess, lag, null,
                null, failures, null, accepted, 0, standby);
    }

    /** @return every unlabelled series' value by name, as scraped now */
    private static Map<String, Double> scrape(PrometheusRegistry registry) {
        Map<String, Double> values = new HashMap<>();
        for (MetricSnapshot m : registry.scrape()) {
            String name = m.getMetadata().getPrometheusName();
            if (m instanceof GaugeSnapshot g) {
                g.getDataPoints().forEach(p -> values.put(name, p.getValue()));
            } else if (m instanceof CounterSnapshot c) {
                c.getDataPoints().forEach(p -> values.put(name, p.getValue()));
            }
        }
        return values;
    }

    @Test
    void theSeriesFollowTheStatusAtEachScrape() {
        PrometheusRegistry registry = new PrometheusRegistry();
        AtomicReference<PollerStatus> now = new AtomicReference<>(status(null, null, 2, 0, false));
        try (PollerMetrics metrics = new PollerMetrics(registry, now::get)) {
            assertThat(scrape(registry)).as("no lag and no last success before the first success")
                    .doesNotContainKeys("jobhook_poller_lag_seconds", "jobhook_poller_last_success_timestamp_seconds")
                    .containsEntry("jobhook_poller_consecutive_failures", 2.0);

            now.set(status(Duration.ofMillis(90_500), T0, 0, 7, false));
            assertThat(scrape(registry)).containsEntry("jobhook_poller_lag_seconds", 90.5)
                    .containsEntry("jobhook_poller_last_success_timestamp_seconds", T0.getEpochSecond() * 1.0)
                    .containsEntry("jobhook_poller_consecutive_failures", 0.0)
                    .containsEntry("jobhook_poller_accepted", 7.0);

            now.set(status(null, null, 0, 7, true));
            assertThat(scrape(registry)).as("a runtime standing by is not behind")
                    .containsEntry("jobhook_poller_lag_seconds", 0.0);
        }
        assertThat(registry.scrape().size()).isZero();
    }
}
