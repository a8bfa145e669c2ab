/**
 * What operators see and do: {@link io.jobhook.runtime.admin.internal.Operations} (plain Java) answers
 * for handlers, events, replays, fired completions, job types and health;
 * {@link io.jobhook.runtime.admin.internal.AdminHttp} renders it as the JSON admin API under
 * {@code /jobhook/v1/}, {@link io.jobhook.runtime.admin.internal.JobhookCommands} as Gogo commands in the
 * {@code jobhook} scope. {@link io.jobhook.runtime.admin.internal.ManifestImport} (plain Java) turns a Keyfactor
 * Command manifest.json's handler registrations into FileInstall factory configurations, for both.
 */
package io.jobhook.runtime.admin.internal;
