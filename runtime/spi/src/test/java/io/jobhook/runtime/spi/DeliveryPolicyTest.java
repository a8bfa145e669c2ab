package io.jobhook.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

    @Test
    void aHandlersPropertiesOverrideTheDefaultsAndZeroLeavesTheDefault() {
        // what @Dispatch(timeout = 2_000, maxAttempts = 3) publishes: every element, those not given as 0
        DeliveryPolicy s = DeliveryPolicy.DEFAULTS.overriddenBy(Map.of("dispatch.timeout", 2_000L,
                "dispatch.concurrency", 0, "dispatch.queueCapacity", 0, "dispatch.maxAttempts", 3,
                "dispatch.backoffInitial", 0L, "dispatch.backoffMax", "600000"));
        assertThat(s).isEqualTo(new DeliveryPolicy(Duration.ofSeconds(2), DeliveryPolicy.DEFAULTS.concurrency(),
                DeliveryPolicy.DEFAULTS.queueCapacity(), 3, DeliveryPolicy.DEFAULTS.backoffInitial(),
                Duration.ofMinutes(10)));
        assertThat(DeliveryPolicy.DEFAULTS.overriddenBy(Map.of())).isEqualTo(DeliveryPolicy.DEFAULTS);
    }

    @Test
    void aValueThatIsNoNumberOrOutOfRangeIsNamed() {
        assertThatThrownBy(() -> DeliveryPolicy.DEFAULTS.overriddenBy(Map.of("dispatch.maxAttempts", "three")))
                .hasMessage("service property 'dispatch.maxAttempts' is not a number: 'three'");
        assertThatThrownBy(() -> DeliveryPolicy.DEFAULTS.overriddenBy(Map.of("dispatch.concurrency", -1)))
                .hasMessage("concurrency must be 1 or more, is -1");
        assertThatThrownBy(() -> DeliveryPolicy.DEFAULTS.overriddenBy(Map.of("dispatch.timeout", "-5")))
                .hasMessage("timeout must be more than 0 ms, is -5");
    }

    @Test
    void backoffDoublesFromTheFirstAndIsCapped() {
        DeliveryPolicy p = new DeliveryPolicy(Duration.ofSeconds(1), 1, 1, 10, Duration.ofMillis(1000),
                Duration.ofMillis(5000));
        assertThat(List.of(1, 2, 3, 4, 40).stream().map(n -> p.backoffAfter(n).toMillis()).toList())
                .containsExactly(1000L, 2000L, 4000L, 5000L, 5000L);
    }

    @Test
    void falseAndExceptionsFailAndTheLastFailedAttemptMakesADeadLetter() {
        assertThat(DeliveryPolicy.outcomeOf(true, null)).isEqualTo(AttemptOutcome.SUCCESS);
        assertThat(DeliveryPolicy.outcomeOf(false, null)).isEqualTo(AttemptOutcome.RETURNED_FALSE);
        assertThat(DeliveryPolicy.outcomeOf(true, new IllegalStateException("x"))).isEqualTo(AttemptOutcome.EXCEPTION);
        DeliveryPolicy twice = DeliveryPolicy.DEFAULTS.overriddenBy(Map.of("dispatch.maxAttempts", 2));
        assertThat(twice.stateAfter(1, AttemptOutcome.RETURNED_FALSE)).isEqualTo(DeliveryState.PENDING);
        assertThat(twice.stateAfter(2, AttemptOutcome.TIMEOUT)).isEqualTo(DeliveryState.FAILED);
        assertThat(twice.stateAfter(2, AttemptOutcome.SUCCESS)).isEqualTo(DeliveryState.DELIVERED);
        assertThat(DeliveryPolicy.describe(new IllegalStateException("no store"))).isEqualTo(
                "java.lang.IllegalStateException: no store");
    }
}
