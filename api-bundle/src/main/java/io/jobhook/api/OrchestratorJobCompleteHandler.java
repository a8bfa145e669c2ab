package io.jobhook.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A job completion handler: code that runs after an orchestrator job has completed.
 *
 * <p>This is Keyfactor Command's {@code IOrchestratorJobCompleteHandler}. Command's
 * {@code string JobTypes { get; }} property becomes the service property
 * {@link HandlerProperties#JOB_TYPES jobTypes}; {@code bool RunHandler(context)} becomes
 * {@link #runHandler(OrchestratorJobCompleteHandlerContext)}.
 *
 * <p>Register an implementation as an OSGi service (a Declarative Services component is the usual way)
 * with {@code jobTypes} and/or {@code storeTypes}. Since DS copies a component's configuration into its
 * service properties, a handler's configuration <em>is</em> its registration: editing
 * {@code etc/<pid>.cfg} re-routes completions without a restart.
 *
 * <p>How Jobhook calls it, where Command leaves it undefined:
 * <ul>
 * <li>for every completion whose {@code JobTypeId} is among the handler's job types, whatever the
 * result (failures included) and again on each platform retry ({@code currentRetryCount});</li>
 * <li>on a thread of the handler's own bulkhead, never on the thread that accepted the completion;
 * several calls may run at once, up to the handler's concurrency limit, so implementations must be
 * thread-safe;</li>
 * <li>with a deadline: a call still running at its timeout is interrupted and counted as timed out;
 * a handler should therefore respond to interruption;</li>
 * <li>a {@code false} return, an exception or a timeout is a failed attempt, retried with backoff up to
 * the handler's maximum attempts; after that the delivery is kept as a dead letter an operator can
 * replay. Delivery is at least once: a redelivery shows
 * {@link OrchestratorJobCompleteHandlerContext#deliveryAttempt()} greater than 1.</li>
 * </ul>
 * Return {@code true} for completions the handler decides are not its business ("not my job").
 */
@ConsumerType
@FunctionalInterface
public interface OrchestratorJobCompleteHandler {

    /**
     * Handles one completed orchestrator job.
     *
     * @param context the completed job, as Command describes it, with a Command API client
     * @return {@code true} if the handler did its work (or decided there was none to do), {@code false}
     *         if it failed and the completion should be retried
     */
    boolean runHandler(OrchestratorJobCompleteHandlerContext context);
}
