package io.jobhook.runtime.spi;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/** What operators see of and do to deliveries: handler status, replays. Implemented by the dispatcher. */
@ProviderType
public interface DeliveryControl {

    /** @return every handler identity the dispatcher knows, present or away */
    List<HandlerStatus> handlers();

    /**
     * Delivers a dead letter again: the delivery becomes PENDING and its next attempt is queued.
     *
     * @return whether there was such a dead letter
     */
    boolean replay(UUID eventId, String handler);

    /** Replays every dead letter of a handler identity; @return how many */
    int replayAll(String handler);
}
