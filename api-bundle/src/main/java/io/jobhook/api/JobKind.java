package io.jobhook.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The four kinds of job Command runs for a certificate store type. A store type's job type names are
 * its {@code Capability} followed by the kind's suffix ({@code WinCert} + {@code Inventory} =
 * {@code WinCertInventory}), and each kind has its own job-type GUID in each Command instance
 * ({@code InventoryJobType}, {@code ManagementJobType}, {@code DiscoveryJobType},
 * {@code EnrollmentJobType}).
 *
 * <p>Custom orchestrator jobs have none of these kinds: their job type name is the custom job type's.
 */
public enum JobKind {
    /** Inventory of a store; every store type has it. */
    INVENTORY("Inventory"),
    /** Management (add, remove, create) of a store's certificates. */
    MANAGEMENT("Management"),
    /** Discovery of stores on a machine. */
    DISCOVERY("Discovery"),
    /** Reenrollment (key generated on the target); its GUID is the store type's {@code EnrollmentJobType}. */
    REENROLLMENT("Reenrollment");

    private final String suffix;

    JobKind(String suffix) {
        this.suffix = suffix;
    }

    /** @return the suffix of the job type name, e.g. {@code Inventory} */
    public String suffix() {
        return suffix;
    }

    /**
     * @param capability a store type's {@code Capability}, e.g. {@code WinCert}
     * @return the job type name Command uses, e.g. {@code WinCertInventory}
     */
    public String jobTypeName(String capability) {
        return capability + suffix;
    }

    /**
     * Tells the kind from a job type name by its suffix, ignoring case, as Keyfactor's sample does.
     *
     * @param jobType a job type name such as {@code WinCertManagement}
     * @return the kind, or empty for a name without one of the four suffixes (custom jobs)
     */
    public static Optional<JobKind> ofJobTypeName(String jobType) {
        if (jobType == null) {
            return Optional.empty();
        }
        String lower = jobType.toLowerCase(Locale.ROOT);
        for (JobKind kind : values()) {
            String s = kind.suffix.toLowerCase(Locale.ROOT);
            if (lower.endsWith(s) && lower.length() > s.length()) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /**
     * @param jobType a job type name such as {@code WinCertManagement}
     * @return the store type capability, e.g. {@code WinCert}, or empty when the name has no kind suffix
     */
    public static Optional<String> capabilityOf(String jobType) {
        return ofJobTypeName(jobType).map(k -> jobType.substring(0, jobType.length() - k.suffix.length()));
    }
}
