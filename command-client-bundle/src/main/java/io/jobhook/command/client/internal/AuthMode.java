package io.jobhook.command.client.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the client authenticates to Command (configuration key {@code auth}). */
enum AuthMode {
    BASIC, OAUTH, BEARER, NONE;

    static AuthMode parse(String value) {
        String text = value == null || value.isBlank() ? "basic" : value.trim();
        for (AuthMode mode : values()) {
            if (mode.key().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of "
                + Arrays.stream(values()).map(AuthMode::key).collect(Collectors.joining(", ")));
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
