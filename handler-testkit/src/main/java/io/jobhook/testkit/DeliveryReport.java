package io.jobhook.testkit;

import java.util.List;
import java.util.UUID;

import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.DeliveryState;

/**
 * How the delivery of one completion to a handler ended, and each attempt it took.
 *
 * @param eventId the completion's event id (the {@code eventId} of the handler's log lines)
 * @param state {@code DELIVERED}, or {@code FAILED}: a dead letter in the runtime, kept for an operator to replay
 * @param attempts every attempt, in order
 */
public record DeliveryReport(UUID eventId, DeliveryState state, List<AttemptReport> attempts) {

    public DeliveryReport {
        attempts = List.copyOf(attempts);
    }

    /** @return whether the handler returned {@code true} within its attempts */
    public boolean delivered() {
        return state == DeliveryState.DELIVERED;
    }

    /** @return the outcome of each attempt, in order */
    public List<AttemptOutcome> outcomes() {
        return attempts.stream().map(AttemptReport::outcome).toList();
    }

    /** @return the last attempt */
    public AttemptReport last() {
        return attempts.get(attempts.size() - 1);
    }
}
