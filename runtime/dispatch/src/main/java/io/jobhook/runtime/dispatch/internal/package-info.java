/**
 * Where handlers are chosen and where they run. {@link io.jobhook.runtime.dispatch.internal.HandlerIndex}
 * maps job-type GUIDs to handler identities; {@link io.jobhook.runtime.dispatch.internal.Bulkhead} runs one
 * handler's deliveries with its own queue, concurrency limit and timeout;
 * {@link io.jobhook.runtime.dispatch.internal.Dispatcher} journals, matches and delivers. All plain Java;
 * {@link io.jobhook.runtime.dispatch.internal.DispatcherComponent} wires them in OSGi.
 */
package io.jobhook.runtime.dispatch.internal;
