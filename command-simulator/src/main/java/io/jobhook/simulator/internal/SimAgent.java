package io.jobhook.simulator.internal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An orchestrator. {@code status}: 1 new, 2 approved, 3 disapproved; {@code agentPlatform}: Command's
 * number (2 is the Universal Orchestrator).
 */
public record SimAgent(UUID agentId, String clientMachine, String username, int agentPlatform, String version,
        int status, Instant lastSeen, List<String> capabilities) {

    public static final int STATUS_NEW = 1;
    public static final int STATUS_APPROVED = 2;
    public static final int STATUS_DISAPPROVED = 3;
    /** Command's AgentPlatform number of the Universal Orchestrator. */
    public static final int PLATFORM_UNIVERSAL = 2;

    public SimAgent {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(clientMachine, "clientMachine");
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    public boolean approved() {
        return status == STATUS_APPROVED;
    }
}
