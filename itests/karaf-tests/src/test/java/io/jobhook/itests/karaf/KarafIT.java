package io.jobhook.itests.karaf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 7, part 3: Jobhook in a real Apache Karaf 4.4.10 from Maven Central, offline and on loopback. The KAR is
 * installed ({@code kar:install}, {@code feature:install jobhook}, which brings neither the poller nor the simulator,
 * then {@code feature:install jobhook-poller jobhook-simulator jobhook-wincert}), a completion is posted to the
 * ingress, the WinCert handler's trace for it shows in Karaf's {@code data/log/karaf.log}; the handler bundle is
 * then replaced with {@code bundle:update} by a build with another {@code Bundle-Version}, and the next completion
 * is handled, and traced, by that version. Karaf's own web stack (feature {@code http}, Pax Web) runs beside
 * Jobhook's Felix HTTP throughout; both listen on loopback only. Felix HTTP also serves HTTPS, configured with the
 * same keys as in Jobhook's own distribution ({@code etc/org.apache.felix.http.cfg}), its keystore password and the
 * push token given as {@code $[env:…]} references, which Karaf's ConfigAdmin resolves.
 */
class KarafIT {

    /** The simulator's WinCert Inventory job type (seed 1, as in demo mode). */
    static final UUID WINCERT_INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
    static final String AGENT = "fa406103-d84a-43ea-8bfd-99bc1f064281";
    static final String HANDLER = "io.jobhook.wincert~karaf";
    static final String PUSH_TOKEN = "karaf-test-push-token";
    static final String ADMIN_TOKEN = "karaf-test-admin-token";
    /** The version the update brings: same bundle, same code, another Bundle-Version. */
    static final String UPDATED_VERSION = "0.1.1.updated";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private int port;
    private int securePort;
    private static final String KEYSTORE_PASSWORD = "karaf-keystore-" + UUID.randomUUID();

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void theWinCertHandlerTracesInKarafAndBundleUpdateSwapsItsVersion() throws Exception {
        Path bundles = Path.of(RunningKaraf.required("jobhook.bundles"));
        Path kar = bundles.resolve("karaf-features.kar");
        Path wincert = bundles.resolve("wincert-handler-bundle.jar");
        long started = System.nanoTime();
        try (RunningKaraf karaf = RunningKaraf.prepare("karaf")) {
            try {
                port = RunningKaraf.freePort();
                configureJobhook(karaf);
                Path updated = withVersion(wincert, karaf.home.resolve("wincert-handler-bundle-updated.jar"),
                        UPDATED_VERSION);
                karaf.start();

                // Karaf's own javax web stack first: Jobhook's Jakarta one runs beside it.
                String web = karaf.shell(Duration.ofSeconds(90), "feature:install http");
                assertThat(web).as("feature:install http").doesNotContain("Error executing command");

                // What an operator types: the KAR (every bundle inside: no network), then the features. The runtime
                // alone first: it brings neither the poller nor the simulator.
                String core = karaf.shell(Duration.ofSeconds(90),
                        "kar:install " + kar.toUri(),
                        "feature:install jobhook",
                        "bundle:list -s");
                assertThat(core).as("kar:install and feature:install jobhook").doesNotContain("Error executing command")
                        .contains("io.jobhook.runtime.dispatch").doesNotContain("io.jobhook.simulator")
                        .doesNotContain("io.jobhook.runtime.poller");
                String installed = karaf.shell(Duration.ofSeconds(90),
                        "feature:install jobhook-poller jobhook-simulator jobhook-wincert",
                        "feature:list -i | grep jobhook",
                        "bundle:list -s | grep io.jobhook");
                assertThat(installed).as("feature:install jobhook-poller jobhook-simulator jobhook-wincert")
                        .doesNotContain("Error executing command").contains("jobhook-wincert").contains("Started")
                        .contains("io.jobhook.runtime.poller").contains("io.jobhook.simulator");

                String original = awaitHandler(karaf, null);
                assertThat(original).as("the KAR's handler version").isNotEqualTo(UPDATED_VERSION);
                // As an operator scripts it: a batch session shows only what a command prints.
                assertThat(karaf.shell(Duration.ofSeconds(30), "jobhook:handlers"))
                        .as("jobhook:handlers in a batch session of Karaf's shell").contains(HANDLER);
                assertThat(karaf.shell(Duration.ofSeconds(30), "jobhook:health"))
                        .as("jobhook:health in a batch session").contains("journal: writable");
                assertThat(karaf.shell(Duration.ofSeconds(30), "jobhook:events --limit 5 --outcome DELIVERED"))
                        .as("jobhook:events with options as Karaf users type them")
                        .doesNotContain("Error executing command").doesNotContain("not a number");
                // The health checks by tag: Jobhook's command, and Felix Health Checks' executor on the same checks.
                String journalCheck = karaf.shell(Duration.ofSeconds(30), "jobhook:health --tags journal");
                assertThat(journalCheck).as("jobhook:health --tags journal").contains("[OK] Jobhook journal")
                        .doesNotContain("Jobhook Command API");
                // hc:exec returns its text, which a batch session shows only through a pipe.
                String hcJournal = karaf.shell(Duration.ofSeconds(30), "hc:exec journal | grep Jobhook");
                assertThat(hcJournal).as("hc:exec journal").contains("Jobhook journal").contains("OK")
                        .doesNotContain("Jobhook dead letters");
                assertThat(karaf.shell(Duration.ofSeconds(30), "hc:exec jobhook | grep Jobhook")).as("hc:exec jobhook")
                        .contains("Jobhook journal", "Jobhook Command API", "Jobhook poller lag", "Jobhook dead letters");
                // Karaf's help explains each command, options included: they are Karaf's own commands. (Karaf's
                // "help <command>" pages only at an interactive prompt, for bundle:list as for these; a batch session
                // shows the same text with --help.)
                assertThat(karaf.shell(Duration.ofSeconds(30), "jobhook:events --help")).as("jobhook:events --help")
                        .contains("Recent completions, newest first").contains("--outcome").contains("--limit")
                        .contains("only completions with a delivery in this state");
                assertThat(karaf.shell(Duration.ofSeconds(30), "jobhook:health --help")).as("jobhook:health --help")
                        .contains("--tags").contains("deadletters");
                assertThat(karaf.shell(Duration.ofSeconds(30), "jobhook:replay --help")).as("jobhook:replay --help")
                        .contains("handlerOrEventId");
                java.nio.file.Path backup = karaf.home.resolve("journal-backup.zip");
                assertThat(karaf.shell(Duration.ofSeconds(30), "jobhook:backup " + backup)).as("jobhook:backup")
                        .contains("Journal backed up to " + backup);
                assertThat(backup).isNotEmptyFile();
                // The command forwarder's manifest for the handler's job types, resolved from its store type
                java.nio.file.Path forwarderManifest = karaf.home.resolve("forwarder-manifest.json");
                assertThat(karaf.shell(Duration.ofSeconds(30), "jobhook:forwarder-manifest https://jobhook.example:8642 "
                        + forwarderManifest)).as("jobhook:forwarder-manifest").contains("Wrote " + forwarderManifest)
                        .contains("to https://jobhook.example:8642/jobhook/v1/completions");
                assertThat(forwarderManifest).content().contains("\"TypeFullName\" : \"Jobhook.CommandForwarder.JobhookForwarder\"")
                        .containsPattern("\"JobTypes\" : \"[0-9a-f-]{36}");
                assertThat(karaf.shell(Duration.ofSeconds(30), "jobhook:forwarder-manifest --help"))
                        .as("jobhook:forwarder-manifest --help").contains("the URL Command reaches Jobhook at");

                // 1. A completion: traced by the WinCert handler in Karaf's log, by the original bundle.
                UUID firstJob = UUID.randomUUID();
                String firstEvent = post(firstJob);
                assertThat(awaitAttempt(firstEvent)).as("the first completion's handler version").isEqualTo(original);
                String firstTrace = awaitTrace(karaf, firstJob);
                assertThat(firstTrace).as("the trace line carries the bundle's version (Karaf's log pattern)")
                        .contains(" - " + original + " | ");
                assertThat(karaf.karafLog()).contains("Entering Job Completion Handler for orchestrator [" + AGENT)
                        .contains("This handler's favorite animal is: Tiger");

                // 1b. The same over HTTPS (TLS 1.2+), with the push token that came from the environment.
                HttpResponse<String> overTls = https(karaf).send(pushRequest(URI.create("https://127.0.0.1:" + securePort
                        + "/jobhook/v1/completions"), UUID.randomUUID()), HttpResponse.BodyHandlers.ofString());
                assertThat(overTls.statusCode()).as("a push over HTTPS: " + overTls.body()).isEqualTo(202);

                // 2. bundle:update with another build of the handler.
                String id = karaf.shell(Duration.ofSeconds(30), "bundle:id io.jobhook.wincert").strip();
                assertThat(id).as("bundle:id io.jobhook.wincert").matches("\\d+");
                String update = karaf.shell(Duration.ofSeconds(30), "bundle:update " + id + " " + updated.toUri(),
                        "bundle:headers " + id + " | grep Bundle-Version");
                assertThat(update).doesNotContain("Error executing command").contains(UPDATED_VERSION);
                awaitHandler(karaf, UPDATED_VERSION);

                // 3. The next completion is handled, and traced, by the new version.
                UUID secondJob = UUID.randomUUID();
                String secondEvent = post(secondJob);
                assertThat(awaitAttempt(secondEvent)).as("the next completion's handler version")
                        .isEqualTo(UPDATED_VERSION);
                String secondTrace = awaitTrace(karaf, secondJob);
                assertThat(secondTrace).as("the next trace line carries the new version")
                        .contains(" - " + UPDATED_VERSION + " | ");

                // 4. The operator's page is served in Karaf too.
                HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(uri("/jobhook/")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
                assertThat(page.body()).contains("<title>Jobhook</title>").contains("app.js");

                // 5. The metrics library resolved in Karaf, and the series count what was delivered.
                HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(uri("/jobhook/v1/metrics"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).as("GET /jobhook/v1/metrics in Karaf")
                        .containsPattern("jobhook_deliveries_total\\{handler=\"io\\.jobhook\\.wincert[^\"]*\","
                                + "outcome=\"success\"\\} [1-9]")
                        .containsPattern("jobhook_ingress_requests_total\\{status=\"202\"\\} [1-9]");

                assertThat(karaf.karafLog()).as("Felix HTTP listened on loopback only, at its configured port")
                        .contains("Started ServerConnector").doesNotContain("{0.0.0.0:")
                        .contains("{127.0.0.1:" + port + "}");
                assertThat(status("http://127.0.0.1:" + karaf.webPort + "/")).as("Karaf's Pax Web still answers")
                        .isGreaterThan(0);
                assertThat(karaf.karafLog()).as("Jobhook logged no error in Karaf").doesNotContainPattern(
                        "\\| ERROR \\|[^\\n]*\\| [0-9]+ - io\\.jobhook");
                karaf.stop();
                karaf.delete(); // kept on failure, for its log
                System.out.printf("Karaf test: %.1f s from unpacked Karaf to a clean stop%n",
                        (System.nanoTime() - started) / 1e9);
            } catch (Throwable t) {
                System.err.println("Karaf test failed in " + karaf.home + ":\n" + karaf.diagnostics());
                throw t;
            }
        }
    }

    /**
     * Jobhook's configuration files in Karaf's etc/, as in Jobhook's own runtime: the Command client pointed at the
     * in-process simulator (as demo mode does), a push token, an admin token, the WinCert handler for the WinCert
     * store type, its trace turned on in Karaf's pax-logging file; Felix HTTP on a free port on loopback, the
     * journal in Karaf's data/.
     */
    private void configureJobhook(RunningKaraf karaf) throws IOException {
        String base = "http://127.0.0.1:" + port;
        securePort = RunningKaraf.freePort();
        Path keystore = karaf.home.resolve("etc").resolve("jobhook.p12");
        keytool("-genkeypair", "-alias", "jobhook", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype",
                "PKCS12", "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD);
        karaf.environment.put("JOBHOOK_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD);
        karaf.environment.put("JOBHOOK_PUSH_TOKEN", PUSH_TOKEN);
        karaf.write("org.apache.felix.http.cfg", "org.osgi.service.http.port = " + port
                + "\norg.apache.felix.http.host = 127.0.0.1\n"
                + "org.apache.felix.https.enable = true\n"
                + "org.osgi.service.http.port.secure = " + securePort + "\n"
                + "org.apache.felix.https.keystore = " + keystore + "\n"
                + "org.apache.felix.https.keystore.password = $[env:JOBHOOK_KEYSTORE_PASSWORD]\n"
                + "org.apache.felix.https.keystore.key.password = $[env:JOBHOOK_KEYSTORE_PASSWORD]\n"
                + "org.apache.felix.https.jetty.protocols.included = TLSv1.3,TLSv1.2\n");
        karaf.append("system.properties", "\n# Jobhook's journal\njobhook.data = ${karaf.data}/jobhook\n"
                + "# SCR logs its internals under its own logger, not under each component's class\n"
                + "ds.log.extension = true\nds.loglevel = warn\n"
                + "# Felix HTTP waits for its configuration (else it opens 0.0.0.0:8080 until ConfigAdmin answers)\n"
                + "org.apache.felix.http.require.config = true\n");
        karaf.write("io.jobhook.simulator.cfg", "enabled = true\nseed = 1\njobIntervalSeconds = 0\n"
                + "basePath = /KeyfactorAPI\nauth = basic\n.users = KFTRAIN\\\\svc=karaf-test-password\n");
        karaf.write("io.jobhook.command.cfg", "url = " + base + "/KeyfactorAPI\nauth = basic\n"
                + "username = KFTRAIN\\\\svc\n.password = karaf-test-password\n");
        karaf.write("io.jobhook.ingress.cfg", ".tokens = $[env:JOBHOOK_PUSH_TOKEN]\n");
        karaf.write("io.jobhook.admin.cfg", ".tokens = " + ADMIN_TOKEN + "\n");
        karaf.write("io.jobhook.wincert-karaf.cfg", "storeTypes = WinCert\nfavoriteAnimal = Tiger\n");
        karaf.append("org.ops4j.pax.logging.cfg", "\n# The WinCert handler's trace\n"
                + "log4j2.logger.wincert.name = io.jobhook.wincert\nlog4j2.logger.wincert.level = TRACE\n");
    }

    /**
     * Waits until the admin API lists the WinCert handler present with its WinCert job types resolved through the
     * Command API (the simulator), at {@code version} when given.
     *
     * @return its version
     */
    private String awaitHandler(RunningKaraf karaf, String version) {
        String[] found = new String[1];
        RunningKaraf.await("handler " + HANDLER + " present" + (version == null ? "" : " at " + version),
                Duration.ofSeconds(60), () -> {
                    karaf.assertAlive();
                    Optional<JsonNode> handlers = get("/jobhook/v1/handlers");
                    if (handlers.isEmpty()) {
                        return false;
                    }
                    for (JsonNode h : handlers.get()) {
                        if (HANDLER.equals(h.path("identity").asText()) && "PRESENT".equals(h.path("state").asText())
                                && h.path("jobTypes").toString().contains(WINCERT_INVENTORY.toString())
                                && (version == null || version.equals(h.path("version").asText()))) {
                            found[0] = h.path("version").asText();
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }

    static void keytool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A client that trusts the keystore's certificate (made by {@link #configureJobhook}). */
    private static HttpClient https(RunningKaraf karaf) throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(karaf.home.resolve("etc").resolve("jobhook.p12"))) {
            keys.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("jobhook", keys.getCertificate("jobhook"));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest pushRequest(URI ingress, UUID jobId) {
        String body = "{\"AgentId\":\"" + AGENT + "\",\"JobId\":\"" + jobId + "\",\"JobType\":\"WinCertInventory\","
                + "\"JobTypeId\":\"" + WINCERT_INVENTORY + "\",\"JobResult\":\"Success\",\"RequestTimestamp\":\""
                + Instant.now() + "\"}";
        return HttpRequest.newBuilder(ingress).header("Authorization", "Bearer " + PUSH_TOKEN)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Posts a WinCert Inventory completion for {@code jobId}; answers its event id. */
    private String post(UUID jobId) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(pushRequest(uri("/jobhook/v1/completions"), jobId),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST /jobhook/v1/completions: " + r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).path("eventId").asText();
    }

    /** Waits for the event's successful attempt by the WinCert handler; answers the version the journal recorded. */
    private String awaitAttempt(String eventId) {
        String[] version = new String[1];
        RunningKaraf.await("a successful attempt of event " + eventId, Duration.ofSeconds(30), () -> {
            Optional<JsonNode> event = get("/jobhook/v1/events/" + eventId);
            for (JsonNode a : event.map(e -> e.path("attempts")).orElse(JSON.createArrayNode())) {
                if (HANDLER.equals(a.path("handler").asText()) && "SUCCESS".equals(a.path("outcome").asText())) {
                    version[0] = a.path("handlerVersion").asText();
                    return true;
                }
            }
            return false;
        });
        return version[0];
    }

    /** Waits for the WinCert handler's Inventory trace line for {@code jobId} in data/log/karaf.log. */
    private static String awaitTrace(RunningKaraf karaf, UUID jobId) {
        String message = "Dispatching job completion handler for an Inventory job " + jobId;
        String[] line = new String[1];
        RunningKaraf.await("the WinCert trace \"" + message + "\" in data/log/karaf.log", Duration.ofSeconds(30),
                () -> {
                    List<String> lines = karaf.karafLog().lines().filter(l -> l.contains(message)).toList();
                    if (lines.isEmpty()) {
                        return false;
                    }
                    line[0] = lines.get(0);
                    return true;
                });
        assertThat(line[0]).as("a TRACE line").contains("| TRACE |");
        return line[0];
    }

    private Optional<JsonNode> get(String path) {
        return RunningKaraf.adminGet(HTTP, uri(path), ADMIN_TOKEN);
    }

    /** @return the HTTP status of a GET, or 0 when nothing answers */
    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The same bundle with another Bundle-Version: what a rebuilt handler looks like to bundle:update. */
    static Path withVersion(Path jar, Path target, String version) throws IOException {
        try (InputStream in = Files.newInputStream(jar); JarInputStream source = new JarInputStream(in)) {
            Manifest manifest = new Manifest(source.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream out = Files.newOutputStream(target);
                    JarOutputStream copy = new JarOutputStream(out, manifest)) {
                for (JarEntry e = source.getNextJarEntry(); e != null; e = source.getNextJarEntry()) {
                    copy.putNextEntry(new JarEntry(e.getName()));
                    source.transferTo(copy);
                    copy.closeEntry();
                }
            }
        }
        return target;
    }
}
