package io.jobhook.simulator.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a certificate store type is, before a Command instance gives it an id and job-type GUIDs: the
 * facts of an integration manifest (names, capability, supported operations, property names and types).
 */
public record StoreTypeDefinition(String name, String shortName, String capability, boolean localStore,
        Operations supportedOperations, List<Property> properties, List<EntryParameter> entryParameters,
        PasswordOptions passwordOptions, String storePathType, String storePathValue, String privateKeyAllowed,
        String customAliasAllowed, boolean serverRequired, boolean powerShell, boolean blueprintAllowed,
        List<String> jobProperties) {

    public StoreTypeDefinition {
        Objects.requireNonNull(name, "Name");
        Objects.requireNonNull(shortName, "ShortName");
        Objects.requireNonNull(capability, "Capability");
        Objects.requireNonNull(supportedOperations, "SupportedOperations");
        properties = properties == null ? List.of() : List.copyOf(properties);
        entryParameters = entryParameters == null ? List.of() : List.copyOf(entryParameters);
        passwordOptions = passwordOptions == null ? new PasswordOptions(false, false, "Default") : passwordOptions;
        jobProperties = jobProperties == null ? List.of() : List.copyOf(jobProperties);
    }

    /** {@code SupportedOperations}. */
    public record Operations(boolean add, boolean create, boolean discovery, boolean enrollment, boolean remove) {
        /** @return whether Command creates a Management job type (add, remove or create) */
        public boolean management() {
            return add || remove || create;
        }
    }

    /** A store property: type is {@code String}, {@code MultipleChoice}, {@code Bool} or {@code Secret}. */
    public record Property(String name, String displayName, String type, String dependsOn, String defaultValue,
            boolean required) {
    }

    /** A per-entry parameter. */
    public record EntryParameter(String name, String displayName, String type, Map<String, Boolean> requiredWhen,
            String dependsOn, String defaultValue, String options) {
        public EntryParameter {
            requiredWhen = requiredWhen == null ? Map.of() : Map.copyOf(requiredWhen);
        }
    }

    /** {@code PasswordOptions}. */
    public record PasswordOptions(boolean entrySupported, boolean storeRequired, String style) {
    }
}
