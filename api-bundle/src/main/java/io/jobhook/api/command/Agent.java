package io.jobhook.api.command;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An orchestrator ({@code GET /Agents}); its {@code agentId} is a completion's {@code AgentId}.
 *
 * @param agentId the orchestrator's GUID
 * @param clientMachine its registered name (job history's {@code AgentMachine})
 * @param username the identity it authenticates with
 * @param agentPlatform Command's number for its platform
 * @param version its version, or null
 * @param status Command's number for its state: 1 new, 2 approved, 3 disapproved
 * @param lastSeen when it last checked in, or null
 * @param capabilities the capabilities it registered, e.g. {@code CertStores.WinCert.Inventory}
 */
public record Agent(UUID agentId, String clientMachine, String username, int agentPlatform, String version,
        int status, Instant lastSeen, List<String> capabilities) {

    /** Command's {@code Status} of an approved orchestrator. */
    public static final int STATUS_APPROVED = 2;

    public Agent {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    /** @return whether the orchestrator is approved and so gets jobs */
    public boolean approved() {
        return status == STATUS_APPROVED;
    }
}
