package io.jobhook.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enumeration Command writes as a number or a name. */
public interface CodedEnum {

    int code();

    String keyfactorName();

    /**
     * Parses a name (any case) or a number.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    static <E extends Enum<E> & CodedEnum> E parse(Class<E> type, String value) {
        String v = value == null ? "" : value.trim();
        for (E e : type.getEnumConstants()) {
            if (e.keyfactorName().equalsIgnoreCase(v) || Integer.toString(e.code()).equals(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.keyfactorName() + " (" + e.code() + ")").collect(Collectors.joining(", ")));
    }

    /** @return the constant's name in lower case, for messages */
    default String lowerName() {
        return keyfactorName().toLowerCase(Locale.ROOT);
    }
}
