/**
 * The journal: {@link io.jobhook.runtime.journal.internal.H2Journal}, the {@link io.jobhook.runtime.spi.Journal}
 * on an embedded H2 database with group commit ({@link io.jobhook.runtime.journal.internal.GroupCommitter}),
 * plain Java; {@link io.jobhook.runtime.journal.internal.JournalComponent} publishes it as a service,
 * configured by PID {@code io.jobhook.journal}, and purges old completions
 * ({@link io.jobhook.runtime.journal.internal.RetentionPurger}).
 */
package io.jobhook.runtime.journal.internal;
