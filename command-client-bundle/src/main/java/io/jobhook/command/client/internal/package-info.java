/**
 * The {@link io.jobhook.api.command.CommandApi} service: Keyfactor Command's REST API over
 * {@code java.net.http.HttpClient} and Jackson. {@link io.jobhook.command.client.internal.HttpCommandApi}
 * is the component (PID {@code io.jobhook.command}) and the implementation; it and its collaborators are plain
 * Java, built in tests without a framework.
 */
package io.jobhook.command.client.internal;
