package io.jobhook.runtime.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One attempt at delivering a completion to a handler.
 *
 * @param eventId the completion
 * @param handler the handler's identity
 * @param number the attempt's number, from 1
 * @param outcome how it ended
 * @param detail the exception's class and message, the timeout, or null
 * @param handlerVersion the version of the bundle that handled it, or null
 * @param startedAt when it started
 * @param duration how long it took (until the deadline, for a timeout)
 */
public record Attempt(UUID eventId, String handler, int number, AttemptOutcome outcome, String detail,
        String handlerVersion, Instant startedAt, Duration duration) {

    public Attempt {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        if (number < 1) {
            throw new IllegalArgumentException("An attempt's number starts at 1, was " + number);
        }
    }
}
