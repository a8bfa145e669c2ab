package io.jobhook.runtime.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.api.JobResult;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.CommandResponse;
import io.jobhook.api.command.SupportedOperations;
import io.jobhook.runtime.journal.testing.InMemoryJournal;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.http.BearerTokens;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.DeliveryControl;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.HandlerStatus;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.PollerStatus;
import io.jobhook.testsupport.MutableClock;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Every admin endpoint and every Gogo command, over a real journal (and a stand-in for the metatype). */
class OperatorToolsTest {

    static final String TOKEN = "admin-token";
    static final UUID INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @TempDir
    Path etc;

    InMemoryJournal journal;
    final List<String> replays = new ArrayList<>();
    final AtomicInteger probes = new AtomicInteger();
    volatile boolean commandUp = true;
    volatile PollerStatus poller = new PollerStatus(true, "http://command.test/KeyfactorAPI/", 2171, 1, 0,
            Instant.parse("2026-01-01T00:00:30Z"), Instant.parse("2026-01-01T00:00:30Z"), Duration.ofSeconds(12), null,
            null, 0, Instant.parse("2026-01-01T00:01:00Z"), 40, 0);
    volatile boolean metatypeUp = true;
    volatile List<HandlerStatus> handlers = List.of(new HandlerStatus("h", "test.bundle", "1.0.0", true,
            List.of(INVENTORY), List.of("WinCert"), List.of(), 3, 1, 0, 2, 1, "returned false"));
    DashedCommand forwarderManifest;
    AdminHttp http;
    JobhookCommands commands;
    DashedCommand importManifest;

    @BeforeEach
    void start() {
        journal = new InMemoryJournal();
        // An intake that journals and matches every completion to "h" (the dispatcher's part, in brief).
        CompletionIntake intake = (context, idempotency) -> {
            Acceptance a = journal.append(context, idempotency);
            journal.recordMatches(context.eventId(), List.of("h"));
            return a;
        };
        DeliveryControl control = new DeliveryControl() {
            @Override
            public List<HandlerStatus> handlers() {
                return handlers;
            }

            @Override
            public boolean replay(UUID eventId, String handler) {
                replays.add(eventId + " " + handler);
                return journal.reopen(eventId, handler).isPresent();
            }

            @Override
            public int replayAll(String handler) {
                replays.add("all " + handler);
                return (int) journal.deadLetters(handler, 100).stream()
                        .filter(d -> journal.reopen(d.eventId(), handler).isPresent()).count();
            }
        };
        Operations operations = new Operations(journal, journal, control, intake, this::command, () -> poller, Clock.systemUTC(),
                Runnable::run);
        ManifestImport manifests = new ManifestImport(pid -> {
            if (!metatypeUp) {
                throw new IllegalStateException("No MetaTypeService in the runtime");
            }
            return pid.equals(ManifestImportTest.WINCERT_PID) ? Optional.of(ManifestImportTest.WINCERT) : Optional.empty();
        }, etc);
        http = new AdminHttp(operations, manifests, BearerTokens.of(TOKEN));
        commands = new JobhookCommands(operations, manifests);
        importManifest = DashedCommand.importManifest(commands);
        forwarderManifest = DashedCommand.forwarderManifest(commands);
    }

