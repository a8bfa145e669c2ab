/**
 * The {@link io.jobhook.api.command.CommandApi} service: Keyfactor Command's REST API over
 * {@code java.net.http.HttpClient} and Jackson. {@link io.jobhook.command.client.internal.HttpCommandApi}
 * and its collaborators are plain Java; {@link io.jobhook.command.client.internal.CommandApiComponent}
 * wires them from configuration PID {@code io.jobhook.command}.
 */
package io.jobhook.command.client.internal;
