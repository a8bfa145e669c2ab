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
 * @param node the runtime that made it, on a journal several runtimes share (as the journal read it back); null
 *        otherwise, and in what the dispatcher hands over (the journal knows which runtime it serves) (since 2.1)
 */
public record Attempt(UUID eventId, String handler, int number, AttemptOutcome outcome, String detail,
        String handlerVersion, Instant startedAt, Duration duration, String node) {

    /** An attempt as the dispatcher records it: the journal adds which runtime made it, where that matters. */
    public Attempt(UUID eventId, String handler, int number, AttemptOutcome outcome, String detail,
            String handlerVersion, Instant startedAt, Duration duration) {
        this(eventId, handler, number, outcome, detail, handlerVersion, startedAt, duration, null);
    }

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
