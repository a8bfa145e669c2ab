package io.jobhook.simulator.internal;

import java.util.Objects;

/**
 * An API request the simulator answered, as {@link CommandSimulator#answeredRequests()} keeps it.
 *
 * @param method e.g. {@code GET}
 * @param path the path below the base path, as sent (still percent-encoded), e.g.
 *        {@code /OrchestratorJobs/JobHistory}; {@code /} for the base path itself
 * @param rawQuery the query as sent (still percent-encoded), or null when there was none
 * @param status the status answered; 0 when the connection was closed without an answer (fault
 *        {@code disconnect})
 */
public record AnsweredRequest(String method, String path, String rawQuery, int status) {

    public AnsweredRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }
}
