package io.jobhook.runtime.dispatch.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of the attempts in flight, checked by one periodic sweep instead of a timer task per
 * attempt: registering and removing a deadline is a map operation, so a deadline costs next to nothing
 * on the delivery path. A deadline fires within one {@link #TICK} of passing.
 */
final class Deadlines implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);

    /** How often deadlines are checked, and so how late a timeout may be noticed. */
    static final long TICK = TimeUnit.MILLISECONDS.toNanos(10);

    private record Watch(long deadlineNanos, Runnable onDeadline) {
    }

    private final Map<Long, Watch> watched = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong();
    private final ScheduledFuture<?> sweep;

    Deadlines(ScheduledExecutorService scheduler) {
        this.sweep = scheduler.scheduleWithFixedDelay(this::fire, TICK, TICK, TimeUnit.NANOSECONDS);
    }

    /** @return the key to {@link #cancel} with once the attempt ends in time */
    long watch(long deadlineNanos, Runnable onDeadline) {
        long key = nextKey.incrementAndGet();
        watched.put(key, new Watch(deadlineNanos, onDeadline));
        return key;
    }

    void cancel(long key) {
        watched.remove(key);
    }

    /** Runs every deadline that has passed, once. */
    void fire() {
        long now = System.nanoTime();
        for (Map.Entry<Long, Watch> e : watched.entrySet()) {
            if (now - e.getValue().deadlineNanos() >= 0 && watched.remove(e.getKey()) != null) {
                try {
                    e.getValue().onDeadline().run();
                } catch (RuntimeException ex) {
                    LOG.error("A deadline's action failed", ex);
                }
            }
        }
    }

    int size() {
        return watched.size();
    }

    @Override
    public void close() {
        sweep.cancel(false);
    }
}
