package io.jobhook.api.command;

/**
 * What a certificate store type supports ({@code SupportedOperations}); it decides which job types
 * Command creates for it: Management for add or remove, Discovery, and Reenrollment for enrollment.
 */
public record SupportedOperations(boolean add, boolean create, boolean discovery, boolean enrollment,
        boolean remove) {

    /** @return whether the type has a Management job type */
    public boolean management() {
        return add || remove || create;
    }
}
