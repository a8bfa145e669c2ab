package io.jobhook.runtime.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.jobhook.testsupport.MutableClock;

class RetentionPurgerTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    /** A journal that records the cutoffs it is asked to purge at, and is asked nothing else. */
    private static final class PurgeRecorder {
        final BlockingQueue<Instant> cutoffs = new LinkedBlockingQueue<>();

        java.util.function.ToIntFunction<Instant> journal() {
            return cutoff -> {
                cutoffs.add(cutoff);
                return 0;
            };
        }
    }

    @Test
    void purgesOnceAtStartAndThenWithTheRetentionInForce() throws Exception {
        PurgeRecorder journal = new PurgeRecorder();
        MutableClock clock = new MutableClock(NOW);
        try (RetentionPurger purger = new RetentionPurger(journal.journal(), clock, Duration.ofDays(30), Duration.ofHours(1))) {
            assertThat(journal.cutoffs.poll(20, TimeUnit.SECONDS)).as("the purge at start")
                    .isEqualTo(NOW.minus(Duration.ofDays(30)));

            purger.retention(Duration.ofDays(7));
            clock.advance(Duration.ofMinutes(5));
            purger.purgeNow();

            assertThat(journal.cutoffs.poll(20, TimeUnit.SECONDS)).isEqualTo(NOW.plus(Duration.ofMinutes(5)).minus(Duration.ofDays(7)));
            assertThat(journal.cutoffs).as("the next scheduled purge is an hour away").isEmpty();
        }
    }

    @Test
    void aRetentionBelowOneDayIsRefusedNamingThePidAndKey() {
        assertThatThrownBy(() -> RetentionPurger.retentionDays("io.jobhook.journal", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.jobhook.journal").hasMessageContaining("retentionDays").hasMessageContaining("0");
        assertThat(RetentionPurger.retentionDays("io.jobhook.journal", 30)).isEqualTo(Duration.ofDays(30));
    }
}
