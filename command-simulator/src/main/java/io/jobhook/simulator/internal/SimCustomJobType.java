package io.jobhook.simulator.internal;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A custom orchestrator job type; field {@code type}: 1 string, 2 integer, 3 date and time, 4 boolean. */
public record SimCustomJobType(UUID id, String jobTypeName, String description, List<Field> jobTypeFields) {

    public SimCustomJobType {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobTypeName, "jobTypeName");
        jobTypeFields = jobTypeFields == null ? List.of() : List.copyOf(jobTypeFields);
    }

    /** A field of the job type. */
    public record Field(String name, int type, String defaultValue, boolean required) {
    }
}
