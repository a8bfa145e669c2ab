package io.jobhook.runtime.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The whole journal: the durable record of every accepted completion and of its delivery to each handler, as
 * the journal bundle registers it. Each user asks for its own role only — the dispatcher a
 * {@link DeliveryJournal}, the operator tools an {@link EventHistory} and the {@link JournalHealth}, the poller
 * its {@link Checkpoints} — and what only the journal itself needs (appending without matching, waiting for an
 * attempt's write, retention) stays inside its implementation. Every journal passes the contract suite
 * {@code JournalContract} of {@code runtime/journal-testing}.
 *
 * <p>Plain enough for a shared relational database to take the embedded one's place (docs/ARCHITECTURE.md):
 * a completion table keyed by event id with a unique idempotency key, a delivery table keyed by event id and
 * handler identity, an attempt table.
 */
@ProviderType
public interface Journal extends DeliveryJournal, EventHistory, Checkpoints, JournalHealth {
}
