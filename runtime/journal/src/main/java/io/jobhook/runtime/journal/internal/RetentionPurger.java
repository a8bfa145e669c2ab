package io.jobhook.runtime.journal.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Bounded retention: purges the journal once at start and then every {@code interval}, removing finished
 * completions older than the retention. Plain Java; the retention may change while it runs.
 */
final class RetentionPurger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurger.class);

    /** The default of key {@code retentionDays}, read by the metatype. */
    static final int DEFAULT_RETENTION_DAYS = 30;

    /** The journal's purge: removes what was finished before a cutoff, answers how many. */
    private final ToIntFunction<Instant> purge;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile Duration retention;

    /**
     * Starts purging at once, then every {@code interval}.
     */
    RetentionPurger(ToIntFunction<Instant> purge, Clock clock, Duration retention, Duration interval) {
        this.purge = Objects.requireNonNull(purge, "purge");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = requirePositive(retention);
        requirePositive(interval);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jobhook-journal-purge");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Converts an operator's {@code retentionDays}, refusing what cannot be meant. */
    static Duration retentionDays(String pid, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("Configuration " + pid + ": retentionDays must be 1 or more, was " + days);
        }
        return Duration.ofDays(days);
    }

    private static Duration requirePositive(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("A retention or interval must be positive, was " + d);
        }
        return d;
    }

    /** Changes the retention; the next purge uses it. */
    void retention(Duration retention) {
        this.retention = requirePositive(retention);
    }

    Duration retention() {
        return retention;
    }

    /**
     * Purges now.
     *
     * @return how many completions were removed
     */
    int purgeNow() {
        Instant cutoff = clock.instant().minus(retention);
        int removed = purge.applyAsInt(cutoff);
        if (removed > 0) {
            LOG.info("Journal retention: removed {} finished completions accepted before {}", removed, cutoff);
        } else {
            LOG.debug("Journal retention: nothing accepted before {} to remove", cutoff);
        }
        return removed;
    }

    private void purgeQuietly() {
        try {
            purgeNow();
        } catch (RuntimeException e) {
            LOG.warn("Journal retention: purge failed, tried again later: {}", e.getMessage(), e);
        }
    }

    /** Stops purging; waits for a purge under way to finish. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Journal retention: a purge is still running after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
