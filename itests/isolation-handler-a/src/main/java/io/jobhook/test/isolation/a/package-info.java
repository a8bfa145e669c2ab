/**
 * One of two handlers that embed different, incompatible versions of Jackson core (2.9 here) and run side
 * by side, each seeing its own: the classloader isolation test's.
 */
package io.jobhook.test.isolation.a;
