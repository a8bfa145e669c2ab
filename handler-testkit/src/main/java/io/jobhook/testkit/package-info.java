/**
 * Jobhook's kit for handler authors' tests (JUnit 5): {@link io.jobhook.testkit.HandlerRunner} runs a handler as
 * the runtime would, against a simulated Command; {@link io.jobhook.testkit.SampleCompletions} has Keyfactor's
 * sample completions ready made; {@link io.jobhook.testkit.LogCapture} reads a handler's trace.
 */
package io.jobhook.testkit;
