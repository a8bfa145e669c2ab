/**
 * A recording handler that takes its time, so deliveries queue up behind it: the refresh test's.
 */
package io.jobhook.test.slow;
