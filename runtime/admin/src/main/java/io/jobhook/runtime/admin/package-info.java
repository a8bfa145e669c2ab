/**
 * What the admin bundle offers other bundles: the operator commands' answers as text ({@link
 * io.jobhook.runtime.admin.OperatorConsole}), for a shell's own command layer.
 */
@Export
@Version("1.1.0")
package io.jobhook.runtime.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
