package io.jobhook.runtime.admin.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.jobhook.api.Guids;
import io.jobhook.runtime.admin.OperatorConsole;
import io.jobhook.api.JobResult;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.HandlerStatus;
import io.jobhook.runtime.spi.JournalUnavailableException;

/**
 * What the Gogo commands of the {@code jobhook} scope say, as text: {@code jobhook:handlers}, {@code jobhook:events},
 * {@code jobhook:event}, {@code jobhook:replay}, {@code jobhook:fire}, {@code jobhook:jobtypes},
 * {@code jobhook:health}, {@code jobhook:import-manifest}, {@code jobhook:forwarder-manifest}. Errors are answers
 * too, never stack traces. Plain Java, tested without a shell; {@link ShellCommands} and {@link DashedCommand}
 * print it on a console.
 */
public final class JobhookCommands implements OperatorConsole {

    private final Operations operations;
    private final ManifestImport manifests;

    JobhookCommands(Operations operations, ManifestImport manifests) {
        this.operations = operations;
        this.manifests = manifests;
    }

    /** {@code jobhook:handlers}: every handler identity, its state and counters. */
    @Override
    public String handlers() {
        List<HandlerStatus> all = operations.handlers();
        if (all.isEmpty()) {
            return "No handlers.";
        }
        StringBuilder sb = new StringBuilder();
        for (HandlerStatus h : all) {
            sb.append(h.identity()).append("  ").append(h.present() ? "PRESENT" : "AWAY").append("  ")
                    .append(h.bundle()).append(' ').append(h.version()).append('\n')
                    .append("  job types: ").append(h.jobTypes().isEmpty() ? "(none)" : h.jobTypes().stream()
                            .map(UUID::toString).collect(Collectors.joining(", ")));
            if (!h.storeTypes().isEmpty()) {
                sb.append("  (store types ").append(String.join(", ", h.storeTypes()));
                if (!h.unresolvedStoreTypes().isEmpty()) {
                    sb.append("; not yet resolved: ").append(String.join(", ", h.unresolvedStoreTypes()));
                }
                sb.append(')');
            }
            sb.append('\n').append("  successes ").append(h.successes()).append(", failures ").append(h.failures())
                    .append(", timeouts ").append(h.timeouts()).append(", queued ").append(h.queueDepth())
                    .append(", running ").append(h.inFlight());
            if (h.lastError() != null) {
                sb.append(", last error: ").append(h.lastError());
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /**
     * {@code jobhook:events [--job-id …] [--job-type …] [--result …] [--outcome PENDING|DELIVERED|FAILED] [--unmatched]
     * [--limit …]}: recent completions, newest first, with their deliveries.
     *
     * @param criteria the admin API's query names ({@code jobId}, {@code jobType}, {@code result}, {@code outcome},
     *        {@code unmatched}, {@code limit}); a blank value is no criterion
     */
    @Override
    public String events(Map<String, String> criteria) {
        Map<String, String> q = new LinkedHashMap<>();
        criteria.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                q.put(k, v.trim());
            }
        });
        List<Operations.EventSummary> events;
        try {
            events = operations.events(AdminHttp.query(q));
        } catch (AdminHttp.BadRequest e) {
            return e.getMessage();
        }
        if (events.isEmpty()) {
            return "No events.";
        }
        StringBuilder sb = new StringBuilder();
        for (Operations.EventSummary e : events) {
            OrchestratorJobCompleteHandlerContext c = e.completion().context();
            sb.append(c.eventId()).append("  ").append(e.completion().acceptedAt()).append("  ").append(c.source())
                    .append("  ").append(c.jobType()).append("  ").append(c.jobResult()).append("  job ")
                    .append(c.jobId()).append('\n').append("  ");
            sb.append(e.deliveries().isEmpty() ? "unmatched: no handler for " + c.jobTypeId()
                    : e.deliveries().stream().map(d -> d.handler() + " " + d.state() + " after " + d.attempts()
                            + " attempt(s)").collect(Collectors.joining("; ")));
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** {@code jobhook:event <eventId>}: one completion in full, with every attempt. */
    @Override
    public String event(String eventId) {
        UUID id;
        try {
            id = Guids.parse(eventId);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        Optional<Operations.EventDetail> detail = operations.event(id);
        if (detail.isEmpty()) {
            return "No event " + eventId + " in the journal.";
        }
        OrchestratorJobCompleteHandlerContext c = detail.get().completion().context();
        StringBuilder sb = new StringBuilder(c.toString().replace(", ", ",\n ")).append('\n')
                .append("accepted ").append(detail.get().completion().acceptedAt()).append('\n');
        detail.get().deliveries().forEach(d -> sb.append("delivery to ").append(d.handler()).append(": ")
                .append(d.state()).append(" after ").append(d.attempts()).append(" attempt(s)\n"));
        detail.get().attempts().forEach(a -> sb.append("  attempt ").append(a.number()).append(" by ").append(a.handler())
                .append(' ').append(a.handlerVersion()).append(": ").append(a.outcome()).append(" in ")
                .append(a.duration().toMillis()).append(" ms at ").append(a.startedAt())
                .append(a.node() == null ? "" : " on " + a.node())
                .append(a.detail() == null ? "" : " — " + a.detail()).append('\n'));
        return sb.toString().stripTrailing();
    }

    /** {@code jobhook:replay <handler>}: every dead letter of a handler. */
    @Override
    public String replay(String handler) {
        return replayed(operations.replay(null, handler), handler);
    }

    /** {@code jobhook:replay <eventId> <handler>}: one dead letter. */
    @Override
    public String replay(String eventId, String handler) {
        try {
            return replayed(operations.replay(Guids.parse(eventId), handler), handler);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String replayed(int n, String handler) {
        return n == 0 ? "No dead letter of " + handler + " to replay." : "Replaying " + n + " dead letter(s) of " + handler + ".";
    }

    /** {@code jobhook:fire <jobTypeId> <jobType>}: a successful completion, injected by hand. */
    public String fire(String jobTypeId, String jobType) {
        return fire(jobTypeId, jobType, "Success");
    }

    /** {@code jobhook:fire <jobTypeId> <jobType> <result>}: a completion with that result, injected by hand. */
    @Override
    public String fire(String jobTypeId, String jobType, String result) {
        OrchestratorJobCompleteHandlerContext context;
        try {
            context = OrchestratorJobCompleteHandlerContext.builder().agentId(Guids.NIL).jobId(UUID.randomUUID())
                    .jobTypeId(Guids.parse(jobTypeId)).jobType(jobType).jobResult(JobResult.parse(result)).build();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        try {
            Acceptance a = operations.fire(context);
            return "Fired event " + a.eventId() + " (job " + context.jobId() + ").";
        } catch (JournalUnavailableException e) {
            return "Not accepted: " + e.getMessage();
        }
    }

    /** {@code jobhook:jobtypes <storeType>}: the store type's job-type GUIDs in the connected Command. */
    @Override
    public String jobtypes(String storeType) {
        try {
            Optional<CertificateStoreType> t = operations.jobTypes(storeType);
            if (t.isEmpty()) {
                return "Command has no store type named " + storeType + ".";
            }
            StringBuilder sb = new StringBuilder(t.get().shortName()).append(" (capability ")
                    .append(t.get().capability()).append(")\n");
            t.get().jobTypeIds().forEach((kind, id) -> sb.append("  ").append(kind.jobTypeName(t.get().capability()))
                    .append("  ").append(id).append('\n'));
            sb.append("jobTypes = ").append(t.get().jobTypeIds().values().stream().map(UUID::toString)
                    .collect(Collectors.joining(",")));
            return sb.toString();
        } catch (RuntimeException e) {
            return "Cannot ask Command: " + e.getMessage();
        }
    }

    /** {@code jobhook:health}: every health check, then journal, Command, poller, runtimes, dead letters. */
    public String health() {
        return health("");
    }

    /** {@code jobhook:health --tags journal,poller}: the checks with any of the tags (comma-separated) only. */
    @Override
    public String health(String tags) {
        Operations.Health h;
        try {
            h = operations.health(true, tags == null || tags.isBlank() ? List.of() : List.of(tags.split(",")));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        StringBuilder sb = new StringBuilder(h.status().name()).append('\n');
        h.checks().forEach(c -> sb.append("  [").append(c.status().name()).append("] ").append(c.check().title)
                .append(" (").append(String.join(",", c.check().tags())).append("): ").append(c.message()).append('\n'));
        if (tags != null && !tags.isBlank()) {
            return sb.toString().stripTrailing();
        }
        sb.append("  journal: ").append(h.journalWritable() ? "writable" : "NOT writable: " + h.journalError()).append('\n')
                .append("  command: ").append(h.commandUrl() == null ? "not configured" : h.commandUrl()).append(' ')
                .append(h.commandReachable() ? "reachable" + (h.productVersion() == null ? "" : ", version " + h.productVersion())
                        : "NOT reachable: " + h.commandError());
        if (h.poller() != null) {
            sb.append('\n').append("  poller: ").append(!h.poller().enabled() ? "off"
                    : h.poller().standby() ? "standing by (another runtime sharing the journal polls)"
                    : (h.poller().healthy() ? "polling" : "FAILING") + ", lag "
                            + (h.poller().lag() == null ? "unknown" : h.poller().lag().toSeconds() + " s")
                            + ", checkpoint " + h.poller().checkpoint()
                            + (h.poller().lastError() == null ? "" : ", last error: " + h.poller().lastError()));
        }
        if (!h.nodes().isEmpty()) {
            sb.append('\n').append("  runtimes sharing the journal: ").append(h.nodes().stream()
                    .map(n -> n.nodeId() + " (" + (n.self() ? "this one, " : "") + (n.alive() ? "alive" : "gone since "
                            + n.heartbeatAt()) + ")").collect(Collectors.joining(", ")));
        }
        if (!h.deadLetters().isEmpty()) {
            sb.append('\n').append("  dead letters: ").append(h.deadLetters().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }

    /** {@code jobhook:backup <file>}: a consistent online backup of the journal, written to {@code file}. */
    @Override
    public String backup(Path file) {
        try {
            Path written = operations.backup(file);
            return "Journal backed up to " + written + " (" + Files.size(written) + " bytes). To restore: stop "
                    + "Jobhook, unzip it into the installation's data/ (it holds journal.mv.db), start.";
        } catch (IllegalStateException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "Cannot back up the journal: " + e.getMessage();
        }
    }

    /**
     * {@code jobhook:import-manifest <manifest.json> <handler PID> [write]}: one configuration per handler
     * registration of a Command manifest, shown (a dry run) or written into the configuration folder.
     */
    @Override
    public String importManifest(Path manifest, String pid, boolean write) {
        byte[] json;
        try {
            json = Files.readAllBytes(manifest);
        } catch (NoSuchFileException e) {
            return "No file " + manifest + ".";
        } catch (IOException e) {
            return "Cannot read " + manifest + ": " + e.getMessage();
        }
        ManifestImport.Result result;
        try {
            result = manifests.run(json, pid, write);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e.getMessage();
        }
        StringBuilder sb = new StringBuilder(write ? "Import" : "Dry run, nothing written (end the command with write to write)").append(": ")
                .append(manifest).append(" as ").append(result.handler().factoryPid()).append(" (")
                .append(result.handler().provider()).append(") into ").append(result.folder()).append('\n');
        for (ManifestImport.Planned p : result.registrations()) {
            ManifestImport.Registration r = p.registration();
            sb.append(r.name());
            if (r.typeFullName() != null || r.assemblyPath() != null) {
                sb.append(" (").append(Optional.ofNullable(r.typeFullName()).orElse("?")).append(", ")
                        .append(Optional.ofNullable(r.assemblyPath()).orElse("?")).append(')');
            }
            sb.append('\n').append("  ").append(switch (p.action()) {
                case WOULD_WRITE -> "would write " + p.file() + " (PID " + p.pid() + ")";
                case WRITTEN -> "wrote " + p.file() + " (PID " + p.pid() + ")";
                case FAILED -> "FAILED: " + p.detail();
                default -> "skipped: " + p.detail();
            }).append('\n');
            if (!p.unknownOptions().isEmpty()) {
                sb.append("  not written, unknown to ").append(result.handler().factoryPid()).append(": ")
                        .append(String.join(", ", p.unknownOptions())).append('\n');
            }
            p.rejectedOptions().forEach((k, why) -> sb.append("  not written, ").append(k).append(": ").append(why)
                    .append('\n'));
            p.content().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        }
        result.skipped().forEach(k -> sb.append("Skipped extension ").append(k.kind())
                .append(k.registrations().isEmpty() ? "" : ": " + String.join(", ", k.registrations())).append('\n'));
        return sb.toString().stripTrailing();
    }

    /**
     * {@code jobhook:forwarder-manifest <url> [file]}: the command forwarder's manifest.json for every job type the
     * handlers match, shown, or written to {@code file} (forced to disk, never over an existing file); then what is
     * left to do on the Command server.
     */
    @Override
    public String forwarderManifest(String url, Path file) {
        ForwarderManifest.Result result;
        try {
            result = ForwarderManifest.of(url, operations.handlers());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        StringBuilder sb = new StringBuilder();
        if (file == null) {
            sb.append(result.json());
        } else {
            try {
                writeNew(file, result.json());
            } catch (FileAlreadyExistsException e) {
                return file + " exists and is never overwritten; name another file or remove it.";
            } catch (IOException e) {
                return "Cannot write " + file + ": " + e.getMessage();
            }
            sb.append("Wrote ").append(file).append('\n');
        }
        sb.append("Forwards ").append(result.jobTypes().size()).append(" job type(s) to ").append(result.url())
                .append('\n');
        result.notes().forEach(n -> sb.append("Note: ").append(n).append('\n'));
        sb.append("Next: replace the Token placeholder (a push token, env:NAME or file:PATH), then install it beside "
                + "Jobhook.CommandForwarder.dll as command-forwarder/README.md says.");
        return sb.toString();
    }

    /** Writes a new file whole or not at all: a temporary file beside it, forced to disk, then moved into place. */
    private static void writeNew(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            // Without REPLACE_EXISTING the move refuses a file that appeared meanwhile
            Files.move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
