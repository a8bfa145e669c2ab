package io.jobhook.testkit;

import java.time.Duration;

import io.jobhook.runtime.spi.AttemptOutcome;

/**
 * One attempt of a delivery, as the runtime would record it.
 *
 * @param number the attempt's number, from 1 (the context's {@code deliveryAttempt()})
 * @param outcome how it ended: success, {@code false}, an exception, or still running at its deadline
 * @param thrown what the handler threw, or null
 * @param duration how long it ran (its timeout, for a timed-out attempt)
 * @param retryAfter how long the runtime would wait before the next attempt, or null after the last one
 */
public record AttemptReport(int number, AttemptOutcome outcome, Throwable thrown, Duration duration, Duration retryAfter) {

    AttemptReport withRetryAfter(Duration wait) {
        return new AttemptReport(number, outcome, thrown, duration, wait);
    }
}
