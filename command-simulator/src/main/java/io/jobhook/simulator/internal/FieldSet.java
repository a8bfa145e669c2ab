package io.jobhook.simulator.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.jobhook.simulator.CodedEnum;

/**
 * The fields of one endpoint's rows that queries may compare and sort by, looked up without case.
 *
 * @param <T> the row type
 */
public final class FieldSet<T> {

    /** How a field's values compare. */
    public enum Kind { STRING, NUMBER, GUID, DATE, BOOLEAN, ENUM }

    /**
     * A field.
     *
     * @param name its name as documented
     * @param kind how it compares
     * @param enumType for {@link Kind#ENUM}, the enum class; else null
     * @param accessor the value of a row: String, Number, UUID, Instant, Boolean or CodedEnum; null allowed
     * @param sortable whether {@code SortField} may name it
     */
    public record Field<T>(String name, Kind kind, Class<? extends CodedEnum> enumType, Function<T, Object> accessor,
            boolean sortable) {
    }

    private final Map<String, Field<T>> fields = new LinkedHashMap<>();

    public FieldSet<T> add(String name, Kind kind, Function<T, Object> accessor) {
        fields.put(name.toLowerCase(Locale.ROOT), new Field<>(name, kind, null, accessor, true));
        return this;
    }

    public FieldSet<T> addEnum(String name, Class<? extends CodedEnum> type, Function<T, Object> accessor) {
        fields.put(name.toLowerCase(Locale.ROOT), new Field<>(name, Kind.ENUM, type, accessor, true));
        return this;
    }

    /** A field queries may use but {@code SortField} may not (not in the endpoint's response). */
    public FieldSet<T> addQueryOnly(String name, Kind kind, Function<T, Object> accessor) {
        fields.put(name.toLowerCase(Locale.ROOT), new Field<>(name, kind, null, accessor, false));
        return this;
    }

    public Optional<Field<T>> field(String name) {
        return Optional.ofNullable(fields.get(name.toLowerCase(Locale.ROOT)));
    }

    public List<Field<T>> fields() {
        return Collections.unmodifiableList(List.copyOf(fields.values()));
    }
}
