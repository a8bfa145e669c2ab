package io.jobhook.simulator.internal;

import java.util.Optional;
import java.util.UUID;

/**
 * A store type as this instance serves it: its definition, Command's integer id and the job-type GUIDs
 * (Inventory always; Management for add, remove or create; Discovery; Reenrollment for enrollment).
 */
public record SimStoreType(int storeType, StoreTypeDefinition definition, UUID inventoryJobType,
        UUID managementJobType, UUID discoveryJobType, UUID enrollmentJobType) {

    /** @return the type with the GUIDs derived from the seed */
    public static SimStoreType of(int id, StoreTypeDefinition d, long seed) {
        StoreTypeDefinition.Operations ops = d.supportedOperations();
        String s = d.shortName();
        return new SimStoreType(id, d, GuidDerivation.jobTypeId(seed, s, StoreJobKind.INVENTORY),
                ops.management() ? GuidDerivation.jobTypeId(seed, s, StoreJobKind.MANAGEMENT) : null,
                ops.discovery() ? GuidDerivation.jobTypeId(seed, s, StoreJobKind.DISCOVERY) : null,
                ops.enrollment() ? GuidDerivation.jobTypeId(seed, s, StoreJobKind.REENROLLMENT) : null);
    }

    public String shortName() {
        return definition.shortName();
    }

    public String capability() {
        return definition.capability();
    }

    /** @return the job type GUID of the kind, if the type has it */
    public Optional<UUID> jobTypeId(StoreJobKind kind) {
        return Optional.ofNullable(switch (kind) {
            case INVENTORY -> inventoryJobType;
            case MANAGEMENT -> managementJobType;
            case DISCOVERY -> discoveryJobType;
            case REENROLLMENT -> enrollmentJobType;
        });
    }

    /** @return e.g. {@code WinCertInventory} */
    public String jobTypeName(StoreJobKind kind) {
        return kind.jobTypeName(capability());
    }
}
