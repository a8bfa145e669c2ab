package io.jobhook.api.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A custom orchestrator job to schedule ({@code POST /OrchestratorJobs/Custom}), such as "restart the
 * service behind the firewall after a renewal".
 *
 * @param agentId the orchestrator to run it
 * @param jobTypeName the custom job type's name ({@code GET /JobTypes/Custom})
 * @param schedule when; null means immediately
 * @param jobFields the job type's fields, by name: strings, numbers, booleans
 */
public record CustomJobRequest(UUID agentId, String jobTypeName, Schedule schedule, Map<String, Object> jobFields) {

    /**
     * @throws IllegalArgumentException when the orchestrator or the job type is missing
     */
    public CustomJobRequest {
        if (agentId == null) {
            throw new IllegalArgumentException("A custom job needs the orchestrator's agentId");
        }
        if (jobTypeName == null || jobTypeName.isBlank()) {
            throw new IllegalArgumentException("A custom job needs its jobTypeName");
        }
        schedule = Objects.requireNonNullElse(schedule, Schedule.immediate());
        jobFields = jobFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(jobFields));
    }

    /** @return a request to run {@code jobTypeName} on {@code agentId} now, without fields */
    public static CustomJobRequest immediate(UUID agentId, String jobTypeName) {
        return new CustomJobRequest(agentId, jobTypeName, Schedule.immediate(), Map.of());
    }
}
