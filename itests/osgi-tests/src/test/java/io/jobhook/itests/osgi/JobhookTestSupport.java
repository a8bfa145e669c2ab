package io.jobhook.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.keepCaches;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.MavenArtifactProvisionOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.Journal;

/**
 * The one base of Jobhook's Pax Exam tests: the runtime's bundles in Felix as the distribution starts them
 * (logging and ConfigAdmin first, then the platform, then Jobhook), offline, with the launcher's framework
 * properties, an HTTP port chosen at random and a journal directory of the test class's own.
 *
 * <p>{@link #baseConfiguration()} runs on the host; everything else runs inside the framework. Handlers
 * are configured as named factory configurations ({@code factoryPid~name}, as FileInstall creates them
 * from {@code etc/factoryPid-name.cfg}) because a handler's identity, the key of its deliveries in the
 * journal, is its {@code service.pid}: Pax Exam's {@code factoryConfiguration(...)} would give each run
 * a generated PID, and a restarted framework a new identity.
 */
public abstract class JobhookTestSupport {

    /** The push token the ingress is configured with. */
    protected static final String TOKEN = "osgi-it-push-token";
    /** How long any awaited condition may take before the test fails. */
    protected static final Duration DEADLINE = Duration.ofSeconds(30);

    protected static final String RECORDING = "io.jobhook.test.recording";
    protected static final String MISBEHAVING = "io.jobhook.test.misbehaving";
    protected static final String WINCERT = "io.jobhook.wincert";

    /** The sample's orchestrator. */
    protected static final UUID AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");
    protected static final String CLIENT_MACHINE = "orchestrator.kftrain.lab";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    /** The journal service: {@code @Inject} waits for it, so the runtime is up once a test runs. */
    @Inject
    protected Journal journal;

    private HttpClient http;

    // ------------------------------------------------------------------ host side: the framework

    /**
     * The framework and its bundles, with a fresh journal directory.
     */
    protected Option baseConfiguration() {
        Path work = workDirectory();
        deleteRecursively(work);
        return baseConfiguration(work);
    }

