package io.jobhook.simulator.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** A custom orchestrator job type; field {@code type}: 1 string, 2 integer, 3 date and time, 4 boolean. */
public record SimCustomJobType(UUID id, String jobTypeName, String description, List<Field> jobTypeFields) {

    public SimCustomJobType {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobTypeName, "jobTypeName");
        jobTypeFields = jobTypeFields == null ? List.of() : List.copyOf(jobTypeFields);
    }

    /**
     * The values of a job of this type, as {@code POST /OrchestratorJobs/Custom} takes them: fields named in any
     * case, missing ones given their defaults, values kept as text.
     *
     * @throws IllegalArgumentException naming an unknown field, a missing required one, or a value of the wrong type
     */
    public Map<String, String> fieldValues(Map<String, ?> fields) {
        Map<String, String> given = new LinkedHashMap<>();
        if (fields != null) {
            fields.forEach((k, v) -> given.put(k.toLowerCase(Locale.ROOT), v == null ? null : String.valueOf(v)));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Field f : jobTypeFields) {
            String v = given.remove(f.name().toLowerCase(Locale.ROOT));
            if (v == null) {
                v = f.defaultValue();
            }
            if (v == null && f.required()) {
                throw new IllegalArgumentException("Job field '" + f.name() + "' of " + jobTypeName + " is required");
            }
            if (v != null) {
                checkFieldType(f, v);
                values.put(f.name(), v);
            }
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("Job type " + jobTypeName + " has no field '"
                    + given.keySet().iterator().next() + "'");
        }
        return values;
    }

    private void checkFieldType(Field f, String v) {
        boolean ok = switch (f.type()) {
            case 2 -> v.trim().matches("-?\\d+");
            case 3 -> {
                try {
                    Timestamps.parse(v);
                    yield true;
                } catch (IllegalArgumentException e) {
                    yield false;
                }
            }
            case 4 -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
            default -> true;
        };
        if (!ok) {
            String expected = switch (f.type()) {
                case 2 -> "an integer";
                case 3 -> "a date and time";
                default -> "true or false";
            };
            throw new IllegalArgumentException("Job field '" + f.name() + "' of " + jobTypeName + " must be "
                    + expected + ", was '" + v + "'");
        }
    }

    /** A field of the job type. */
    public record Field(String name, int type, String defaultValue, boolean required) {
    }
}
