/**
 * Handlers for tests and drills, each a DS factory component configured by a {@code .cfg} file, so a
 * test or a drill script chooses their job types and behaviour without code.
 */
package io.jobhook.test.handlers;
