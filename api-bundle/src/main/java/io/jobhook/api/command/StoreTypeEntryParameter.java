package io.jobhook.api.command;

import java.util.Map;

/**
 * A parameter given per certificate entry of a store type's stores ({@code EntryParameters[]}).
 *
 * @param name the parameter's name
 * @param displayName its label
 * @param type {@code String}, {@code MultipleChoice}, {@code Bool} or {@code Secret}
 * @param requiredWhen when it is required: {@code HasPrivateKey}, {@code OnAdd}, {@code OnRemove},
 *        {@code OnReenrollment} to true or false
 * @param defaultValue its default, or null
 * @param options its choices, or null
 */
public record StoreTypeEntryParameter(String name, String displayName, String type, Map<String, Boolean> requiredWhen,
        String defaultValue, String options) {

    public StoreTypeEntryParameter {
        requiredWhen = requiredWhen == null ? Map.of() : Map.copyOf(requiredWhen);
    }
}
