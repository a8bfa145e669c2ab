/**
 * The journal on a PostgreSQL database shared by several runtimes: {@link
 * io.jobhook.runtime.journal.postgresql.internal.PostgresJournal} (plain Java over a {@code DataSource}) and
 * {@link io.jobhook.runtime.journal.postgresql.internal.PostgresJournalComponent}, which opens it when PID
 * {@code io.jobhook.journal} says {@code store = postgresql}.
 */
package io.jobhook.runtime.journal.postgresql.internal;
