package io.jobhook.api.command;

/**
 * A custom field of a certificate store type's stores ({@code Properties[]}).
 *
 * @param name the property's name
 * @param displayName its label
 * @param type {@code String}, {@code MultipleChoice}, {@code Bool} or {@code Secret}
 * @param required whether a store must set it
 * @param defaultValue its default (the choices, comma-separated, for {@code MultipleChoice}), or null
 * @param dependsOn the property it depends on, or null
 */
public record StoreTypeProperty(String name, String displayName, String type, boolean required, String defaultValue,
        String dependsOn) {
}
