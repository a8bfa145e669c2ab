/**
 * The contract between the Jobhook runtime and job completion handlers.
 *
 * <p>This is Keyfactor Command's {@code Keyfactor.Platform.Extensions} extension point for orchestrator
 * jobs, in Java: a handler implements {@link io.jobhook.api.OrchestratorJobCompleteHandler} and registers
 * it as an OSGi service with the {@link io.jobhook.api.HandlerProperties#JOB_TYPES jobTypes} (or
 * {@link io.jobhook.api.HandlerProperties#STORE_TYPES storeTypes}) it reacts to. After an orchestrator
 * job completes, the runtime calls every matching handler with an
 * {@link io.jobhook.api.OrchestratorJobCompleteHandlerContext} carrying the same fields Command passes
 * to its .NET handlers, plus a client for Command's REST API.
 *
 * <p>What Jobhook adds: each handler is a bundle that can be installed, updated and removed while
 * completions keep flowing; each runs in its own bulkhead (queue, concurrency limit, timeout); every
 * accepted completion is journaled before it is acknowledged, so a {@code false} return, an exception
 * or a timeout is retried and, in the end, kept for an operator to see and replay.
 *
 * <p>Exported without a self-import: nothing else provides this package.
 */
@Export(substitution = Substitution.NOIMPORT)
@Version("1.1.0")
package io.jobhook.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.bundle.Export.Substitution;
import org.osgi.annotation.versioning.Version;
