/**
 * A handler bundle that never resolves: its manifest imports {@code io.jobhook.test.nowhere}, which no
 * bundle exports. The containment test's.
 */
package io.jobhook.test.unresolvable;
