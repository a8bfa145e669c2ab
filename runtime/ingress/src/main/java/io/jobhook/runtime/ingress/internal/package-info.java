/**
 * The HTTP ingress: {@code POST /jobhook/v1/completions}, where pushed completions enter Jobhook.
 *
 * <p>Plain Java core, free of the servlet API: {@link io.jobhook.runtime.ingress.internal.CompletionDecoder}
 * turns a body into an {@link io.jobhook.api.OrchestratorJobCompleteHandlerContext} (or a list of field
 * errors), {@link io.jobhook.runtime.ingress.internal.IngressHandler} checks the method, the token, the
 * media type, the size and the idempotency key and hands the completion to the
 * {@link io.jobhook.runtime.spi.CompletionIntake}. Thin shells: {@link io.jobhook.runtime.ingress.internal.IngressServlet}
 * (the servlet API) and {@link io.jobhook.runtime.ingress.internal.IngressComponent} (configuration PID
 * {@code io.jobhook.ingress}, the servlet whiteboard).
 */
package io.jobhook.runtime.ingress.internal;
