package io.jobhook.runtime.admin.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jobhook.runtime.spi.HandlerStatus;

/**
 * The Command 11 {@code manifest.json} that registers the command forwarder ({@code command-forwarder/}) for every
 * job type the running Jobhook's handlers match: their own {@code jobTypes} and those the dispatcher resolved from
 * their {@code storeTypes}. It names the push URL as Command reaches Jobhook and a placeholder for the token, never
 * a token: Jobhook keeps only digests of its push tokens, and a manifest travels by mail and tickets. Plain Java.
 */
final class ForwarderManifest {

    /** The registration's name in the manifest, and the forwarder's assembly and type (command-forwarder/). */
    static final String REGISTRATION = "JobhookForwarder";
    static final String ASSEMBLY = "Jobhook.CommandForwarder.dll";
    static final String TYPE = "Jobhook.CommandForwarder.JobhookForwarder";
    static final String COMPLETIONS_PATH = "/jobhook/v1/completions";
    /** What the operator replaces; the forwarder recognises it (a leading {@code <}) and refuses to send with it. */
    static final String TOKEN_PLACEHOLDER = "<a push token of io.jobhook.ingress .tokens, or env:NAME, or file:PATH>";
    static final String SPOOL_DIRECTORY = "C:\\ProgramData\\Jobhook\\CommandForwarder\\spool";
    static final int TIMEOUT_MS = 3000;
    static final int SPOOL_RETRY_SECONDS = 30;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A generated manifest.
     *
     * @param json the manifest's text
     * @param url the completions URL it names
     * @param jobTypes the job-type GUIDs it registers the forwarder for, in the handlers' order
     * @param notes what the operator should know: handlers away, store types not yet resolved
     */
    record Result(String json, String url, List<UUID> jobTypes, List<String> notes) {
        Result {
            jobTypes = List.copyOf(jobTypes);
            notes = List.copyOf(notes);
        }
    }

    private ForwarderManifest() {
    }

    /**
     * @param url how Command reaches Jobhook: its base URL ({@code https://jobhook.example:8642}, behind a proxy with
     *        the proxy's path) or the completions endpoint itself
     * @param handlers the dispatcher's handlers; those away now add a note, not their job types
     * @throws IllegalArgumentException naming {@code url} when it is missing or no http(s) URL, or saying why there
     *         is no job type to register
     */
    static Result of(String url, List<HandlerStatus> handlers) {
        String completions = completionsUrl(url);
        Set<UUID> jobTypes = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        for (HandlerStatus h : handlers) {
            if (!h.present()) {
                notes.add("handler " + h.identity() + " is away now: its job types are not included");
                continue;
            }
            jobTypes.addAll(h.jobTypes());
            if (!h.unresolvedStoreTypes().isEmpty()) {
                notes.add("handler " + h.identity() + ": store type(s) " + String.join(", ", h.unresolvedStoreTypes())
                        + " not yet resolved through Command, their job types are missing; generate again once "
                        + "jobhook:handlers shows them resolved");
            }
        }
        if (jobTypes.isEmpty()) {
            throw new IllegalArgumentException(handlers.isEmpty()
                    ? "No handlers: there is no job type to forward (install and configure a handler first)"
                    : "No handler matches a job type yet (" + String.join("; ", notes) + ")");
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode options = root.putObject("extensions").putObject(ManifestImport.HANDLER_EXTENSION)
                .putObject(REGISTRATION).put("assemblypath", ASSEMBLY).put("TypeFullName", TYPE).putObject("Options");
        options.put("JobTypes", jobTypes.stream().map(UUID::toString).collect(Collectors.joining(",")))
                .put("Url", completions).put("Token", TOKEN_PLACEHOLDER).put("SpoolDirectory", SPOOL_DIRECTORY)
                .put("TimeoutMs", TIMEOUT_MS).put("SpoolRetrySeconds", SPOOL_RETRY_SECONDS);
        try {
            return new Result(JSON.writeValueAsString(root) + "\n", completions, List.copyOf(jobTypes), notes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the manifest", e);
        }
    }

    /**
     * The completions endpoint of the URL as Command reaches Jobhook: kept when it names it, else appended to its
     * path (so a reverse proxy's prefix stays).
     *
     * @throws IllegalArgumentException naming {@code url}
     */
    static String completionsUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: required, the URL Command reaches Jobhook at, e.g. "
                    + "https://jobhook.example:8642");
        }
        // Never echoed when it may hold a password (user:password@host)
        String shown = url.indexOf('@') >= 0 ? "the URL given" : "'" + url.strip() + "'";
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: " + shown + " is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("url: " + shown + " is not an absolute http or https URL with a host, "
                    + "e.g. https://jobhook.example:8642");
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials in a URL end up in logs; the forwarder sends its token as a header
            throw new IllegalArgumentException("url: must not carry a user name or password; the token goes in the "
                    + "manifest's Token option");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url: must have no query and no fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith(COMPLETIONS_PATH)) {
            path = path + COMPLETIONS_PATH;
        }
        return scheme + "://" + uri.getRawAuthority() + path;
    }
}
