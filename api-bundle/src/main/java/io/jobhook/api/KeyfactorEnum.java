package io.jobhook.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An enumeration Keyfactor Command sends sometimes as a name ({@code "Success"}) and sometimes as a
 * number ({@code 2}), depending on the endpoint. Jobhook accepts both everywhere.
 *
 * <p>Implemented by Jobhook's enums only; the static methods parse and look up any of them.
 */
@ProviderType
public interface KeyfactorEnum {

    /** @return the number Command uses for this value */
    int code();

    /** @return the name Command uses for this value, e.g. {@code InProcess} */
    String keyfactorName();

    /**
     * Parses Command's name (case-insensitive, e.g. {@code success}, {@code InProcess}), the Java
     * constant's name ({@code IN_PROCESS}) or the number ({@code 2}).
     *
     * @param type the enumeration
     * @param value what Command or a user sent
     * @return the value
     * @throws IllegalArgumentException naming the value and every allowed one, for anything else
     */
    static <E extends Enum<E> & KeyfactorEnum> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(type.getSimpleName() + " is missing; allowed: " + allowed(type));
        }
        String text = value.strip();
        // Printable ASCII only: a control character or a letter that only Unicode case folding maps to ASCII
        // (a long s for "s", a Kelvin sign U+212A for "K") is no name Command sends
        if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(type.getSimpleName() + " '" + text.replaceAll("\\p{Cntrl}", "?")
                    + "' is not one of: " + allowed(type));
        }
        if (text.matches("[+-]?\\d{1,9}")) {
            return fromCode(type, Integer.parseInt(text));
        }
        String squeezed = text.replace("_", "").toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.keyfactorName().equalsIgnoreCase(text)
                    || constant.name().replace("_", "").toLowerCase(Locale.ROOT).equals(squeezed)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(
                type.getSimpleName() + " '" + text + "' is not one of: " + allowed(type));
    }

    /**
     * Looks a value up by Command's number.
     *
     * @throws IllegalArgumentException naming the number and every allowed one, for an unknown number
     */
    static <E extends Enum<E> & KeyfactorEnum> E fromCode(Class<E> type, int code) {
        for (E constant : type.getEnumConstants()) {
            if (constant.code() == code) {
                return constant;
            }
        }
        throw new IllegalArgumentException(
                type.getSimpleName() + " " + code + " is not one of: " + allowed(type));
    }

    /** @return every value of {@code type} as {@code Name (code)}, for error messages and help texts */
    static <E extends Enum<E> & KeyfactorEnum> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(c -> c.keyfactorName() + " (" + c.code() + ")")
                .collect(Collectors.joining(", "));
    }
}
