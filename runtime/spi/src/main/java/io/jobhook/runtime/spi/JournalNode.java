package io.jobhook.runtime.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One runtime sharing a journal with others, as the journal knows it.
 *
 * @param nodeId its name in the journal ({@code nodeId} of PID {@code io.jobhook.journal})
 * @param startedAt when it last connected
 * @param heartbeatAt when it last renewed what it holds
 * @param alive whether that was within a lease (it still holds its deliveries)
 * @param self whether it is the runtime asking
 * @since 2.1
 */
public record JournalNode(String nodeId, Instant startedAt, Instant heartbeatAt, boolean alive, boolean self) {

    public JournalNode {
        Objects.requireNonNull(nodeId, "nodeId");
    }
}
