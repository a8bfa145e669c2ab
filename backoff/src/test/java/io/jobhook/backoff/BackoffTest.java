package io.jobhook.backoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BackoffTest {

    final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void theCeilingDoublesFromTheFirstWaitUpToTheLongest() {
        assertThat(IntStream.of(1, 2, 3, 4, 5, 40, 100, Integer.MAX_VALUE).mapToObj(n -> backoff.ceiling(n).toMillis()))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L, 1000L);
        assertThat(new Backoff(Duration.ofDays(365), Duration.ofDays(730)).ceiling(60)).isEqualTo(Duration.ofDays(730));
        assertThat(new Backoff(Duration.ZERO, Duration.ofSeconds(1)).ceiling(5)).isZero();
    }

    @Test
    void theWaitIsBetweenHalfTheCeilingAndTheCeiling() {
        assertThat(backoff.after(1, () -> 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff.after(1, () -> 0.999999)).isEqualTo(Duration.ofMillis(99));
        assertThat(backoff.after(3, () -> 0.5)).isEqualTo(Duration.ofMillis(300));
        List<Long> spread = IntStream.range(0, 1000).mapToObj(i -> backoff.after(5, Math::random).toMillis()).toList();
        assertThat(spread).allSatisfy(w -> assertThat(w).isBetween(500L, 1000L));
        assertThat(spread.stream().distinct().count()).as("jittered, not one value").isGreaterThan(10);
    }

    @Test
    void negativeOrMissingWaitsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ZERO)).hasMessageContaining("not negative");
        assertThatThrownBy(() -> new Backoff(null, Duration.ZERO)).hasMessageContaining("must be given");
    }
}
