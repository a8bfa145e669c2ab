package io.jobhook.runtime.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class PollerSettingsTest {

    static PollerConfig config(Map<String, ?> properties) {
        return Converters.standardConverter().convert(properties).to(PollerConfig.class);
    }

    static PollerSettings settings(Map<String, ?> properties) {
        PollerConfig c = config(properties);
        return PollerSettings.of(c.enabled(), c.intervalSeconds(), c.pageSize(), c.startAt());
    }

    @Test
    void theDefaultsAreTheContractsAndPollNothing() {
        assertThat(settings(Map.of())).isEqualTo(PollerSettings.DEFAULTS)
                .hasToString("enabled=false, intervalSeconds=30, pageSize=100, startAt=now");
    }

    @Test
    void startAtIsNowOrAnIsoTimestampWithOrWithoutOffsetOrADate() {
        assertThat(settings(Map.of("startAt", "NOW")).startAt()).isNull();
        assertThat(settings(Map.of("startAt", "2024-05-06T10:00:00+02:00")).startAt())
                .isEqualTo(Instant.parse("2024-05-06T08:00:00Z"));
        assertThat(settings(Map.of("startAt", "2024-05-06T10:00:00")).startAt())
                .isEqualTo(Instant.parse("2024-05-06T10:00:00Z"));
        assertThat(settings(Map.of("startAt", "2024-05-06")).startAt()).isEqualTo(Instant.parse("2024-05-06T00:00:00Z"));
        assertThat(settings(Map.of("enabled", true, "intervalSeconds", 5, "pageSize", 10)))
                .isEqualTo(new PollerSettings(true, Duration.ofSeconds(5), 10, null));
    }

    @Test
    void invalidValuesAreRefusedNamingThePidEveryKeyAndItsValue() {
        assertThatThrownBy(() -> settings(Map.of("intervalSeconds", 0, "pageSize", 100_000, "startAt", "yesterday")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration io.jobhook.poller refused: key 'intervalSeconds' must be 1 to 86400, was 0; "
                        + "key 'pageSize' must be 1 to 5000, was 100000; key 'startAt' must be 'now' or an ISO-8601 "
                        + "timestamp such as 2024-05-06T00:00:00Z, was 'yesterday'");
    }
}
