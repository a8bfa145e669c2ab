package io.jobhook.simulator.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Timestamps as Command writes them: UTC, whole seconds, no offset ({@code 2023-05-06T00:27:00}). */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private Timestamps() {
    }

    /** @return the instant in Command's spelling, or null for null */
    public static String format(Instant instant) {
        return instant == null ? null
                : FORMAT.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }

    /**
     * Parses a timestamp with an offset ({@code ...Z}, {@code +02:00}) or without one (then UTC).
     *
     * @throws IllegalArgumentException naming the value
     */
    public static Instant parse(String text) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException("'" + text + "' is not a timestamp (expected e.g. 2023-05-06T00:27:00)");
                }
            }
        }
    }
}
