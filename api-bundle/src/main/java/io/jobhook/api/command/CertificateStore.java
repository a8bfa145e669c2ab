package io.jobhook.api.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A certificate store ({@code GET /CertificateStores/{id}}).
 *
 * @param id the store's GUID
 * @param clientMachine its target host
 * @param storePath its path (Command spells the field {@code Storepath})
 * @param certStoreType the store type's integer id
 * @param certStoreInventoryJobId the GUID of its inventory job, or null
 * @param agentId the orchestrator that serves it
 * @param properties its custom fields, decoded from the JSON text Command sends; secrets among them are
 *        as Command answers them (Command does not return secret values)
 * @param inventorySchedule its inventory schedule, or null
 */
public record CertificateStore(UUID id, String clientMachine, String storePath, int certStoreType,
        UUID certStoreInventoryJobId, UUID agentId, Map<String, Object> properties, Schedule inventorySchedule) {

    public CertificateStore {
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