    AdminHttp.Response call(String method, String path, Map<String, String> query, String token, String body) {
        return http.handle(new AdminHttp.Request(method, path, query, token == null ? null : "Bearer " + token,
                body == null ? null : "application/json", body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
    }

    JsonNode json(AdminHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    UUID fired(String jobType, String result) throws Exception {
        AdminHttp.Response r = call("POST", "/fire", Map.of(), TOKEN,
                "{\"JobTypeId\":\"" + INVENTORY + "\",\"JobType\":\"" + jobType + "\",\"JobResult\":\"" + result + "\"}");
        assertThat(r.status()).isEqualTo(202);
        return UUID.fromString(json(r).get("eventId").asText());
    }

    @Test
    void healthAnswersEveryoneAndItsReasonsOnlyToAnAdmin() throws Exception {
        AdminHttp.Response anonymous = call("GET", "/health", Map.of(), null, null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(json(anonymous)).hasToString("{\"status\":\"UP\"}");

        JsonNode details = json(call("GET", "/health", Map.of(), TOKEN, null));
        assertThat(details.get("journal").get("writable").asBoolean()).isTrue();
        assertThat(details.get("command").get("reachable").asBoolean()).isTrue();
        assertThat(details.get("command").get("productVersion").asText()).isEqualTo("11.2.0.0");
        assertThat(details.get("poller").get("lagSeconds").asLong()).isEqualTo(12);
        assertThat(details.get("poller").get("checkpoint").asLong()).isEqualTo(2171);
        assertThat(commands.health()).contains("poller: polling, lag 12 s, checkpoint 2171");

        commandUp = false;
        // An answer of Command is kept for a while; a fresh Operations sees the outage at once. Command down is
        // DEGRADED, not DOWN: the ingress still journals and delivers later.
        AdminHttp fresh = new AdminHttp(new Operations(journal, journal, null, null, this::command, () -> null, Clock.systemUTC(),
                Runnable::run), null, BearerTokens.of(TOKEN));
        AdminHttp.Response degraded = fresh.handle(new AdminHttp.Request("GET", "/health", Map.of(), "Bearer " + TOKEN,
                null, new byte[0]));
        assertThat(degraded.status()).isEqualTo(200);
        assertThat(json(degraded).get("status").asText()).isEqualTo("DEGRADED");
        assertThat(json(degraded).get("command").get("error").asText()).contains("answered 503");
        assertThat(json(fresh.handle(new AdminHttp.Request("GET", "/health/ready", Map.of(), null, null, new byte[0]))))
                .hasToString("{\"status\":\"UP\"}");
    }

    @Test
    void aJournalThatCannotWriteIsDownAndNotReadyButStillLive() throws Exception {
        journal.unavailable(true);
        AdminHttp.Response health = call("GET", "/health", Map.of(), null, null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(json(health)).hasToString("{\"status\":\"DOWN\"}");
        AdminHttp.Response ready = call("GET", "/health/ready", Map.of(), TOKEN, null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(json(ready).get("journal").get("error").asText()).contains("unavailable");
        assertThat(call("GET", "/health/live", Map.of(), null, null).status()).isEqualTo(200);
        assertThat(commands.health()).startsWith("DOWN").contains("journal: NOT writable");

        journal.unavailable(false);
        assertThat(call("GET", "/health/ready", Map.of(), null, null).status()).isEqualTo(200);
    }

    @Test
    void aThousandHealthChecksWriteNothingAndAskCommandOncePerInterval() throws Exception {
        List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<String> writing = Set.of("append", "appendMatched", "recordMatches", "recordAttempt", "recordAttemptLater",
                "purge", "reopen", "saveCheckpoint");
        Journal watched = (Journal) Proxy.newProxyInstance(Journal.class.getClassLoader(), new Class<?>[] {Journal.class},
                (proxy, method, args) -> {
                    if (writing.contains(method.getName())) {
                        writes.add(method.getName());
                    }
                    try {
                        return method.invoke(journal, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        MutableClock clock = new MutableClock();
        ExecutorService probeThread = Executors.newSingleThreadExecutor();
        ExecutorService checkers = Executors.newFixedThreadPool(8);
        try {
            AdminHttp anonymous = new AdminHttp(new Operations(watched, watched, null, null, this::command, () -> null, clock,
                    probeThread), null, BearerTokens.of(TOKEN));
            probes.set(0);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                if (i == 500) {
                    clock.advance(Operations.PROBE_INTERVAL); // a second interval begins half way
                }
                answers.add(checkers.submit(() -> anonymous.handle(new AdminHttp.Request("GET", "/health", Map.of(), null,
                        null, new byte[0])).status()));
            }
            for (Future<Integer> a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
            assertThat(writes).as("journal writes").isEmpty();
            assertThat(probes.get()).as("Command calls: one per interval, two intervals").isEqualTo(2);
        } finally {
            checkers.shutdownNow();
            probeThread.shutdownNow();
        }
    }

    @Test
    void everythingButHealthNeedsAnAdminToken() {
        for (String path : List.of("/handlers", "/events", "/events/" + UUID.randomUUID(), "/jobtypes/WinCert")) {
            assertThat(call("GET", path, Map.of(), null, null).status()).as(path).isEqualTo(401);
            assertThat(call("GET", path, Map.of(), "wrong", null).status()).as(path).isEqualTo(401);
        }
        assertThat(call("POST", "/fire", Map.of(), null, "{}").headers()).containsKey("WWW-Authenticate");
        assertThat(call("GET", "/nothing", Map.of(), TOKEN, null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/handlers", Map.of(), TOKEN, null).status()).isEqualTo(405);
    }

    @Test
    void handlersShowIdentityBundleJobTypesStateAndCounters() throws Exception {
        JsonNode h = json(call("GET", "/handlers", Map.of(), TOKEN, null)).get(0);
        assertThat(h.get("identity").asText()).isEqualTo("h");
        assertThat(h.get("bundle").asText()).isEqualTo("test.bundle");
        assertThat(h.get("state").asText()).isEqualTo("PRESENT");
        assertThat(h.get("jobTypes").get(0).asText()).isEqualTo(INVENTORY.toString());
        assertThat(h.get("failures").asLong()).isEqualTo(1);
        assertThat(h.get("lastError").asText()).isEqualTo("returned false");
        assertThat(commands.handlers()).contains("h  PRESENT  test.bundle 1.0.0", INVENTORY.toString(),
                "successes 3, failures 1, timeouts 0, queued 2, running 1, last error: returned false");
    }

    @Test
    void firedCompletionsAreListedFilteredAndShownInFull() throws Exception {
        UUID ok = fired("WinCertInventory", "Success");
        UUID failed = fired("WinCertManagement", "Failure");
        journal.recordAttempt(new Attempt(failed, "h", 1, AttemptOutcome.EXCEPTION, "java.lang.IllegalStateException: boom",
                "1.0.0", Instant.now(), Duration.ofMillis(7)), DeliveryState.FAILED);

        assertThat(json(call("GET", "/events", Map.of("handler", "h", "outcome", "FAILED"), TOKEN, null)))
                .extracting(n -> n.get("eventId").asText()).containsExactly(failed.toString());
        assertThat(json(call("GET", "/events", Map.of("handler", "other"), TOKEN, null))).isEmpty();
        assertThat(json(call("GET", "/events", Map.of("since", Instant.now().plusSeconds(3600).toString()), TOKEN,
                null))).as("nothing accepted in the future").isEmpty();
        assertThat(json(call("GET", "/events", Map.of("until", Instant.now().plusSeconds(3600).toString()), TOKEN,
                null))).hasSize(2);
        AdminHttp.Response badSince = call("GET", "/events", Map.of("since", "yesterday"), TOKEN, null);
        assertThat(badSince.status()).isEqualTo(400);
        assertThat(json(badSince).get("detail").asText()).contains("since 'yesterday' is not ISO-8601");
        assertThat(json(call("GET", "/events", Map.of("since", "2026-12-04T10:00:00Z", "until", "2026-12-04T09:00:00Z"),
                TOKEN, null)).get("detail").asText()).contains("must be before until");

        JsonNode all = json(call("GET", "/events", Map.of(), TOKEN, null));
        assertThat(all).extracting(n -> n.get("eventId").asText()).containsExactly(failed.toString(), ok.toString());
        assertThat(all.get(0).get("source").asText()).isEqualTo("MANUAL");
        JsonNode onlyFailed = json(call("GET", "/events", Map.of("result", "failure", "outcome", "failed"), TOKEN, null));
        assertThat(onlyFailed).singleElement().satisfies(n -> assertThat(n.get("eventId").asText()).isEqualTo(failed.toString()));
        assertThat(json(call("GET", "/events", Map.of("jobType", "WinCertInventory"), TOKEN, null))).hasSize(1);
        assertThat(call("GET", "/events", Map.of("outcome", "LOST"), TOKEN, null).status()).isEqualTo(400);

        JsonNode one = json(call("GET", "/events/" + failed, Map.of(), TOKEN, null));
        assertThat(one.get("JobResult").asText()).isEqualTo("Failure");
        assertThat(one.get("deliveries").get(0).get("state").asText()).isEqualTo("FAILED");
        assertThat(one.get("attempts").get(0).get("detail").asText()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(call("GET", "/events/" + UUID.randomUUID(), Map.of(), TOKEN, null).status()).isEqualTo(404);

        assertThat(commands.events(Map.of("outcome", "FAILED", "jobType", " "))).contains(failed.toString(), "h FAILED after 1 attempt(s)")
                .doesNotContain(ok.toString());
        assertThat(commands.events(Map.of("outcome", "bogus"))).contains("outcome").contains("bogus");
        assertThat(commands.event(failed.toString())).contains("attempt 1 by h 1.0.0: EXCEPTION", "boom");
    }

    @Test
    void fireRefusesWhatIsNotACompletionNamingTheField() throws Exception {
        AdminHttp.Response r = call("POST", "/fire", Map.of(), TOKEN, "{\"JobType\":\"X\",\"JobTypeId\":\"nope\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r).get("detail").asText()).startsWith("JobTypeId: Malformed GUID 'nope'");
        assertThat(json(call("POST", "/fire", Map.of(), TOKEN, "{\"JobTypeId\":\"" + INVENTORY + "\"}")).get("detail")
                .asText()).isEqualTo("JobType: required");
        assertThat(commands.fire("nope", "X")).contains("Malformed GUID 'nope'");
        assertThat(commands.fire(INVENTORY.toString(), "WinCertInventory", "Failure")).startsWith("Fired event ");
    }

    @Test
    void replayReopensDeadLettersOneOrAll() throws Exception {
        UUID a = fired("WinCertInventory", "Success");
        UUID b = fired("WinCertInventory", "Success");
        for (UUID id : List.of(a, b)) {
            journal.recordAttempt(new Attempt(id, "h", 1, AttemptOutcome.RETURNED_FALSE, null, "1.0.0", Instant.now(),
                    Duration.ofMillis(1)), DeliveryState.FAILED);
        }
        assertThat(json(call("POST", "/replay", Map.of(), TOKEN, "{\"eventId\":\"" + a + "\",\"handler\":\"h\"}"))
                .get("replayed").asInt()).isEqualTo(1);
        assertThat(commands.replay("h")).isEqualTo("Replaying 1 dead letter(s) of h.");
        assertThat(commands.replay(a.toString(), "h")).isEqualTo("No dead letter of h to replay.");
        assertThat(replays).containsExactly(a + " h", "all h", a + " h");
        assertThat(call("POST", "/replay", Map.of(), TOKEN, "{}").status()).isEqualTo(400);
    }

    @Test
    void jobTypesAskTheConnectedCommand() throws Exception {
        JsonNode winCert = json(call("GET", "/jobtypes/WinCert", Map.of(), TOKEN, null));
        assertThat(winCert.get("jobTypes").get("Inventory").asText()).isEqualTo(INVENTORY.toString());
        assertThat(call("GET", "/jobtypes/Nothing", Map.of(), TOKEN, null).status()).isEqualTo(404);
        assertThat(commands.jobtypes("WinCert")).contains("WinCertInventory  " + INVENTORY, "jobTypes = " + INVENTORY);
        assertThat(commands.health()).startsWith("UP").contains("journal: writable", "version 11.2.0.0");
    }

    static final String MANIFEST = "{\"extensions\": {\"" + ManifestImport.HANDLER_EXTENSION + "\": {"
            + "\"SampleJobCompletionHandler\": {\"assemblypath\": \"SampleJobCompletionHandler.dll\","
            + " \"TypeFullName\": \"KFSample.SampleJobCompletionHandler\", \"Options\": {"
            + " \"JobTypes\": \"" + ManifestImportTest.JOB_TYPES + "\", // Cert Store Type Job Type GUIDs\n"
            + " \"FavoriteAnimal\": \"Hippopotamus\", \"Color\": \"blue\"}}},"
            + " \"Keyfactor.Platform.Extensions.IAlertHandler\": {\"Mail\": {}}}}";

    AdminHttp.Response importCall(String query, String token, String body) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            q.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return call("POST", "/import-manifest", q, token, body);
    }

    @Test
    void importManifestShowsADryRunThenWritesOnceAndNeverOverwrites() throws Exception {
        JsonNode dry = json(importCall("pid=io.jobhook.wincert", TOKEN, MANIFEST));
        assertThat(dry.get("pid").asText()).isEqualTo("io.jobhook.wincert");
        assertThat(dry.get("folder").asText()).isEqualTo(etc.toAbsolutePath().normalize().toString());
        assertThat(dry.get("write").asBoolean()).isFalse();
        JsonNode reg = dry.get("registrations").get(0);
        assertThat(reg.get("name").asText()).isEqualTo("SampleJobCompletionHandler");
        assertThat(reg.get("action").asText()).isEqualTo("would-write");
        assertThat(reg.get("file").asText()).isEqualTo(ManifestImportTest.SAMPLE_FILE);
        assertThat(reg.get("configurationPid").asText()).isEqualTo("io.jobhook.wincert~samplejobcompletionhandler");
        assertThat(reg.get("properties").get("jobTypes").asText()).isEqualTo(ManifestImportTest.JOB_TYPES);
        assertThat(reg.get("properties").get("favoriteAnimal").asText()).isEqualTo("Hippopotamus");
        assertThat(reg.get("unknownOptions")).hasSize(1).first().satisfies(n -> assertThat(n.asText()).isEqualTo("Color"));
        assertThat(reg.get("content").asText()).contains("favoriteAnimal = Hippopotamus\n");
        assertThat(dry.get("skipped").get(0).get("extension").asText()).isEqualTo("Keyfactor.Platform.Extensions.IAlertHandler");
        assertThat(etc).isEmptyDirectory();

        JsonNode written = json(importCall("pid=io.jobhook.wincert&write=true", TOKEN, MANIFEST));
        assertThat(written.get("registrations").get(0).get("action").asText()).isEqualTo("written");
        assertThat(etc.resolve(ManifestImportTest.SAMPLE_FILE)).content().isEqualTo(reg.get("content").asText());

        JsonNode again = json(importCall("pid=io.jobhook.wincert&write=true", TOKEN, MANIFEST));
        assertThat(again.get("registrations").get(0).get("action").asText()).isEqualTo("skipped-existing");
    }

    @Test
    void importManifestRefusesWhatItCannotImportNamingIt() throws Exception {
        AdminHttp.Response unknownPid = importCall("pid=io.jobhook.nothing", TOKEN, MANIFEST);
        assertThat(unknownPid.status()).isEqualTo(400);
        assertThat(unknownPid.contentType()).isEqualTo("application/problem+json");
        assertThat(json(unknownPid).get("detail").asText()).contains("PID io.jobhook.nothing");
        AdminHttp.Response malformed = importCall("pid=io.jobhook.wincert", TOKEN, "{\"extensions\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(json(malformed).get("detail").asText()).startsWith("The manifest is not valid JSON at line 1");
        assertThat(importCall("pid=io.jobhook.wincert&write=yes", TOKEN, MANIFEST).status()).isEqualTo(400);
        assertThat(json(call("POST", "/import-manifest", Map.of(), TOKEN, MANIFEST)).get("detail").asText())
                .startsWith("pid: ");
        assertThat(importCall("pid=io.jobhook.wincert", null, MANIFEST).status()).isEqualTo(401);
        assertThat(call("GET", "/import-manifest", Map.of("pid", "io.jobhook.wincert"), TOKEN, null).status()).isEqualTo(405);

        metatypeUp = false;
        AdminHttp.Response unavailable = importCall("pid=io.jobhook.wincert", TOKEN, MANIFEST);
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(json(unavailable).get("type").asText()).isEqualTo("urn:jobhook:problem:import-unavailable");
    }

    @Test
    void importManifestCommandShowsThenWrites() throws Exception {
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, MANIFEST);

        assertThat((String) importManifest.answer(null, List.of(manifest.toString(), "io.jobhook.wincert")))
                .startsWith("Dry run, nothing written (end the command with write to write): " + manifest)
                .contains("SampleJobCompletionHandler (KFSample.SampleJobCompletionHandler, SampleJobCompletionHandler.dll)",
                        "would write " + ManifestImportTest.SAMPLE_FILE + " (PID io.jobhook.wincert~samplejobcompletionhandler)",
                        "not written, unknown to io.jobhook.wincert: Color", "    favoriteAnimal = Hippopotamus",
                        "Skipped extension Keyfactor.Platform.Extensions.IAlertHandler: Mail");
        assertThat(etc).isEmptyDirectory();
        assertThat((String) importManifest.answer(null, List.of(manifest.toString(), "io.jobhook.wincert", "write")))
                .contains("wrote " + ManifestImportTest.SAMPLE_FILE);
        assertThat(etc.resolve(ManifestImportTest.SAMPLE_FILE)).exists();
        assertThat((String) importManifest.answer(null, List.of(manifest.toString(), "io.jobhook.wincert", "write")))
                .contains("skipped: " + ManifestImportTest.SAMPLE_FILE + " exists");

        assertThat(importManifest.answer(null, List.of(manifest.toString(), "io.jobhook.nothing")))
                .asString().startsWith("No bundle provides factory metatype for PID io.jobhook.nothing");
        assertThat(importManifest.answer(null, List.of(dir.resolve("none.json").toString(), "io.jobhook.wincert")))
                .isEqualTo("No file " + dir.resolve("none.json") + ".");
        assertThat(importManifest.answer(null, List.of(manifest.toString()))).isEqualTo(DashedCommand.IMPORT_MANIFEST_USAGE);
        assertThat(importManifest.answer(null, List.of(manifest.toString(), "io.jobhook.wincert", "now")))
                .isEqualTo(DashedCommand.IMPORT_MANIFEST_USAGE);
    }

    static final UUID MANAGEMENT = UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973");
    static final UUID REENROLLMENT = UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61");
    static final UUID ELSEWHERE = UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020100");

    /** Two handlers sharing a job type, one with a store type Command has not resolved, and one away. */
    void threeHandlers() {
        handlers = List.of(
                new HandlerStatus("io.jobhook.wincert~demo", "io.jobhook.wincert", "1.0.0", true,
                        List.of(INVENTORY, MANAGEMENT), List.of("WinCert"), List.of(), 0, 0, 0, 0, 0, null),
                new HandlerStatus("io.jobhook.test~b", "test.bundle", "1.0.0", true, List.of(MANAGEMENT, REENROLLMENT),
                        List.of("IIS"), List.of("IIS"), 0, 0, 0, 0, 0, null),
                new HandlerStatus("io.jobhook.test~gone", "test.bundle", "1.0.0", false, List.of(ELSEWHERE), List.of(),
                        List.of(), 0, 0, 0, 0, 0, null));
    }

    @Test
    void forwarderManifestRegistersTheForwarderForEveryJobTypeOfThePresentHandlersWithATokenPlaceholder()
            throws Exception {
        threeHandlers();
        AdminHttp.Response r = call("GET", "/forwarder-manifest", Map.of("url", "https://jobhook.example:8642/"), TOKEN,
                null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.headers()).containsEntry("Content-Disposition", "attachment; filename=\"manifest.json\"");
        assertThat(r.headers().get("Jobhook-Note")).contains("io.jobhook.test~gone is away", "store type(s) IIS");
        JsonNode registration = json(r).get("extensions").get(ManifestImport.HANDLER_EXTENSION).get("JobhookForwarder");
        assertThat(registration.get("assemblypath").asText()).isEqualTo("Jobhook.CommandForwarder.dll");
        assertThat(registration.get("TypeFullName").asText()).isEqualTo("Jobhook.CommandForwarder.JobhookForwarder");
        JsonNode options = registration.get("Options");
        assertThat(options.get("JobTypes").asText()).as("each once, in the handlers' order; none of the away one")
                .isEqualTo(INVENTORY + "," + MANAGEMENT + "," + REENROLLMENT);
        assertThat(options.get("Url").asText()).isEqualTo("https://jobhook.example:8642/jobhook/v1/completions");
        assertThat(options.get("Token").asText()).isEqualTo(ForwarderManifest.TOKEN_PLACEHOLDER).startsWith("<");
        assertThat(options.get("TimeoutMs").asInt()).isEqualTo(3000);
        assertThat(options.get("SpoolDirectory").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain(TOKEN);

        // Command reads it back as the manifest import does
        ManifestImport.Manifest read = ManifestImport.parse(r.body().getBytes(StandardCharsets.UTF_8));
        assertThat(read.handlers()).singleElement().satisfies(reg -> assertThat(reg.typeFullName())
                .isEqualTo(ForwarderManifest.TYPE));
    }

    @Test
    void forwarderManifestTakesJobhooksBaseBehindAProxyOrTheCompletionsUrlItself() {
        assertThat(ForwarderManifest.completionsUrl("http://127.0.0.1:8642"))
                .isEqualTo("http://127.0.0.1:8642/jobhook/v1/completions");
        assertThat(ForwarderManifest.completionsUrl(" HTTPS://proxy.example/jobhook-proxy/ "))
                .isEqualTo("https://proxy.example/jobhook-proxy/jobhook/v1/completions");
        assertThat(ForwarderManifest.completionsUrl("https://jobhook.example:8642/jobhook/v1/completions"))
                .isEqualTo("https://jobhook.example:8642/jobhook/v1/completions");
        assertThat(ForwarderManifest.completionsUrl("http://[::1]:8642")).isEqualTo("http://[::1]:8642/jobhook/v1/completions");
    }

    @Test
    void forwarderManifestRefusesABadOrMissingUrlNamingItAndNeverEchoesAPassword() throws Exception {
        for (Map<String, String> q : List.of(Map.<String, String>of(), Map.of("url", " "), Map.of("url", "ftp://jobhook.example"),
                Map.of("url", "jobhook.example:8642"), Map.of("url", "/jobhook/v1/completions"),
                Map.of("url", "https://jobhook.example/?x=1"), Map.of("url", "http://jobhook example"),
                Map.of("url", "https://svc:s3cret-pw@jobhook.example"))) {
            AdminHttp.Response r = call("GET", "/forwarder-manifest", q, TOKEN, null);
            assertThat(r.status()).as(q.toString()).isEqualTo(400);
            assertThat(json(r).get("detail").asText()).as(q.toString()).startsWith("url: ").doesNotContain("s3cret-pw");
        }
        assertThat(call("GET", "/forwarder-manifest", Map.of("url", "https://jobhook.example"), null, null).status())
                .isEqualTo(401);
        assertThat(call("POST", "/forwarder-manifest", Map.of("url", "https://jobhook.example"), TOKEN, "{}").status())
                .isEqualTo(405);

        handlers = List.of();
        AdminHttp.Response none = call("GET", "/forwarder-manifest", Map.of("url", "https://jobhook.example"), TOKEN, null);
        assertThat(none.status()).isEqualTo(409);
        assertThat(json(none).get("detail").asText()).startsWith("No handlers");
    }

    @Test
    void forwarderManifestCommandShowsOrWritesANewFileOnly() throws Exception {
        threeHandlers();
        String shown = forwarderManifest.answer(null, List.of("https://jobhook.example:8642"));
        assertThat(shown).startsWith("{").contains("\"JobTypes\" : \"" + INVENTORY + "," + MANAGEMENT + "," + REENROLLMENT,
                "Forwards 3 job type(s) to https://jobhook.example:8642/jobhook/v1/completions",
                "Note: handler io.jobhook.test~gone is away", "Next: replace the Token placeholder");

        Path file = dir.resolve("manifest.json");
        String written = forwarderManifest.answer(null, List.of("https://jobhook.example:8642", file.toString()));
        assertThat(written).startsWith("Wrote " + file).doesNotContain("\"extensions\"");
        assertThat(JSON.readTree(file.toFile()).get("extensions").get(ManifestImport.HANDLER_EXTENSION)
                .get("JobhookForwarder").get("Options").get("Url").asText())
                .isEqualTo("https://jobhook.example:8642/jobhook/v1/completions");
        String before = Files.readString(file);
        assertThat(forwarderManifest.answer(null, List.of("https://other.example", file.toString())))
                .isEqualTo(file + " exists and is never overwritten; name another file or remove it.");
        assertThat(file).content().isEqualTo(before);
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }

        assertThat(forwarderManifest.answer(null, List.of("nope"))).startsWith("url: 'nope'");
        assertThat(forwarderManifest.answer(null, List.of())).isEqualTo(DashedCommand.FORWARDER_MANIFEST_USAGE);
        assertThat(forwarderManifest.answer(null, List.of("a", "b", "c"))).isEqualTo(DashedCommand.FORWARDER_MANIFEST_USAGE);
    }

    /** A Command that knows WinCert and answers its product version, or is down. */
    CommandApi command() {
        CertificateStoreType winCert = new CertificateStoreType(101, "Windows Certificate", "WinCert", "WinCert", false,
                new SupportedOperations(true, false, false, true, true), null, null, null, null, false, false, false,
                null, INVENTORY, null, null, null);
        return (CommandApi) Proxy.newProxyInstance(CommandApi.class.getClassLoader(), new Class<?>[] {CommandApi.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "baseUri" -> URI.create("http://command.test/KeyfactorAPI/");
                    case "send" -> {
                        probes.incrementAndGet();
                        if (!commandUp) {
                            throw new CommandApiException(503, null, null, "GET", "/Status/Endpoints", null);
                        }
                        yield new CommandResponse(200, Map.of("X-Keyfactor-Product-Version", List.of("11.2.0.0")), "[]");
                    }
                    case "storeTypeByName" -> "WinCert".equalsIgnoreCase((String) args[0]) ? Optional.of(winCert)
                            : Optional.empty();
                    default -> throw new AssertionError("unexpected call " + method.getName());
                });
    }

    @Test
    void theShellCommandsPrintOnTheSessionAndTakeOptionsAsKarafUsersTypeThem() throws Exception {
        UUID failed = UUID.randomUUID();
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream console = new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8);
        org.apache.felix.service.command.CommandSession session = (org.apache.felix.service.command.CommandSession)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {org.apache.felix.service.command.CommandSession.class}, (proxy, method, args) -> {
                            if (method.getName().equals("getConsole")) {
                                return console;
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
        ShellCommands shell = new ShellCommands(commands);

        shell.health(session, "");
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).as("what a script's session shows")
                .startsWith(commands.health().lines().findFirst().orElseThrow());
        printed.reset();
        shell.events(session, "", "", "", "FAILED", false, "", "", "", 20);
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8).strip())
                .isEqualTo(commands.events(Map.of("outcome", "FAILED", "limit", "20")));
        printed.reset();
        shell.events(session, "", "", "", "", false, "", "", "", 0);
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("limit");
        printed.reset();
        shell.event(session, failed.toString());
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("No event " + failed);

        // Every command a shell offers is a public method of that name, and each is described for help.
        for (String function : ShellCommands.FUNCTIONS) {
            assertThat(java.util.Arrays.stream(ShellCommands.class.getMethods()).filter(m -> m.getName().equals(function)))
                    .as("jobhook:%s", function).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.getAnnotation(org.apache.felix.service.command.Descriptor.class))
                            .as("the description of jobhook:%s", function).isNotNull());
        }
    }

    @Test
    void metricsNeedAnAdminTokenUnlessOpenAndTheMBeanShowsTheSameSeries() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter pushes = Counter.builder().name("jobhook_test_pushes").labelNames("status").register(registry);
        pushes.labelValues("202").inc(3);
        MetricsExposition metrics = new MetricsExposition(registry);
        AdminHttp closed = new AdminHttp(null, null, BearerTokens.of(TOKEN), metrics, false);
        AdminHttp open = new AdminHttp(null, null, BearerTokens.of(TOKEN), metrics, true);

        assertThat(closed.handle(new AdminHttp.Request("GET", "/metrics", Map.of(), null, null, new byte[0])).status())
                .isEqualTo(401);
        AdminHttp.Response withToken = closed.handle(new AdminHttp.Request("GET", "/metrics", Map.of(),
                "Bearer " + TOKEN, null, new byte[0]));
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(withToken.body()).contains("# TYPE jobhook_test_pushes_total counter")
                .contains("jobhook_test_pushes_total{status=\"202\"} 3.0");
        AdminHttp.Response anonymous = open.handle(new AdminHttp.Request("GET", "/metrics", Map.of(), null, null,
                new byte[0]));
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo(withToken.body());
        assertThat(open.handle(new AdminHttp.Request("GET", "/handlers", Map.of(), null, null, new byte[0])).status())
                .as("open metrics open nothing else").isEqualTo(401);
        assertThat(open.handle(new AdminHttp.Request("POST", "/metrics", Map.of(), null, null, new byte[0])).status())
                .isEqualTo(405);

        MetricsMBean mbean = new MetricsMBean(metrics);
        String series = "jobhook_test_pushes_total{status=\"202\"}";
        assertThat(mbean.getMBeanInfo().getAttributes()).extracting(a -> a.getName()).containsExactly(series);
        assertThat(mbean.getAttribute(series)).isEqualTo(3.0);
        pushes.labelValues("202").inc();
        assertThat(mbean.getAttribute(series)).as("read at each call").isEqualTo(4.0);
        assertThatThrownBy(() -> mbean.getAttribute("jobhook_nothing"))
                .isInstanceOf(javax.management.AttributeNotFoundException.class);
    }

    @Test
    void theHealthChecksRunByTagAndAreTheOnesHealthReports() throws Exception {
        HealthChecks checks = new Operations(journal, journal, null, null, this::command, () -> poller,
                Clock.systemUTC(), Runnable::run, Duration.ofSeconds(60), () -> null).checks();
        assertThat(checks.service(HealthChecks.Check.JOURNAL).execute().getStatus()).isEqualTo(Result.Status.OK);
        assertThat(checks.service(HealthChecks.Check.DEAD_LETTERS).execute().getStatus()).isEqualTo(Result.Status.OK);
        assertThat(checks.service(HealthChecks.Check.POLLER).execute().getStatus()).isEqualTo(Result.Status.OK);

        UUID failed = fired("WinCertManagement", "Failure");
        journal.recordAttempt(new Attempt(failed, "h", 1, AttemptOutcome.RETURNED_FALSE, null, "1.0.0", Instant.now(),
                Duration.ofMillis(7)), DeliveryState.FAILED);
        Result dead = checks.service(HealthChecks.Check.DEAD_LETTERS).execute();
        assertThat(dead.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(dead.toString()).contains("h 1");

        // By tag, through the admin API and the console: only the checks asked for run, and decide the status.
        JsonNode journalOnly = json(call("GET", "/health", Map.of("tags", "journal"), TOKEN, null));
        assertThat(journalOnly.get("status").asText()).isEqualTo("UP");
        assertThat(journalOnly.get("checks")).extracting(c -> c.get("name").asText())
                .containsExactly("Jobhook journal");
        JsonNode deadOnly = json(call("GET", "/health", Map.of("tags", "deadletters"), TOKEN, null));
        assertThat(deadOnly.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(deadOnly.get("checks").get(0).get("status").asText()).isEqualTo("WARN");
        assertThat(deadOnly.get("checks").get(0).get("tags")).extracting(JsonNode::asText)
                .containsExactly("jobhook", "deadletters");
        assertThat(json(call("GET", "/health", Map.of(), TOKEN, null)).get("checks")).hasSize(4);
        assertThat(commands.health("poller,journal")).startsWith("UP").contains("[OK] Jobhook journal",
                "[OK] Jobhook poller lag").doesNotContain("dead letters");
        AdminHttp.Response unknown = call("GET", "/health", Map.of("tags", "disk"), TOKEN, null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(json(unknown).get("detail").asText()).contains("'disk'", "journal, command, poller, deadletters");
        assertThat(commands.health("disk")).contains("No health check is tagged 'disk'");

        // A poller behind Command beyond the warning, and a journal that cannot write.
        poller = new PollerStatus(true, "http://command.test/KeyfactorAPI/", 2171, 1, 0, Instant.now(),
                Instant.now().minusSeconds(600), Duration.ofSeconds(600), null, null, 0, null, 40, 0);
        assertThat(checks.service(HealthChecks.Check.POLLER).execute().toString()).contains("WARN", "600 s behind");
        journal.unavailable(true);
        assertThat(checks.service(HealthChecks.Check.JOURNAL).execute().getStatus())
                .isEqualTo(Result.Status.CRITICAL);
        AdminHttp.Response down = call("GET", "/health", Map.of("tags", "journal"), null, null);
        assertThat(down.status()).isEqualTo(503);
    }

    @Test
    void aBackupIsAnAttachmentOrAClearAnswerWhereTheJournalHasNone() throws Exception {
        AdminHttp.Response none = call("GET", "/backup", Map.of(), TOKEN, null);
        assertThat(none.status()).isEqualTo(503);
        assertThat(json(none).get("detail").asText()).contains("pg_dump");
        assertThat(commands.backup(dir.resolve("b.zip"))).contains("pg_dump");
        assertThat(call("GET", "/backup", Map.of(), null, null).status()).as("needs the admin token").isEqualTo(401);

        io.jobhook.runtime.spi.JournalBackup writes = target -> {
            if (Files.exists(target)) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString());
            }
            return Files.writeString(target, "zip");
        };
        Operations withBackup = new Operations(journal, journal, null, null, this::command, () -> null,
                Clock.systemUTC(), Runnable::run, Duration.ofMinutes(5), () -> writes);
        AdminHttp.Response r = new AdminHttp(withBackup, null, BearerTokens.of(TOKEN)).handle(new AdminHttp.Request(
                "GET", "/backup", Map.of(), "Bearer " + TOKEN, null, new byte[0]));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/zip");
        assertThat(r.headers().get("Content-Disposition")).matches("attachment; filename=\"jobhook-journal-\\d{8}T\\d{6}Z\\.zip\"");
        assertThat(r.attachment()).hasContent("zip");
        AdminHttp.deleteQuietly(r.attachment().getParent());
        assertThat(r.attachment().getParent()).doesNotExist();

        JobhookCommands console = new JobhookCommands(withBackup, null);
        assertThat(console.backup(dir.resolve("journal.zip"))).startsWith("Journal backed up to " + dir.resolve("journal.zip"))
                .contains("unzip it into the installation's data/");
        assertThat(console.backup(dir.resolve("journal.zip"))).startsWith("Cannot back up the journal");
    }
}
