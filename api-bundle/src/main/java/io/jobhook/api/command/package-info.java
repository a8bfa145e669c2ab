/**
 * The Keyfactor Command REST API as an OSGi service: {@link io.jobhook.api.command.CommandApi}, its
 * value types, a builder for Command's query language, and {@link io.jobhook.api.command.CommandApiException}.
 *
 * <p>Handlers reach it through {@link io.jobhook.api.OrchestratorJobCompleteHandlerContext#client()};
 * the runtime uses the same service to resolve store types and to poll job history. The value types
 * mirror Command's JSON (field names in Java spelling) and take real answers as they come: enumerations
 * as names or numbers, timestamps with or without an offset (without one, UTC). JDK types only.
 *
 * <p>Exported without a self-import: nothing else provides this package.
 */
@Export(substitution = Substitution.NOIMPORT)
@Version("1.0.0")
package io.jobhook.api.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.bundle.Export.Substitution;
import org.osgi.annotation.versioning.Version;
