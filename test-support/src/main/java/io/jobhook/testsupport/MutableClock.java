package io.jobhook.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand, in UTC, so that what depends on time (retries, leases, job schedules,
 * retention) is driven by the test instead of waited for. Safe to read from any thread.
 */
public final class MutableClock extends Clock {

    /** Where a clock made without a start begins: a fixed instant, so that runs repeat. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private volatile Instant now;

    /** A clock at {@link #DEFAULT_START}. */
    public MutableClock() {
        this(DEFAULT_START);
    }

    public MutableClock(Instant start) {
        if (start == null) {
            throw new IllegalArgumentException("start must not be null");
        }
        this.now = start;
    }

    /**
     * Moves the clock on.
     *
     * @return the new time
     */
    public synchronized Instant advance(Duration by) {
        now = now.plus(by);
        return now;
    }

    /** Sets the time, backwards too. */
    public void set(Instant instant) {
        if (instant == null) {
            throw new IllegalArgumentException("instant must not be null");
        }
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
