package io.jobhook.api.command;

/**
 * What a custom job's run returned ({@code GET /OrchestratorJobs/JobStatus/Data}).
 *
 * @param jobHistoryId the run
 * @param data the data, as the orchestrator sent it (up to 2 MB), or null
 */
public record JobStatusData(long jobHistoryId, String data) {
}
