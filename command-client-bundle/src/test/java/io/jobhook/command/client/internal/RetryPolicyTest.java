package io.jobhook.command.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffDoublesWithinEqualJitterUpToTheCap() {
        RetryPolicy low = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.0);
        RetryPolicy high = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.999999);
        assertThat(low.backoff(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(high.backoff(1)).isEqualTo(Duration.ofMillis(99));
        assertThat(low.backoff(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(low.backoff(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(low.backoff(5)).isEqualTo(Duration.ofMillis(500));
        assertThat(high.backoff(50)).isEqualTo(Duration.ofMillis(999));
    }

    @Test
    void needsAtLeastOneAttempt() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(200), Duration.ofSeconds(5), Math::random)).hasMessageContaining("was 0");
    }
}