    /**
     * The framework and its bundles over {@code work}, which is kept as it is: its {@code data} folder is
     * {@code jobhook.data}, the journal's directory.
     */
    protected Option baseConfiguration(Path work) {
        try {
            Files.createDirectories(work.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return composite(
                workingDirectory(work.resolve("framework").toString()),
                keepCaches(),
                // The launcher's framework properties (runtime/launcher Launcher.frameworkProperties).
                frameworkProperty("org.osgi.framework.storage.clean").value("onFirstInit"),
                frameworkProperty("felix.bootdelegation.implicit").value("false"),
                frameworkProperty("ds.log.extension").value("true"),
                frameworkProperty("ds.loglevel").value("warn"),
                frameworkProperty("org.osgi.service.http.port").value(Integer.toString(freePort())),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                frameworkProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                frameworkProperty("org.ops4j.pax.logging.property.file").value(required("jobhook.it.logging")),
                frameworkProperty("jobhook.data").value(work.resolve("data").toString()),
                frameworkProperty("jobhook.it.work").value(work.toString()),
                frameworkProperty("jobhook.it.bundles").value(bundlesDirectory().toString()),
                junitBundles(),
                // system/1-logging
                thirdParty("org.apache.felix", "org.apache.felix.configadmin", "configadmin", 1),
                thirdParty("org.ops4j.pax.logging", "pax-logging-api", "pax-logging", 1),
                thirdParty("org.ops4j.pax.logging", "pax-logging-log4j2", "pax-logging", 1),
                // system/2-platform (no FileInstall and no Gogo: configuration comes through ConfigurationAdmin)
                thirdParty("org.apache.felix", "org.apache.felix.scr", "scr", 2),
                thirdParty("org.osgi", "org.osgi.service.component", "osgi.service.component", 2),
                thirdParty("org.osgi", "org.osgi.util.promise", "osgi.util.promise", 2),
                thirdParty("org.osgi", "org.osgi.util.function", "osgi.util.function", 2),
                thirdParty("org.apache.felix", "org.apache.felix.metatype", "metatype", 2),
                thirdParty("org.apache.felix", "org.apache.felix.http.servlet-api", "http.servlet-api", 2),
                thirdParty("org.apache.felix", "org.apache.felix.http.jetty12", "http.jetty12", 2),
                thirdParty("commons-fileupload", "commons-fileupload", "commons-fileupload", 2),
                thirdParty("commons-io", "commons-io", "commons-io", 2),
                thirdParty("com.fasterxml.jackson.core", "jackson-core", "jackson", 2),
                thirdParty("com.fasterxml.jackson.core", "jackson-databind", "jackson", 2),
                thirdParty("com.fasterxml.jackson.core", "jackson-annotations", "jackson", 2),
                thirdParty("com.h2database", "h2", "h2", 2),
                // system/3-jobhook
                jobhook("api-bundle"),
                jobhook("runtime-spi"),
                jobhook("runtime-prometheus-client"),
                jobhook("runtime-journal"),
                jobhook("runtime-dispatch"),
                jobhook("runtime-ingress"),
                jobhook("command-client-bundle"),
                jobhook("command-simulator"),
                // handlers/
                jobhook("wincert-handler-bundle"),
                jobhook("recording-handler"),
                jobhook("test-handlers"),
                // AssertJ for the tests themselves
                thirdParty("net.bytebuddy", "byte-buddy", "byte-buddy", 3),
                thirdParty("org.assertj", "assertj-core", "assertj", 3));
    }

    /** {@code target/paxexam/<test class>}: this class's framework, journal and recordings. */
    protected Path workDirectory() {
        return Path.of(required("jobhook.it.work")).resolve(getClass().getSimpleName()).toAbsolutePath();
    }

    private static MavenArtifactProvisionOption thirdParty(String groupId, String artifactId, String versionKey,
            int startLevel) {
        return mavenBundle(groupId, artifactId, required("jobhook.it.version." + versionKey)).startLevel(startLevel);
    }

    /**
     * More of Jobhook's bundles from {@code target/bundles} (e.g. the purpose-built handlers of one test
     * class), installed and started after the base configuration's.
     */
    protected static Option jobhookBundles(String... artifactIds) {
        return composite(Arrays.stream(artifactIds).map(JobhookTestSupport::jobhook).toArray(Option[]::new));
    }

    private static Option jobhook(String artifactId) {
        return bundle(jar(bundlesDirectory(), artifactId).toUri().toString()).startLevel(3);
    }

    private static Path bundlesDirectory() {
        return Path.of(required("jobhook.it.bundles")).toAbsolutePath();
    }

    private static Path jar(Path directory, String artifactId) {
        Path jar = directory.resolve(artifactId + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No bundle " + jar + ": run through Maven (dependency:copy-dependencies)");
        }
        return jar;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run the tests through Maven "
                    + "(mvn -f itests/osgi-tests/pom.xml verify)");
        }
        return value;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + dir, e);
        }
    }

    // ------------------------------------------------------------------ in the framework: configuration

    /** The per-class directory the host chose (framework property {@code jobhook.it.work}). */
    protected Path work() {
        return Path.of(bundleContext.getProperty("jobhook.it.work"));
    }

    /** In the framework: the jar of one of Jobhook's bundles in {@code target/bundles}, to install or update from. */
    protected Path bundleJar(String artifactId) {
        return jar(Path.of(bundleContext.getProperty("jobhook.it.bundles")), artifactId);
    }

    /** @return the installed bundle of this symbolic name (the first, if several versions are installed) */
    protected Bundle bundleNamed(String symbolicName) {
        return Arrays.stream(bundleContext.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("No bundle " + symbolicName + " installed"));
    }

    protected int port() {
        return Integer.parseInt(bundleContext.getProperty("org.osgi.service.http.port"));
    }

    /** Sets a singleton configuration, leaving it alone when it already holds these properties. */
    protected void configure(String pid, Map<String, ?> properties) throws IOException {
        Configuration c = configurationAdmin.getConfiguration(pid, "?");
        c.updateIfDifferent(dictionary(properties));
    }

    /** The ingress takes pushes with {@link #TOKEN}. */
    protected void configureIngress() throws IOException {
        configure("io.jobhook.ingress", Map.of(".tokens", new String[] {TOKEN}));
    }

    /**
     * Creates (or keeps) the factory configuration {@code factoryPid~name} and waits for the handler service
     * it makes.
     */
    protected void configureHandler(String factoryPid, String name, Map<String, ?> properties) throws IOException {
        Configuration c = configurationAdmin.getFactoryConfiguration(factoryPid, name, "?");
        c.updateIfDifferent(dictionary(properties));
        String pid = factoryPid + "~" + name;
        await("handler service " + pid + " to be registered", () -> handler(pid) != null);
    }

    /** Deletes the factory configuration {@code factoryPid~name} and waits for its handler service to go. */
    protected void removeHandler(String factoryPid, String name) throws IOException {
        String pid = factoryPid + "~" + name;
        configurationAdmin.getFactoryConfiguration(factoryPid, name, "?").delete();
        await("handler service " + pid + " to be unregistered", () -> handler(pid) == null);
    }

    /** A recording handler {@code io.jobhook.test.recording~name} for these job types, writing to {@link #recording}. */
    protected void configureRecording(String name, UUID... jobTypes) throws IOException {
        configureHandler(RECORDING, name, Map.of("jobTypes", guids(jobTypes), "file", recording(name).toString()));
    }

    /** The file the recording handler {@code name} appends to. */
    protected Path recording(String name) {
        return work().resolve("recording-" + name + ".txt");
    }

    /** @return the event ids the recording handler {@code name} was handed, one per delivery, in order */
    protected List<RecordedDelivery> recorded(String name) {
        Path file = recording(name);
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(RecordedDelivery::parse)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static String[] guids(UUID... ids) {
        return Arrays.stream(ids).map(UUID::toString).toArray(String[]::new);
    }

    /** @return the handler service whose {@code service.pid} is {@code pid}, or null */
    protected ServiceReference<OrchestratorJobCompleteHandler> handler(String pid) {
        try {
            return bundleContext.getServiceReferences(OrchestratorJobCompleteHandler.class, "(service.pid=" + pid + ")")
                    .stream().findFirst().orElse(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Dictionary<String, Object> dictionary(Map<String, ?> properties) {
        return new Hashtable<>(properties);
    }

    // ------------------------------------------------------------------ in the framework: pushing

    /**
     * Waits until a push of {@code jobTypeId} is accepted and routed to at least these handler identities:
     * the ingress has its token and the dispatcher knows the handlers. Each try is a real completion (job type
     * {@code WarmUp}), delivered like any other.
     */
    protected void awaitRouted(UUID jobTypeId, String... identities) {
        Set<String> wanted = Set.of(identities);
        await("completions of " + jobTypeId + " to be accepted and routed to " + wanted, () -> {
            HttpResponse<String> r = post(completion(jobTypeId, "WarmUp", UUID.randomUUID()));
            if (r.statusCode() != 202) {
                return false;
            }
            Set<String> routed = journal.deliveries(eventId(r)).stream().map(Delivery::handler).collect(Collectors.toSet());
            return routed.containsAll(wanted);
        });
    }

    /** A completion's JSON with Keyfactor's field names. */
    protected static String completion(UUID jobTypeId, String jobType, UUID jobId) {
        return "{\"AgentId\":\"" + AGENT + "\",\"Username\":\"KFTRAIN\\\\SVC_Orchestrator\",\"ClientMachine\":\""
                + CLIENT_MACHINE + "\",\"JobResult\":\"Success\",\"JobId\":\"" + jobId + "\",\"JobType\":\"" + jobType
                + "\",\"JobTypeId\":\"" + jobTypeId + "\",\"OperationType\":\"Add\",\"CertificateId\":14,"
                + "\"RequestTimestamp\":\"2023-05-03T23:18:48\",\"CurrentRetryCount\":0}";
    }

    /** POSTs a JSON body with the configured token. */
    protected HttpResponse<String> post(String body) {
        return post(body, "application/json", "Bearer " + TOKEN);
    }

    /** POSTs a body; a null content type or authorization leaves that header out. */
    protected HttpResponse<String> post(String body, String contentType, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(completionsUri()).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return httpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("POST to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    protected URI completionsUri() {
        return URI.create("http://127.0.0.1:" + port() + "/jobhook/v1/completions");
    }

    private synchronized HttpClient httpClient() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                    .build();
        }
        return http;
    }

    /** @return the event id of a 202 answer */
    protected static UUID eventId(HttpResponse<String> accepted) {
        if (accepted.statusCode() != 202) {
            throw new AssertionError("Expected 202, got " + accepted.statusCode() + ": " + accepted.body());
        }
        return UUID.fromString(json(accepted).path("eventId").asText());
    }

    protected static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (status " + response.statusCode() + "): " + response.body(), e);
        }
    }

    // ------------------------------------------------------------------ in the framework: the log

    /** Starts capturing what the framework and every bundle log: see {@link FrameworkLog}. */
    protected FrameworkLog captureLog() {
        return new FrameworkLog(bundleContext);
    }

    // ------------------------------------------------------------------ waiting

    /** Polls {@code condition} every 50 ms until it holds; fails naming {@code what} after {@link #DEADLINE}. */
    protected static void await(String what, Supplier<Boolean> condition) {
        await(what, DEADLINE, condition);
    }

    protected static void await(String what, Duration limit, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e; // e.g. the HTTP server is not listening yet
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError error = new AssertionError("Not within " + limit.toMillis() + " ms: " + what);
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** One line of a recording handler's file: {@code <eventId> <deliveryAttempt> <jobId> <bundleVersion>}. */
    protected record RecordedDelivery(UUID eventId, int attempt, UUID jobId, String version) {

        static RecordedDelivery parse(String line) {
            String[] f = line.trim().split(" ");
            return new RecordedDelivery(UUID.fromString(f[0]), Integer.parseInt(f[1]), UUID.fromString(f[2]), f[3]);
        }
    }
}
