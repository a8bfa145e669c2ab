/**
 * A simulated Keyfactor Command for tests in other modules and in handler authors' builds:
 * {@link io.jobhook.simulator.SimulatedCommand} starts the Command instance of Keyfactor's sample handler on
 * a free loopback port, tells a client where and how to call it, makes it fail on purpose with a fault
 * spec, and reports what was asked of it (the requests it answered, the custom jobs scheduled).
 *
 * <p>A facade over the simulator's private implementation, so that a test never imports an
 * {@code internal} package. Its signatures use JDK types and the records of Command's own vocabulary that
 * live here ({@link io.jobhook.simulator.SimJob}, {@link io.jobhook.simulator.HistoryRow},
 * {@link io.jobhook.simulator.Completion}, {@link io.jobhook.simulator.SimSchedule} and the coded enums);
 * no JSON library type appears in them, since the bundle embeds its JSON library privately.
 *
 * <p>1.1 adds {@link io.jobhook.simulator.SimulatedCommand#builder()} (seed, clock, credentials, OAuth, store
 * types) and the job methods with which a test drives the instance as its orchestrators would.
 *
 * <p>Exported without a self-import: nothing else provides this package.
 */
@Export(substitution = Substitution.NOIMPORT)
@Version("1.1.0")
package io.jobhook.simulator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.bundle.Export.Substitution;
import org.osgi.annotation.versioning.Version;
