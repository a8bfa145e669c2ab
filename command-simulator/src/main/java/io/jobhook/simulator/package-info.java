/**
 * A simulated Keyfactor Command for tests in other modules and in handler authors' builds:
 * {@link io.jobhook.simulator.SimulatedCommand} starts the Command instance of Keyfactor's sample handler on
 * a free loopback port, tells a client where and how to call it, makes it fail on purpose with a fault
 * spec, and reports what was asked of it (the requests it answered, the custom jobs scheduled).
 *
 * <p>A facade over the simulator's private implementation, so that a test never imports an
 * {@code internal} package. JDK types only. The standalone jar, the OSGi component and their
 * configuration stay as they are.
 *
 * <p>Exported without a self-import: nothing else provides this package.
 */
@Export(substitution = Substitution.NOIMPORT)
@Version("1.0.0")
package io.jobhook.simulator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.bundle.Export.Substitution;
import org.osgi.annotation.versioning.Version;
