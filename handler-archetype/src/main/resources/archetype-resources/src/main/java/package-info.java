/**
 * The ${artifactId} job completion handler. Private to its bundle: nothing here is exported.
 */
package ${package};
