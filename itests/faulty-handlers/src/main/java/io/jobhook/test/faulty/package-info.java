/**
 * Handlers that fail where the runtime must contain them, each a DS factory component configured by a
 * {@code .cfg} file: the containment test's.
 */
package io.jobhook.test.faulty;
