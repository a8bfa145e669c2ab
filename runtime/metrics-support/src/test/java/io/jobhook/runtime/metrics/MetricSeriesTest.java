package io.jobhook.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

class MetricSeriesTest {

    final PrometheusRegistry registry = new PrometheusRegistry();

    static Counter counter(String name) {
        return Counter.builder().name(name).help("a test counter").build();
    }

    @Test
    void aRefusedSeriesIsLeftOutAndTheOthersRegistered() {
        try (MetricSeries earlier = new MetricSeries(registry, LoggerFactory.getLogger(getClass()), "Test metrics")) {
            earlier.register(counter("jobhook_taken"));
            MetricSeries later = new MetricSeries(registry, LoggerFactory.getLogger(getClass()), "Test metrics");
            assertThatCode(() -> later.register(counter("jobhook_taken"), counter("jobhook_free")))
                    .doesNotThrowAnyException();
            assertThat(names()).contains("jobhook_taken", "jobhook_free");
            later.close();
            assertThat(names()).contains("jobhook_taken").doesNotContain("jobhook_free"); // the earlier one's stays
        }
        assertThat(names()).isEmpty();
    }

    @Test
    void aFailingRecordingNeverThrows() {
        MetricSeries series = new MetricSeries(registry, LoggerFactory.getLogger(getClass()), "Test metrics");
        int[] ran = {0};
        for (int i = 0; i < 3; i++) {
            assertThatCode(() -> series.record(() -> {
                ran[0]++;
                throw new NoClassDefFoundError("io/prometheus/Missing");
            })).doesNotThrowAnyException();
        }
        assertThat(ran[0]).isEqualTo(3);
    }

    private java.util.List<String> names() {
        return registry.scrape().stream().map(s -> s.getMetadata().getPrometheusName()).toList();
    }
}
