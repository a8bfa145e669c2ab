package io.jobhook.api;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Parses GUIDs as Keyfactor Command and its operators write them, strictly.
 *
 * <p>Accepted: 32 hexadecimal digits in any case, hyphenated 8-4-4-4-12 ({@code .NET} format "D"),
 * optionally in braces ("B") or parentheses ("P"), or without hyphens ("N"), with blanks around them.
 * {@link UUID#fromString(String)} alone is not used because it accepts malformed values such as
 * {@code 1-1-1-1-1}.
 */
public final class Guids {

    /** The nil GUID ({@code .NET} {@code Guid.Empty}): Jobhook's value for an unknown orchestrator. */
    public static final UUID NIL = new UUID(0L, 0L);

    private static final Pattern HYPHENATED = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DIGITS_ONLY = Pattern.compile("[0-9a-fA-F]{32}");
    private static final String EXPECTED =
            "expected 32 hex digits as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, optionally in braces";

    private Guids() {
    }

    /**
     * Parses one GUID.
     *
     * @param value e.g. {@code 49B3A17D-CADA-4EC8-84C6-7719BF5BEEF3} or
     *        {@code {49b3a17d-cada-4ec8-84c6-7719bf5beef3}}
     * @return the GUID
     * @throws IllegalArgumentException naming the value, when it is null, blank or malformed
     */
    public static UUID parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("GUID is missing: " + EXPECTED);
        }
        UUID parsed = tryParse(value);
        if (parsed == null) {
            throw new IllegalArgumentException("Malformed GUID '" + value.trim() + "': " + EXPECTED);
        }
        return parsed;
    }

    /**
     * Parses Keyfactor's comma-separated list of GUIDs, as in the {@code JobTypes} option of a handler's
     * {@code manifest.json}. Blanks around items and empty items (a trailing comma) are ignored;
     * duplicates are dropped, keeping the first occurrence's position.
     *
     * @param commaSeparated e.g. {@code "7a07f123-a6ad-41f6-8dba-08fdf5320f84, {B8054AFC-E3DF-47D6-A0EA-CF8ABCC08978}"};
     *        null or blank gives an empty list
     * @return the GUIDs, in order, unmodifiable
     * @throws IllegalArgumentException naming the first malformed item and its position
     */
    public static List<UUID> parseList(String commaSeparated) {
        Set<UUID> result = new LinkedHashSet<>();
        addAll(result, commaSeparated, new int[] {0});
        return List.copyOf(result);
    }

    /**
     * Parses a service or configuration property that holds job-type GUIDs: a String (possibly
     * comma-separated), a String array, or a collection of Strings, each element possibly
     * comma-separated itself.
     *
     * @param property the property's value; null gives an empty list
     * @return the GUIDs, in order, without duplicates, unmodifiable
     * @throws IllegalArgumentException naming the malformed item and its position, or the unexpected
     *         type
     */
    public static List<UUID> parseList(Object property) {
        if (property == null) {
            return List.of();
        }
        if (property instanceof String s) {
            return parseList(s);
        }
        Collection<?> items;
        if (property instanceof Object[] array) {
            items = List.of(array);
        } else if (property instanceof Collection<?> collection) {
            items = collection;
        } else {
            throw new IllegalArgumentException("Expected GUIDs as a String, String[] or collection of String, not "
                    + property.getClass().getName());
        }
        Set<UUID> result = new LinkedHashSet<>();
        int[] position = {0};
        for (Object item : items) {
            if (item != null && !(item instanceof String)) {
                throw new IllegalArgumentException("Expected GUIDs as Strings, found " + item.getClass().getName()
                        + " '" + item + "'");
            }
            addAll(result, (String) item, position);
        }
        return List.copyOf(result);
    }

    /**
     * @return the GUID in Command's own spelling: lower case, hyphenated, no braces
     */
    public static String format(UUID guid) {
        return guid.toString();
    }

    private static void addAll(Set<UUID> into, String commaSeparated, int[] position) {
        if (commaSeparated == null) {
            return;
        }
        for (String item : commaSeparated.split(",", -1)) {
            if (item.isBlank()) {
                continue;
            }
            position[0]++;
            UUID parsed = tryParse(item);
            if (parsed == null) {
                throw new IllegalArgumentException("Malformed GUID '" + item.trim() + "' (item " + position[0]
                        + " of \"" + commaSeparated.trim() + "\"): " + EXPECTED);
            }
            into.add(parsed);
        }
    }

    private static UUID tryParse(String value) {
        String text = value.trim();
        if (text.length() >= 2 && (text.charAt(0) == '{' && text.charAt(text.length() - 1) == '}'
                || text.charAt(0) == '(' && text.charAt(text.length() - 1) == ')')) {
            text = text.substring(1, text.length() - 1).trim();
        }
        if (HYPHENATED.matcher(text).matches()) {
            return UUID.fromString(text.toLowerCase(Locale.ROOT));
        }
        if (DIGITS_ONLY.matcher(text).matches()) {
            return new UUID(Long.parseUnsignedLong(text.substring(0, 16), 16),
                    Long.parseUnsignedLong(text.substring(16), 16));
        }
        return null;
    }
}
