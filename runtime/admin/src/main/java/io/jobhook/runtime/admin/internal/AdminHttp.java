package io.jobhook.runtime.admin.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jobhook.api.Guids;
import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.http.BearerTokens;
import io.jobhook.runtime.http.Problems;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.EventQuery;
import io.jobhook.runtime.spi.HandlerStatus;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.runtime.spi.JournaledCompletion;
import io.jobhook.runtime.spi.PollerStatus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The JSON admin API under {@code /jobhook/v1/} (the ingress serves {@code /completions}): transport-neutral,
 * so tests drive it without a servlet container. Every path but {@code /health}, {@code /health/live} and
 * {@code /health/ready} needs an admin token; those answer their details only to one, write nothing and ask
 * Command at most once per {@link Operations#PROBE_INTERVAL}.
 */
final class AdminHttp {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttp.class);
    static final String PREFIX = "/jobhook/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request, its path below {@link #PREFIX}. */
    record Request(String method, String path, Map<String, String> query, String authorization, String contentType,
            byte[] body) {
    }

    /** An answer. */
    /** @param attachment a file the servlet sends as the body and then deletes (a backup), or null */
    record Response(int status, String contentType, Map<String, String> headers, String body, Path attachment) {
        Response(int status, String contentType, Map<String, String> headers, String body) {
            this(status, contentType, headers, body, null);
        }

        static Response json(int status, JsonNode body) {
            return new Response(status, "application/json", Map.of(), body.toString());
        }
    }

    private final Operations operations;
    private final ManifestImport manifests;
    private final BearerTokens tokens;

    private final MetricsExposition metrics;
    private final boolean metricsOpen;

    AdminHttp(Operations operations, ManifestImport manifests, BearerTokens tokens) {
        this(operations, manifests, tokens, new MetricsExposition(new PrometheusRegistry()), false);
    }

    /** @param metricsOpen whether {@code /metrics} answers without an admin token */
    AdminHttp(Operations operations, ManifestImport manifests, BearerTokens tokens, MetricsExposition metrics,
            boolean metricsOpen) {
        this.operations = operations;
        this.manifests = manifests;
        this.tokens = tokens;
        this.metrics = metrics;
        this.metricsOpen = metricsOpen;
    }

    Response handle(Request r) {
        try {
            String path = r.path() == null || r.path().isEmpty() ? "/" : r.path();
            boolean admin = tokens.matches(bearer(r.authorization()));
            if (path.equals("/health")) {
                return r.method().equals("GET") ? health(admin, r.query().get("tags")) : notAllowed("GET");
            }
            if (path.equals("/health/live")) {
                return r.method().equals("GET") ? Response.json(200, JSON.createObjectNode().put("status", "UP"))
                        : notAllowed("GET");
            }
            if (path.equals("/health/ready")) {
                return r.method().equals("GET") ? ready(admin) : notAllowed("GET");
            }
            if (path.equals("/metrics") && (admin || metricsOpen)) {
                return r.method().equals("GET") ? new Response(200, MetricsExposition.CONTENT_TYPE, Map.of(),
                        metrics.text()) : notAllowed("GET");
            }
            if (!admin) {
                return new Response(401, "application/problem+json", Map.of("WWW-Authenticate", "Bearer realm=\"jobhook-admin\""),
                        problem(401, "unauthorized", "Unauthorized",
                                "An admin token (io.jobhook.admin .tokens) is needed as Authorization: Bearer <token>")
                                .toString());
            }
            if (path.equals("/handlers")) {
                return r.method().equals("GET") ? handlers() : notAllowed("GET");
            }
            if (path.equals("/events")) {
                return r.method().equals("GET") ? events(r.query()) : notAllowed("GET");
            }
            if (path.startsWith("/events/")) {
                return r.method().equals("GET") ? event(path.substring("/events/".length())) : notAllowed("GET");
            }
            if (path.equals("/replay")) {
                return r.method().equals("POST") ? replay(r) : notAllowed("POST");
            }
            if (path.equals("/fire")) {
                return r.method().equals("POST") ? fire(r) : notAllowed("POST");
            }
            if (path.startsWith("/jobtypes/")) {
                return r.method().equals("GET") ? jobTypes(path.substring("/jobtypes/".length())) : notAllowed("GET");
            }
            if (path.equals("/backup")) {
                return r.method().equals("GET") ? backup() : notAllowed("GET");
            }
            if (path.equals("/import-manifest")) {
                return r.method().equals("POST") ? importManifest(r) : notAllowed("POST");
            }
            if (path.equals("/forwarder-manifest")) {
                return r.method().equals("GET") ? forwarderManifest(r.query().get("url")) : notAllowed("GET");
            }
            return error(404, "not-found", "Not found", "No admin resource " + PREFIX + path);
        } catch (BadRequest e) {
            return error(400, "invalid-request", "Invalid request", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Admin API {} {} failed", r.method(), r.path(), e);
            return error(500, "internal-error", "Internal error", "The request failed; the runtime's log says why");
        }
    }

    private Response ready(boolean admin) {
        Operations.Health h = operations.readiness();
        ObjectNode body = JSON.createObjectNode().put("status", h.status().name());
        if (admin && h.journalError() != null) {
            body.putObject("journal").put("writable", false).put("error", h.journalError());
        }
        return Response.json(h.status().httpStatus, body);
    }

    private Response health(boolean admin, String tags) {
        Operations.Health h;
        try {
            h = operations.health(admin, tags == null ? List.of() : List.of(tags.split(",")));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("tags: " + e.getMessage());
        }
        ObjectNode body = JSON.createObjectNode().put("status", h.status().name());
        if (admin) {
            ArrayNode checks = body.putArray("checks");
            h.checks().forEach(c -> {
                ObjectNode n = checks.addObject().put("name", c.check().title).put("status", c.status().name())
                        .put("message", c.message());
                c.check().tags().forEach(n.putArray("tags")::add);
            });
            ObjectNode journal = body.putObject("journal").put("writable", h.journalWritable());
            if (h.journalError() != null) {
                journal.put("error", h.journalError());
            }
            ObjectNode command = body.putObject("command").put("url", h.commandUrl()).put("reachable", h.commandReachable());
            if (h.productVersion() != null) {
                command.put("productVersion", h.productVersion());
            }
            if (h.commandError() != null) {
                command.put("error", h.commandError());
            }
            ObjectNode dead = body.putObject("deadLetters");
            h.deadLetters().forEach(dead::put);
            if (!h.nodes().isEmpty()) {
                ArrayNode nodes = body.putArray("nodes");
                h.nodes().forEach(n -> nodes.addObject().put("nodeId", n.nodeId()).put("alive", n.alive())
                        .put("self", n.self()).put("startedAt", String.valueOf(n.startedAt()))
                        .put("heartbeatAt", String.valueOf(n.heartbeatAt())));
            }
            if (h.poller() != null) {
                PollerStatus p = h.poller();
                ObjectNode poller = body.putObject("poller").put("enabled", p.enabled()).put("healthy", p.healthy())
                        .put("standby", p.standby())
                        .put("checkpoint", p.checkpoint()).put("lagSeconds", p.lag() == null ? null : p.lag().toSeconds())
                        .put("lastSuccessAt", p.lastSuccessAt() == null ? null : p.lastSuccessAt().toString())
                        .put("accepted", p.accepted()).put("consecutiveFailures", p.consecutiveFailures());
                if (p.lastError() != null) {
                    poller.put("lastError", p.lastError());
                }
            }
        }
        return Response.json(h.status().httpStatus, body);
    }

    private Response handlers() {
        ArrayNode list = JSON.createArrayNode();
        for (HandlerStatus h : operations.handlers()) {
            ObjectNode n = list.addObject().put("identity", h.identity()).put("bundle", h.bundle())
                    .put("version", h.version()).put("state", h.present() ? "PRESENT" : "AWAY");
            ArrayNode types = n.putArray("jobTypes");
            h.jobTypes().forEach(g -> types.add(g.toString()));
            ArrayNode stores = n.putArray("storeTypes");
            h.storeTypes().forEach(stores::add);
            ArrayNode unresolved = n.putArray("unresolvedStoreTypes");
            h.unresolvedStoreTypes().forEach(unresolved::add);
            n.put("successes", h.successes()).put("failures", h.failures()).put("timeouts", h.timeouts())
                    .put("queueDepth", h.queueDepth()).put("inFlight", h.inFlight()).put("lastError", h.lastError());
        }
        return Response.json(200, list);
    }

    private Response events(Map<String, String> q) {
        EventQuery query = query(q);
        ArrayNode list = JSON.createArrayNode();
        for (Operations.EventSummary e : operations.events(query)) {
            ObjectNode n = completion(list.addObject(), e.completion());
            deliveries(n.putArray("deliveries"), e.deliveries());
        }
        return Response.json(200, list);
    }

    static EventQuery query(Map<String, String> q) {
        UUID jobId = q.containsKey("jobId") ? guid("jobId", q.get("jobId")) : null;
        String jobType = q.get("jobType");
        JobResult result = null;
        if (q.containsKey("result")) {
            try {
                result = JobResult.parse(q.get("result"));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("result: " + e.getMessage());
            }
        }
        DeliveryState state = null;
        if (q.containsKey("outcome")) {
            try {
                state = DeliveryState.valueOf(q.get("outcome").trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("outcome '" + q.get("outcome") + "' is not one of PENDING, DELIVERED, FAILED");
            }
        }
        Boolean unmatched = q.containsKey("unmatched") ? Boolean.valueOf(q.get("unmatched")) : null;
        int limit = 50;
        if (q.containsKey("limit")) {
            try {
                limit = Integer.parseInt(q.get("limit").trim());
            } catch (NumberFormatException e) {
                throw new BadRequest("limit '" + q.get("limit") + "' is not a number");
            }
        }
        String handler = q.get("handler");
        Instant since = q.containsKey("since") ? instant("since", q.get("since")) : null;
        Instant until = q.containsKey("until") ? instant("until", q.get("until")) : null;
        try {
            return new EventQuery(jobId, jobType, result, state, unmatched, limit, handler, since, until);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private Response event(String id) {
        Optional<Operations.EventDetail> detail = operations.event(guid("eventId", id));
        if (detail.isEmpty()) {
            return error(404, "not-found", "Not found", "No event " + id + " in the journal");
        }
        ObjectNode n = completion(JSON.createObjectNode(), detail.get().completion());
        deliveries(n.putArray("deliveries"), detail.get().deliveries());
        ArrayNode attempts = n.putArray("attempts");
        detail.get().attempts().forEach(a -> attempts.addObject().put("handler", a.handler()).put("number", a.number())
                .put("outcome", a.outcome().name()).put("detail", a.detail()).put("handlerVersion", a.handlerVersion())
                .put("startedAt", a.startedAt().toString()).put("durationMillis", a.duration().toMillis())
                .put("node", a.node()));
        return Response.json(200, n);
    }

    private Response replay(Request r) {
        JsonNode body = body(r);
        String handler = text(body, "handler");
        if (handler == null || handler.isBlank()) {
            throw new BadRequest("handler: the handler identity is required");
        }
        String eventId = text(body, "eventId");
        int replayed = operations.replay(eventId == null ? null : guid("eventId", eventId), handler);
        return Response.json(200, JSON.createObjectNode().put("replayed", replayed));
    }

    private Response fire(Request r) {
        OrchestratorJobCompleteHandlerContext context = fireContext(body(r));
        try {
            Acceptance a = operations.fire(context);
            return new Response(202, "application/json", Map.of("Location", PREFIX + "/events/" + a.eventId()),
                    JSON.createObjectNode().put("eventId", a.eventId().toString()).toString());
        } catch (JournalUnavailableException e) {
            return new Response(503, "application/problem+json", Map.of("Retry-After",
                    Long.toString(Math.max(1, e.retryAfter() == null ? 1 : e.retryAfter().toSeconds()))),
                    problem(503, "journal-unavailable", "Journal unavailable", e.getMessage()).toString());
        }
    }

    /**
     * A completion fired by hand: Keyfactor's field names in any case, like a push, but only
     * {@code JobTypeId} and {@code JobType} are required: the orchestrator defaults to the nil GUID, the job
     * to a new one, the result to Success.
     */
    static OrchestratorJobCompleteHandlerContext fireContext(JsonNode body) {
        if (!body.isObject()) {
            throw new BadRequest("the body must be a JSON object with Keyfactor's field names");
        }
        OrchestratorJobCompleteHandlerContext.Builder b = OrchestratorJobCompleteHandlerContext.builder()
                .agentId(Guids.NIL).jobId(UUID.randomUUID()).jobResult(JobResult.SUCCESS);
        String jobTypeId = text(body, "JobTypeId");
        if (jobTypeId == null) {
            throw new BadRequest("JobTypeId: required");
        }
        b.jobTypeId(guid("JobTypeId", jobTypeId));
        String jobType = text(body, "JobType");
        if (jobType == null || jobType.isBlank()) {
            throw new BadRequest("JobType: required");
        }
        b.jobType(jobType);
        Optional.ofNullable(text(body, "AgentId")).ifPresent(v -> b.agentId(guid("AgentId", v)));
        Optional.ofNullable(text(body, "JobId")).ifPresent(v -> b.jobId(guid("JobId", v)));
        Optional.ofNullable(text(body, "Username")).ifPresent(b::username);
        Optional.ofNullable(text(body, "ClientMachine")).ifPresent(b::clientMachine);
        try {
            Optional.ofNullable(text(body, "JobResult")).ifPresent(v -> b.jobResult(JobResult.parse(v)));
            Optional.ofNullable(text(body, "OperationType")).ifPresent(v -> b.operationType(OperationType.parse(v)));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        String certificateId = text(body, "CertificateId");
        String retries = text(body, "CurrentRetryCount");
        try {
            if (certificateId != null) {
                b.certificateId(Integer.valueOf(certificateId.trim()));
            }
            if (retries != null) {
                b.currentRetryCount(Integer.parseInt(retries.trim()));
            }
        } catch (NumberFormatException e) {
            throw new BadRequest("CertificateId and CurrentRetryCount are whole numbers");
        }
        String requested = text(body, "RequestTimestamp");
        if (requested != null) {
            b.requestTimestamp(instant(requested));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** A consistent online backup of the journal, sent as a zip and deleted once sent. */
    private Response backup() {
        String name = "jobhook-journal-" + java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC).format(Instant.now()) + ".zip";
        Path folder = null;
        try {
            folder = Files.createTempDirectory("jobhook-backup");
            Path file = operations.backup(folder.resolve(name));
            return new Response(200, "application/zip", Map.of("Content-Disposition",
                    "attachment; filename=\"" + name + "\""), "", file);
        } catch (IllegalStateException e) {
            deleteQuietly(folder);
            return error(503, "backup-unavailable", "Backup unavailable", e.getMessage());
        } catch (IOException e) {
            deleteQuietly(folder);
            LOG.error("Journal backup failed: {}", e.getMessage());
            return error(500, "internal-error", "Internal error", "The backup could not be written: "
                    + e.getMessage());
        }
    }

    static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.warn("Could not delete the backup's temporary folder {}: {}", folder, e.toString());
        }
    }

    private Response jobTypes(String storeType) {
        if (storeType.isBlank()) {
            throw new BadRequest("name a store type: " + PREFIX + "/jobtypes/<ShortName>");
        }
        try {
            Optional<CertificateStoreType> type = operations.jobTypes(storeType);
            if (type.isEmpty()) {
                return error(404, "not-found", "Not found", "Command has no store type named " + storeType);
            }
            ObjectNode n = JSON.createObjectNode().put("shortName", type.get().shortName())
                    .put("capability", type.get().capability());
            ObjectNode ids = n.putObject("jobTypes");
            type.get().jobTypeIds().forEach((kind, id) -> ids.put(kind.suffix(), id.toString()));
            return Response.json(200, n);
        } catch (CommandApiException | IllegalStateException e) {
            return error(502, "command-unavailable", "Command unavailable", e.getMessage());
        }
    }

    /**
     * {@code POST /import-manifest?pid=<factory PID>[&write=true]} with a Command manifest.json as the body: a dry
     * run unless {@code write=true}.
     */
    private Response importManifest(Request r) {
        String write = r.query().getOrDefault("write", "false").strip();
        if (!write.equalsIgnoreCase("true") && !write.equalsIgnoreCase("false")) {
            throw new BadRequest("write: '" + write + "' is neither true nor false");
        }
        requireJson(r);
        ManifestImport.Result result;
        try {
            result = manifests.run(r.body(), r.query().get("pid"), Boolean.parseBoolean(write));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        } catch (IllegalStateException e) {
            return error(503, "import-unavailable", "Import unavailable", e.getMessage());
        }
        ObjectNode n = JSON.createObjectNode().put("pid", result.handler().factoryPid())
                .put("bundle", result.handler().provider()).put("folder", result.folder().toString())
                .put("write", result.write());
        ArrayNode registrations = n.putArray("registrations");
        for (ManifestImport.Planned p : result.registrations()) {
            ObjectNode reg = registrations.addObject().put("name", p.registration().name())
                    .put("typeFullName", p.registration().typeFullName())
                    .put("assemblyPath", p.registration().assemblyPath()).put("action", p.action().label)
                    .put("file", p.file()).put("configurationPid", p.pid());
            if (p.detail() != null) {
                reg.put("detail", p.detail());
            }
            ObjectNode properties = reg.putObject("properties");
            p.properties().forEach(properties::put);
            ArrayNode unknown = reg.putArray("unknownOptions");
            p.unknownOptions().forEach(unknown::add);
            ObjectNode rejected = reg.putObject("rejectedOptions");
            p.rejectedOptions().forEach(rejected::put);
            reg.put("content", p.content());
        }
        ArrayNode skipped = n.putArray("skipped");
        result.skipped().forEach(k -> {
            ArrayNode names = skipped.addObject().put("extension", k.kind()).putArray("registrations");
            k.registrations().forEach(names::add);
        });
        return Response.json(200, n);
    }

    /**
     * {@code GET /forwarder-manifest?url=<URL as Command reaches Jobhook>}: the command forwarder's manifest.json, as
     * a download; notes (handlers away, store types not yet resolved) in {@code Jobhook-Note} headers.
     */
    private Response forwarderManifest(String url) {
        try {
            ForwarderManifest.completionsUrl(url);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        ForwarderManifest.Result result;
        try {
            result = ForwarderManifest.of(url, operations.handlers());
        } catch (IllegalArgumentException e) {
            return error(409, "no-job-types", "No job types", e.getMessage());
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Content-Disposition", "attachment; filename=\"manifest.json\"");
        if (!result.notes().isEmpty()) {
            // One header, notes joined: the servlet sets headers, it does not add them
            headers.put("Jobhook-Note", String.join(" | ", result.notes()));
        }
        return new Response(200, "application/json", headers, result.json());
    }

    private static ObjectNode completion(ObjectNode n, JournaledCompletion c) {
        OrchestratorJobCompleteHandlerContext x = c.context();
        return n.put("eventId", x.eventId().toString()).put("acceptedAt", c.acceptedAt().toString())
                .put("source", x.source().name()).put("matched", c.matched()).put("AgentId", x.agentId().toString())
                .put("Username", x.username()).put("ClientMachine", x.clientMachine())
                .put("JobResult", x.jobResult().keyfactorName()).put("JobId", x.jobId().toString())
                .put("JobType", x.jobType()).put("JobTypeId", x.jobTypeId().toString())
                .put("OperationType", x.operationType().keyfactorName()).put("CertificateId", x.certificateId())
                .put("RequestTimestamp", x.requestTimestamp() == null ? null : x.requestTimestamp().toString())
                .put("CurrentRetryCount", x.currentRetryCount());
    }

    private static void deliveries(ArrayNode into, List<Delivery> deliveries) {
        deliveries.forEach(d -> into.addObject().put("handler", d.handler()).put("state", d.state().name())
                .put("attempts", d.attempts()));
    }

    private static void requireJson(Request r) {
        String type = r.contentType() == null ? "" : r.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            throw new BadRequest("send the body as application/json");
        }
    }

    private static JsonNode body(Request r) {
        requireJson(r);
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n == null || !n.isObject()) {
                throw new BadRequest("the body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new BadRequest("the body is not JSON");
        }
    }

    static String text(JsonNode object, String name) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue().isNull() ? null : f.getValue().asText();
            }
        }
        return null;
    }

    private static UUID guid(String field, String value) {
        try {
            return Guids.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(field + ": " + e.getMessage());
        }
    }

    private static Instant instant(String value) {
        return instant("RequestTimestamp", value);
    }

    /** ISO-8601 with an offset ({@code 2026-12-04T21:00:00Z}, {@code …+01:00}), or without one, taken as UTC. */
    private static Instant instant(String field, String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value.trim()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new BadRequest(field + " '" + value + "' is not ISO-8601 (e.g. 2026-12-04T21:00:00Z)");
            }
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.strip();
        return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).strip() : null;
    }

    private static Response notAllowed(String allowed) {
        return new Response(405, "application/problem+json", Map.of("Allow", allowed),
                problem(405, "method-not-allowed", "Method not allowed", "Use " + allowed).toString());
    }

    /** @return the answer to a request that sent a header more than once that must come once */
    static Response repeatedHeader(String name, int times) {
        return error(400, "invalid-header", "Invalid header", "The " + name + " header must be sent once, not " + times
                + " times");
    }

    private static Response error(int status, String type, String title, String detail) {
        return new Response(status, "application/problem+json", Map.of(), problem(status, type, title, detail).toString());
    }

    private static ObjectNode problem(int status, String type, String title, String detail) {
        return Problems.document(type, title, status, detail);
    }

    /** A request the admin API cannot take; its message names what is wrong. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
