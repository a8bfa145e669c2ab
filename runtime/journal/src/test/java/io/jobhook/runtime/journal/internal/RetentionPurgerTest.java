package io.jobhook.runtime.journal.internal;

import java.lang.reflect.Proxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournaledCompletion;
import io.jobhook.testsupport.MutableClock;

class RetentionPurgerTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    /** A journal that records the cutoffs it is asked to purge at, and is asked nothing else. */
    private static final class PurgeRecorder {
        final BlockingQueue<Instant> cutoffs = new LinkedBlockingQueue<>();

        Journal journal() {
            return (Journal) Proxy.newProxyInstance(Journal.class.getClassLoader(), new Class<?>[] {Journal.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("purge")) {
                            cutoffs.add((Instant) args[0]);
                            return 0;
                        }
                        throw new AssertionError("unexpected call " + method.getName());
                    });
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
