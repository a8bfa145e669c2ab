package io.jobhook.api;

/**
 * How a completion reached Jobhook. Command itself has no such notion: its handlers run inside the
 * platform.
 */
public enum CompletionSource {
    /** Pushed to Jobhook's HTTP ingress, by a Command-side forwarder or any other client. */
    PUSH,
    /** Read from Command's job history ({@code GET /OrchestratorJobs/JobHistory}) by the poller. */
    POLL,
    /** Fired by an operator, or built by hand (in a handler's unit test, for instance). */
    MANUAL
}
