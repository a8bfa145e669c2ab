package io.jobhook.api.command;

import java.util.List;
import java.util.UUID;

/**
 * A custom orchestrator job type ({@code GET /JobTypes/Custom}).
 *
 * @param id the job type's GUID: the {@code JobTypeId} its completions carry
 * @param jobTypeName its name: the {@code JobType} its completions carry
 * @param description its description, or null
 * @param jobTypeFields the fields a job of this type takes
 */
public record CustomJobType(UUID id, String jobTypeName, String description, List<Field> jobTypeFields) {

    public CustomJobType {
        jobTypeFields = jobTypeFields == null ? List.of() : List.copyOf(jobTypeFields);
    }

    /**
     * A field of a custom job type.
     *
     * @param name its name
     * @param type Command's number for its type: 1 string, 2 integer, 3 date and time, 4 boolean
     * @param defaultValue its default, or null
     * @param required whether a job must set it
     */
    public record Field(String name, int type, String defaultValue, boolean required) {
    }
}
