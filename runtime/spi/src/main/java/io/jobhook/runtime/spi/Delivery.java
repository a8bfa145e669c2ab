package io.jobhook.runtime.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * The delivery of one completion to one handler identity.
 *
 * @param eventId the completion
 * @param handler the handler's identity ({@code service.pid}, {@code component.name},
 *        {@code jobhook.handler.id} or the bundle's symbolic name, in that order)
 * @param state where it stands
 * @param attempts how many attempts have ended
 */
public record Delivery(UUID eventId, String handler, DeliveryState state, int attempts) {

    public Delivery {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(state, "state");
    }
}
