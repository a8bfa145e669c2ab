package io.jobhook.runtime.admin;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The operator commands' answers as text, one method per {@code jobhook:} command: what a console prints. The admin
 * bundle provides it; a shell's own command layer (Karaf's, with its help and completion) calls it. Errors are
 * answers too, never exceptions.
 */
@ProviderType
public interface OperatorConsole {

    /** {@code jobhook:handlers} */
    String handlers();

    /**
     * {@code jobhook:events}
     *
     * @param criteria {@code jobId}, {@code jobType}, {@code result}, {@code outcome}, {@code unmatched}, {@code limit}
     *        as the admin API's query takes them; blank values are ignored
     */
    String events(Map<String, String> criteria);

    /** {@code jobhook:event <eventId>} */
    String event(String eventId);

    /** {@code jobhook:replay <handler>}: every dead letter of the handler */
    String replay(String handler);

    /** {@code jobhook:replay <eventId> <handler>} */
    String replay(String eventId, String handler);

    /** {@code jobhook:fire <jobTypeId> <jobType> [--result …]} */
    String fire(String jobTypeId, String jobType, String result);

    /** {@code jobhook:jobtypes <storeType>} */
    String jobtypes(String storeType);

    /** {@code jobhook:health [--tags …]}; blank tags run every check */
    String health(String tags);

    /** {@code jobhook:backup <file>} */
    String backup(Path file);

    /** {@code jobhook:import-manifest <manifest.json> <handler PID> [write]} */
    String importManifest(Path manifest, String pid, boolean write);

    /**
     * {@code jobhook:forwarder-manifest <url> [file]}: the command forwarder's {@code manifest.json} for every job
     * type the handlers match, shown, or written to {@code file} (never over an existing file).
     *
     * @param url the URL Command reaches Jobhook at
     * @param file where to write it, or null to show it
     * @since 1.1
     */
    String forwarderManifest(String url, Path file);
}
