/**
 * The {@code jobhook:} commands as Karaf shell actions: Karaf's {@code help jobhook:events} shows their descriptions
 * and options, and each prints (in an interactive console and in a script through {@code bin/client} alike) what the
 * admin bundle's {@link io.jobhook.runtime.admin.OperatorConsole} answers. In Karaf the admin bundle registers no
 * Gogo functions of its own, so each command exists once.
 */
package io.jobhook.runtime.karaf.commands.internal;
