/**
 * The recording handler of tests and drills: every delivery appended to a file, forced, with the
 * handler bundle's version, so a hot swap shows which version handled what.
 */
package io.jobhook.test.recording;
