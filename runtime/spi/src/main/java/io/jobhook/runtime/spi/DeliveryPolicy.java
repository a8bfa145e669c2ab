package io.jobhook.runtime.spi;

import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;

import io.jobhook.api.HandlerProperties;
import io.jobhook.backoff.Backoff;

/**
 * How one handler's deliveries run, and what an attempt's end means for its delivery: the one statement of
 * Jobhook's delivery rules, used by the dispatcher and by the handler test kit alike, so a handler's test sees
 * what the runtime will do.
 *
 * <p>Defaults come from PID {@code io.jobhook.dispatch}, overridden per handler by its service properties
 * {@link HandlerProperties#DISPATCH_TIMEOUT dispatch.timeout}, {@link HandlerProperties#DISPATCH_CONCURRENCY
 * dispatch.concurrency}, ... (same names and units; absent or 0 means the default, as
 * {@link io.jobhook.api.Dispatch} publishes an element not given).
 *
 * @param timeout the most one attempt may run before it is interrupted and counted as timed out
 * @param concurrency how many attempts may run at once
 * @param queueCapacity how many deliveries may wait in memory (more wait in the journal)
 * @param maxAttempts attempts per delivery, the first included
 * @param backoffInitial the wait before the first retry
 * @param backoffMax the longest wait before a retry
 * @since 1.3
 */
public record DeliveryPolicy(Duration timeout, int concurrency, int queueCapacity, int maxAttempts,
        Duration backoffInitial, Duration backoffMax) {

    /** Default {@code timeout}, in milliseconds (PID {@code io.jobhook.dispatch}, runtime/dispatch/README.md). */
    public static final long DEFAULT_TIMEOUT_MILLIS = 60000;
    /** Default {@code concurrency}. */
    public static final int DEFAULT_CONCURRENCY = 4;
    /** Default {@code queueCapacity}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10000;
    /** Default {@code maxAttempts}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default {@code backoffInitial}, in milliseconds. */
    public static final long DEFAULT_BACKOFF_INITIAL_MILLIS = 1000;
    /** Default {@code backoffMax}, in milliseconds. */
    public static final long DEFAULT_BACKOFF_MAX_MILLIS = 300000;

    /** The defaults of PID {@code io.jobhook.dispatch} (runtime/dispatch/README.md). */
    public static final DeliveryPolicy DEFAULTS = new DeliveryPolicy(Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS),
            DEFAULT_CONCURRENCY, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_ATTEMPTS,
            Duration.ofMillis(DEFAULT_BACKOFF_INITIAL_MILLIS), Duration.ofMillis(DEFAULT_BACKOFF_MAX_MILLIS));

    /**
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public DeliveryPolicy {
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
        if (backoffInitial.isNegative() || backoffMax.isNegative()) {
            throw new IllegalArgumentException("backoffInitial and backoffMax must not be negative, are "
                    + backoffInitial.toMillis() + " and " + backoffMax.toMillis());
        }
    }

    /**
     * @param properties a handler's service properties
     * @return this policy with the handler's {@code dispatch.*} overrides
     * @throws IllegalArgumentException naming the property and value that is not a number or out of range
     */
    public DeliveryPolicy overriddenBy(Map<String, ?> properties) {
        return new DeliveryPolicy(
                Duration.ofMillis(number(properties, HandlerProperties.DISPATCH_TIMEOUT, timeout.toMillis())),
                (int) number(properties, HandlerProperties.DISPATCH_CONCURRENCY, concurrency),
                (int) number(properties, HandlerProperties.DISPATCH_QUEUE_CAPACITY, queueCapacity),
                (int) number(properties, HandlerProperties.DISPATCH_MAX_ATTEMPTS, maxAttempts),
                Duration.ofMillis(number(properties, HandlerProperties.DISPATCH_BACKOFF_INITIAL, backoffInitial.toMillis())),
                Duration.ofMillis(number(properties, HandlerProperties.DISPATCH_BACKOFF_MAX, backoffMax.toMillis())));
    }

    /**
     * What a handler's return or exception makes of an attempt that ended within its {@link #timeout}: {@code true}
     * is a success, {@code false} and an exception are failures. (Past its timeout an attempt is
     * {@link AttemptOutcome#TIMEOUT}, whatever it returns later.)
     *
     * @param returned what {@code runHandler} returned (ignored when it threw)
     * @param thrown what it threw, or null
     */
    public static AttemptOutcome outcomeOf(boolean returned, Throwable thrown) {
        return thrown != null ? AttemptOutcome.EXCEPTION : returned ? AttemptOutcome.SUCCESS : AttemptOutcome.RETURNED_FALSE;
    }

    /**
     * @param attempt the attempt's number, from 1
     * @param outcome how it ended
     * @return the delivery's state after it: delivered; or failed with another attempt to come ({@code PENDING});
     *         or, after the last attempt, {@code FAILED} — a dead letter for an operator to replay
     */
    public DeliveryState stateAfter(int attempt, AttemptOutcome outcome) {
        if (outcome == AttemptOutcome.SUCCESS) {
            return DeliveryState.DELIVERED;
        }
        return attempt >= maxAttempts ? DeliveryState.FAILED : DeliveryState.PENDING;
    }

    /**
     * @return the longest wait after the {@code failed}-th failed attempt: doubling from the first backoff, capped
     *         (the project's one backoff, the same as the Command client's and the poller's)
     */
    public Duration backoffAfter(int failed) {
        return new Backoff(backoffInitial, backoffMax).ceiling(failed);
    }

    /**
     * @param random a number in [0, 1), e.g. {@code Math::random}
     * @return the wait after the {@code failed}-th failed attempt, jittered between half {@link #backoffAfter(int)}
     *         and all of it, so that the handlers of one outage do not all try again at once
     * @since 2.0
     */
    public Duration backoffAfter(int failed, DoubleSupplier random) {
        return new Backoff(backoffInitial, backoffMax).after(failed, random);
    }

    /** @return how an exception is told in an attempt's record: its class and message */
    public static String describe(Throwable thrown) {
        return thrown.getClass().getName() + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
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
