package io.jobhook.simulator.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.jobhook.simulator.SimSchedule;

/** A certificate store: on {@code clientMachine} at {@code storePath}, served by an orchestrator. */
public record SimStore(UUID id, String clientMachine, String storePath, int certStoreType, UUID agentId,
        UUID inventoryJobId, SimSchedule inventorySchedule, Map<String, Object> properties) {

    public SimStore {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clientMachine, "clientMachine");
        Objects.requireNonNull(storePath, "storePath");
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
