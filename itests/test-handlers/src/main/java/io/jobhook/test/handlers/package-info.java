/**
 * Handlers for tests and drills, each a DS factory component configured by a {@code .cfg} file, so a
 * test or a drill script chooses their job types and behaviour without code; and one, {@code RefusingHandler},
 * registered by component property types alone.
 */
package io.jobhook.test.handlers;
