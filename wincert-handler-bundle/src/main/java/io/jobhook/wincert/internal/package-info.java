/**
 * The WinCert reference handler: Keyfactor's sample job completion handler, as a Declarative Services
 * factory component. {@link io.jobhook.wincert.internal.WinCertRun} holds the flow in plain Java;
 * {@link io.jobhook.wincert.internal.WinCertHandler} wires one instance per configuration.
 */
package io.jobhook.wincert.internal;
