/**
 * The job history poller: where polled completions enter Jobhook, against an unmodified Command.
 *
 * <p>Plain Java core, free of OSGi: {@link io.jobhook.runtime.poller.internal.JobHistoryPoller} reads
 * {@code GET /OrchestratorJobs/JobHistory} oldest first, page by page, turns each finished row into an
 * {@link io.jobhook.api.OrchestratorJobCompleteHandlerContext} (job-type GUIDs through
 * {@link io.jobhook.runtime.poller.internal.JobTypeDirectory}, orchestrators through
 * {@link io.jobhook.runtime.poller.internal.AgentDirectory}), hands it to the
 * {@link io.jobhook.runtime.spi.CompletionIntake} and only then moves its
 * {@link io.jobhook.runtime.poller.internal.PollerCheckpoint} in the journal. A thin shell,
 * {@link io.jobhook.runtime.poller.internal.JobHistoryPollerComponent} (PID {@code io.jobhook.poller}), runs it on
 * one scheduler thread.
 */
package io.jobhook.runtime.poller.internal;
