/**
 * The Command simulator: a stand-in Keyfactor Command server (model, query language, JSON shapes, job
 * engine, auth, faults) with two thin transports, the JDK HTTP server and the OSGi servlet whiteboard.
 * Private: nothing here is exported.
 */
package io.jobhook.simulator.internal;
