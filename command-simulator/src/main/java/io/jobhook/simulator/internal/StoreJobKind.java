package io.jobhook.simulator.internal;

/** The four kinds of job Command creates for a store type; job type name = Capability + suffix. */
public enum StoreJobKind {
    INVENTORY("Inventory"), MANAGEMENT("Management"), DISCOVERY("Discovery"), REENROLLMENT("Reenrollment");

    private final String suffix;

    StoreJobKind(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    public String jobTypeName(String capability) {
        return capability + suffix;
    }
}
