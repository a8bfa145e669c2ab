/**
 * What the runtime's bundles share: the {@link io.jobhook.runtime.spi.Journal} where every accepted
 * completion and every delivery attempt is recorded — used by role: {@link io.jobhook.runtime.spi.DeliveryJournal}
 * (the dispatcher), {@link io.jobhook.runtime.spi.EventHistory} and {@link io.jobhook.runtime.spi.JournalHealth}
 * (the operator tools), {@link io.jobhook.runtime.spi.Checkpoints} (the poller) — and the
 * {@link io.jobhook.runtime.spi.CompletionIntake} through which a completion enters (the HTTP ingress, the job
 * history poller, an operator's fire command).
 *
 * <p>2.0: the journal split by role; appending without matching, a synchronous attempt record and retention left
 * the contract (the journal bundle keeps them). 2.1: a journal shared by several runtimes — deliveries held by no
 * live node claimed ({@link io.jobhook.runtime.spi.DeliveryJournal#claimAbandoned}), the job types each node's
 * handlers take ({@link io.jobhook.runtime.spi.DeliveryJournal#hostHandlers}), one leader per checkpoint
 * ({@link io.jobhook.runtime.spi.Checkpoints#lead}); on a journal of one node they change nothing. A poller
 * standing by ({@link io.jobhook.runtime.spi.PollerStatus#standby}).
 *
 * <p>The path of a completion: an entry point builds an
 * {@link io.jobhook.api.OrchestratorJobCompleteHandlerContext} (without a client) and gives it to the
 * intake; the intake journals it durably, then matches it to handlers and records one
 * {@link io.jobhook.runtime.spi.Delivery} per handler identity; each delivery's attempts are recorded as
 * they end. After a crash, completions not yet matched and deliveries not yet finished are found in the
 * journal and resumed.
 *
 * <p>2.2: an online backup of a journal in the runtime's own files ({@link io.jobhook.runtime.spi.JournalBackup}).
 */
@Export
@Version("2.2.0")
package io.jobhook.runtime.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
