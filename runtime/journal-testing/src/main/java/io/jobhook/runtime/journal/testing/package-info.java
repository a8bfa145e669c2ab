/**
 * The journal's contract as a test suite, {@link io.jobhook.runtime.journal.testing.JournalContract}, which every
 * journal's test extends, and {@link io.jobhook.runtime.journal.testing.InMemoryJournal}, the double that passes it
 * and that the tests of dispatch, ingress, the operator tools and the poller use. For the project's tests only.
 *
 * <p>Exported without a self-import: nothing else provides this package.
 */
@Export(substitution = Substitution.NOIMPORT)
@Version("1.0.0")
package io.jobhook.runtime.journal.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.bundle.Export.Substitution;
import org.osgi.annotation.versioning.Version;
