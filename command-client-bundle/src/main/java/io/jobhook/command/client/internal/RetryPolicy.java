package io.jobhook.command.client.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.jobhook.backoff.Backoff;

/**
 * How often and how long to wait between attempts of one call: the project's one {@link Backoff}, with its
 * jitter, so many clients failing together do not retry together.
 */
final class RetryPolicy {

    /** The defaults of keys {@code backoffInitial} and {@code backoffMax}, read by the metatype. */
    static final long DEFAULT_INITIAL_MS = 200;
    static final long DEFAULT_MAX_MS = 5000;

    final int maxAttempts;
    private final Backoff backoff;
    private final DoubleSupplier random;

    RetryPolicy(int maxAttempts, Duration base, Duration max, DoubleSupplier random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = new Backoff(base, max);
        this.random = random;
    }

    static RetryPolicy of(ClientSettings settings) {
        return new RetryPolicy(settings.maxAttempts, settings.backoffInitial, settings.backoffMax, Math::random);
    }

    /** @return the wait after the {@code failedAttempts}-th failed attempt (1-based) */
    Duration backoff(int failedAttempts) {
        return backoff.after(failedAttempts, random);
    }
}
