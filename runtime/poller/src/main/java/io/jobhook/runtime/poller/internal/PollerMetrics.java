package io.jobhook.runtime.poller.internal;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.runtime.metrics.MetricSeries;
import io.jobhook.runtime.spi.PollerStatus;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** The poller's series in a metrics registry, read from its status at each scrape (one source with the admin API). */
final class PollerMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollerMetrics.class);

    private final MetricSeries series;
    private final GaugeWithCallback lag;
    private final GaugeWithCallback lastSuccess;
    private final GaugeWithCallback failures;
    private final CounterWithCallback accepted;

    PollerMetrics(PrometheusRegistry registry, Supplier<PollerStatus> status) {
        this.series = new MetricSeries(registry, LOG, "Poller metrics");
        this.lag = GaugeWithCallback.builder()
                .name("jobhook_poller_lag_seconds")
                .help("How far behind Command the journal may be: time since the last poll that read all of job "
                        + "history started (absent before the first success, 0 while another runtime polls)")
                .unit(Unit.SECONDS)
                .callback(callback -> {
                    PollerStatus s = status.get();
                    if (s.standby()) {
                        callback.call(0);
                    } else if (s.lag() != null) {
                        callback.call(s.lag().toMillis() / 1e3);
                    }
                })
                .build();
        this.lastSuccess = GaugeWithCallback.builder()
                .name("jobhook_poller_last_success_timestamp_seconds")
                .help("When the last successful poll started, in seconds since the epoch (absent before the first)")
                .callback(callback -> {
                    PollerStatus s = status.get();
                    if (s.lastSuccessAt() != null) {
                        callback.call(s.lastSuccessAt().toEpochMilli() / 1e3);
                    }
                })
                .build();
        this.failures = GaugeWithCallback.builder()
                .name("jobhook_poller_consecutive_failures")
                .help("Polls failed in a row (0 when the last one succeeded)")
                .callback(callback -> callback.call(status.get().consecutiveFailures()))
                .build();
        this.accepted = CounterWithCallback.builder()
                .name("jobhook_poller_accepted")
                .help("Completions the poller accepted since it started (duplicates not counted)")
                .callback(callback -> callback.call(status.get().accepted()))
                .build();
        series.register(lag, lastSuccess, failures, accepted);
    }

    @Override
    public void close() {
        series.close();
    }
}
