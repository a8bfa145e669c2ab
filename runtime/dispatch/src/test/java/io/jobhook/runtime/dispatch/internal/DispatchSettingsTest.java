package io.jobhook.runtime.dispatch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DispatchSettingsTest {

    @Test
    void aHandlersPropertiesOverrideTheDefaultsAndZeroLeavesTheDefault() {
        // what @Dispatch(timeout = 2_000, maxAttempts = 3) publishes: every element, those not given as 0
        DispatchSettings s = DispatchSettings.DEFAULTS.overriddenBy(Map.of("dispatch.timeout", 2_000L,
                "dispatch.concurrency", 0, "dispatch.queueCapacity", 0, "dispatch.maxAttempts", 3,
                "dispatch.backoffInitial", 0L, "dispatch.backoffMax", "600000"));
        assertThat(s).isEqualTo(new DispatchSettings(Duration.ofSeconds(2), DispatchSettings.DEFAULTS.concurrency(),
                DispatchSettings.DEFAULTS.queueCapacity(), 3, DispatchSettings.DEFAULTS.backoffInitial(),
                Duration.ofMinutes(10)));
        assertThat(DispatchSettings.DEFAULTS.overriddenBy(Map.of())).isEqualTo(DispatchSettings.DEFAULTS);
    }

    @Test
    void aValueThatIsNoNumberOrOutOfRangeIsNamed() {
        assertThatThrownBy(() -> DispatchSettings.DEFAULTS.overriddenBy(Map.of("dispatch.maxAttempts", "three")))
                .hasMessage("service property 'dispatch.maxAttempts' is not a number: 'three'");
        assertThatThrownBy(() -> DispatchSettings.DEFAULTS.overriddenBy(Map.of("dispatch.concurrency", -1)))
                .hasMessage("concurrency must be 1 or more, is -1");
        assertThatThrownBy(() -> DispatchSettings.DEFAULTS.overriddenBy(Map.of("dispatch.timeout", "-5")))
                .hasMessage("timeout must be more than 0 ms, is -5");
    }
}
