/**
 * Command API clients for code that runs outside the Jobhook runtime: a handler author's unit tests, a
 * test kit, a tool. {@link io.jobhook.command.client.CommandClients} builds the same client the
 * {@code io.jobhook.api.command.CommandApi} service is (Keyfactor's headers, Basic, OAuth 2.0 or bearer
 * authentication, retries where they are safe, Command's errors as
 * {@code io.jobhook.api.command.CommandApiException}), from the keys of configuration PID
 * {@code io.jobhook.command} or from a URL and a Basic account. Inside the runtime, handlers use
 * {@code OrchestratorJobCompleteHandlerContext.client()} instead.
 *
 * <p>Plain Java, no OSGi API: the implementation stays private in
 * {@code io.jobhook.command.client.internal}.
 *
 * <p>Exported without a self-import: nothing else provides this package.
 */
@Export(substitution = Substitution.NOIMPORT)
@Version("1.0.0")
package io.jobhook.command.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.bundle.Export.Substitution;
import org.osgi.annotation.versioning.Version;
