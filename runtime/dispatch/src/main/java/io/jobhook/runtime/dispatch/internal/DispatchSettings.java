package io.jobhook.runtime.dispatch.internal;

import java.time.Duration;
import java.util.Map;

import io.jobhook.api.HandlerProperties;

/**
 * How one handler's deliveries run: defaults from PID {@code io.jobhook.dispatch}, overridden per handler
 * by its service properties {@link HandlerProperties#DISPATCH_TIMEOUT dispatch.timeout},
 * {@link HandlerProperties#DISPATCH_CONCURRENCY dispatch.concurrency}, ... (same names and units; absent or 0
 * means the default, as {@link io.jobhook.api.Dispatch} publishes an element not given).
 *
 * @param timeout the most one attempt may run before it is interrupted and counted as timed out
 * @param concurrency how many attempts may run at once
 * @param queueCapacity how many deliveries may wait in memory (more wait in the journal)
 * @param maxAttempts attempts per delivery (retries come with the retry policy)
 * @param backoffInitial first wait before a retry
 * @param backoffMax longest wait before a retry
 */
record DispatchSettings(Duration timeout, int concurrency, int queueCapacity, int maxAttempts, Duration backoffInitial,
        Duration backoffMax) {

    static final DispatchSettings DEFAULTS = new DispatchSettings(Duration.ofMillis(60000), 4, 10000, 5,
            Duration.ofMillis(1000), Duration.ofMillis(300000));

    DispatchSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be more than 0 ms, is " + timeout.toMillis());
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, is " + concurrency);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be 1 or more, is " + queueCapacity);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, is " + maxAttempts);
        }
    }

    /**
     * @param properties a handler's service properties
     * @return these settings with the handler's {@code dispatch.*} overrides
     * @throws IllegalArgumentException naming the property and value that is not a number or out of range
     */
    DispatchSettings overriddenBy(Map<String, ?> properties) {
        return new DispatchSettings(
                Duration.ofMillis(number(properties, HandlerProperties.DISPATCH_TIMEOUT, timeout.toMillis())),
                (int) number(properties, HandlerProperties.DISPATCH_CONCURRENCY, concurrency),
                (int) number(properties, HandlerProperties.DISPATCH_QUEUE_CAPACITY, queueCapacity),
                (int) number(properties, HandlerProperties.DISPATCH_MAX_ATTEMPTS, maxAttempts),
                Duration.ofMillis(number(properties, HandlerProperties.DISPATCH_BACKOFF_INITIAL, backoffInitial.toMillis())),
                Duration.ofMillis(number(properties, HandlerProperties.DISPATCH_BACKOFF_MAX, backoffMax.toMillis())));
    }

    private static long number(Map<String, ?> properties, String key, long fallback) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        long n;
        if (value instanceof Number number) {
            n = number.longValue();
        } else {
            try {
                n = Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("service property '" + key + "' is not a number: '" + value + "'");
            }
        }
        return n == 0 ? fallback : n;
    }
}
