package io.jobhook.backoff;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before trying again after failures in a row, the same for the Command client's retries, a handler's
 * redeliveries and the job history poller: the first wait, doubled after each further failure, capped; with
 * "equal jitter" — a random wait between half that ceiling and the ceiling — so that many who failed together
 * do not all try again together.
 *
 * <p>Written here rather than taken from a retry library: the three users each need only this formula, with their
 * own loop (the client's time budget, the dispatcher's journaled attempts, the poller's schedule), and each bundle
 * embeds this package privately.
 *
 * @param initial the wait after the first failure (its ceiling)
 * @param max the longest wait
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial == null || max == null || initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("a backoff's waits must be given and not negative, were " + initial
                    + " and " + max);
        }
    }

    /**
     * @param failures failures in a row so far, 1 or more
     * @return the longest wait after them: {@code initial} doubled {@code failures - 1} times, at most {@code max}
     */
    public Duration ceiling(int failures) {
        long first = initial.toMillis();
        long cap = max.toMillis();
        if (failures <= 1 || first == 0) {
            return Duration.ofMillis(Math.min(first, cap));
        }
        int doublings = Math.min(failures - 1, 62);
        long step = first > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : first << doublings;
        return Duration.ofMillis(Math.min(step, cap));
    }

    /**
     * @param random a number in [0, 1], e.g. {@code Math::random}; 1 gives the ceiling itself
     * @return a wait between half the {@link #ceiling} and the ceiling
     */
    public Duration after(int failures, DoubleSupplier random) {
        long ceiling = ceiling(failures).toMillis();
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }
}
