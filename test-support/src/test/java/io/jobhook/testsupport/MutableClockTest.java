package io.jobhook.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void movesOnlyWhenMoved() {
        MutableClock clock = new MutableClock();
        assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START).isEqualTo(clock.instant());
        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(MutableClock.DEFAULT_START.plusSeconds(90));
        assertThat(clock.millis()).isEqualTo(MutableClock.DEFAULT_START.plusSeconds(90).toEpochMilli());
        clock.set(Instant.EPOCH);
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }
}
