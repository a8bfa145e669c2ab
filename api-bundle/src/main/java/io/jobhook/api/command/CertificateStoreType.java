package io.jobhook.api.command;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.jobhook.api.JobKind;

/**
 * A certificate store type ({@code GET /CertificateStoreTypes/Name/{name}}), with the four job-type
 * GUIDs Command generated for it in this instance.
 *
 * @param storeType Command's integer id of the type
 * @param name e.g. {@code Windows Certificate}
 * @param shortName e.g. {@code WinCert}, the same in every Command instance
 * @param capability the prefix of its job type names, e.g. {@code WinCert}
 * @param localStore whether stores are on the orchestrator's own machine
 * @param supportedOperations what it supports
 * @param properties its stores' custom fields
 * @param entryParameters its per-entry parameters
 * @param privateKeyAllowed {@code Forbidden}, {@code Optional} or {@code Required}
 * @param customAliasAllowed {@code Forbidden}, {@code Optional} or {@code Required}
 * @param serverRequired whether stores need server credentials
 * @param powerShell whether it is served by PowerShell
 * @param blueprintAllowed whether it may be in blueprints
 * @param inventoryEndpoint the inventory endpoint's path, or null
 * @param inventoryJobType the Inventory job type's GUID (never null in Command)
 * @param managementJobType the Management job type's GUID, null when unsupported
 * @param discoveryJobType the Discovery job type's GUID, null when unsupported
 * @param enrollmentJobType the Reenrollment job type's GUID, null when unsupported
 */
public record CertificateStoreType(int storeType, String name, String shortName, String capability,
        boolean localStore, SupportedOperations supportedOperations, List<StoreTypeProperty> properties,
        List<StoreTypeEntryParameter> entryParameters, String privateKeyAllowed, String customAliasAllowed,
        boolean serverRequired, boolean powerShell, boolean blueprintAllowed, String inventoryEndpoint,
        UUID inventoryJobType, UUID managementJobType, UUID discoveryJobType, UUID enrollmentJobType) {

    public CertificateStoreType {
        properties = properties == null ? List.of() : List.copyOf(properties);
        entryParameters = entryParameters == null ? List.of() : List.copyOf(entryParameters);
    }

    /** @return the job-type GUID of the given kind, or empty when the type has no such job */
    public Optional<UUID> jobTypeId(JobKind kind) {
        return Optional.ofNullable(switch (kind) {
            case INVENTORY -> inventoryJobType;
            case MANAGEMENT -> managementJobType;
            case DISCOVERY -> discoveryJobType;
            case REENROLLMENT -> enrollmentJobType;
        });
    }

    /** @return every job-type GUID the type has, by kind, in {@link JobKind} order */
    public Map<JobKind, UUID> jobTypeIds() {
        Map<JobKind, UUID> ids = new EnumMap<>(JobKind.class);
        for (JobKind kind : JobKind.values()) {
            jobTypeId(kind).ifPresent(id -> ids.put(kind, id));
        }
        return ids;
    }

    /** @return which kind of this type's jobs the GUID stands for, or empty when it is none of them */
    public Optional<JobKind> kindOf(UUID jobTypeId) {
        return jobTypeIds().entrySet().stream()
                .filter(e -> e.getValue().equals(jobTypeId))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
