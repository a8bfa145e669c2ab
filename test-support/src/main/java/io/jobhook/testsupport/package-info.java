/**
 * What the project's own tests share: {@link io.jobhook.testsupport.MutableClock}, a clock a test moves,
 * {@link io.jobhook.testsupport.SharedData}, the project's shared test data, and
 * {@link io.jobhook.testsupport.PostgresCluster}, a throwaway PostgreSQL server. Not for handler authors: they have
 * the handler test kit.
 *
 * <p>Exported without a self-import: nothing else provides this package.
 */
@Export(substitution = Substitution.NOIMPORT)
@Version("1.1.0")
package io.jobhook.testsupport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.bundle.Export.Substitution;
import org.osgi.annotation.versioning.Version;
