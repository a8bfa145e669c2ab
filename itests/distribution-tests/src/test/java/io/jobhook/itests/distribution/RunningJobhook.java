package io.jobhook.itests.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.jobhook.performance.charts.PerformanceCharts;

/**
 * The built distribution, run as an operator runs it: {@code bin/jobhook --headless --port N} in a home
 * of its own, its console in {@code console.log}.
 */
final class RunningJobhook implements AutoCloseable {

    static final String TOKEN = "distribution-test-token";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final Path home;
    final int port;
    /** The environment {@code bin/jobhook} gets besides this JVM's, e.g. a token for {@code $[env:NAME]}. */
    final Map<String, String> environment = new HashMap<>();
    /** Every secret this installation was configured with: none may show in its logs, console or data/. */
    private final Set<String> secrets = new LinkedHashSet<>(Set.of(TOKEN));
    private Process process;

    private RunningJobhook(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /**
     * A fresh installation under {@code target/work}: the build's {@code jobhook.tar.gz} unpacked, never the
     * working {@code runtime/distribution/target/jobhook} a person may have run the demo in.
     */
    static RunningJobhook prepare(String name) throws IOException {
        Path archive = Path.of(System.getProperty("jobhook.distribution.archive", ""));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("No distribution archive at '" + archive
                    + "' (system property jobhook.distribution.archive)");
        }
        Path home = newHome(name);
        Files.createDirectories(home);
        run(List.of("tar", "-xzf", archive.toString(), "-C", home.toString(), "--strip-components=1"));
        return new RunningJobhook(home, freePort());
    }

    /**
     * A copy, as it is, of the working installation the README's first command builds and runs
     * ({@code runtime/distribution/target/jobhook}, system property {@code jobhook.installation}).
     */
    static RunningJobhook copyOfInstallation(String name) throws IOException {
        Path source = Path.of(System.getProperty("jobhook.installation", ""));
        if (!Files.isExecutable(source.resolve("bin/jobhook"))) {
            throw new IllegalStateException("No installation at '" + source + "' (system property jobhook.installation)");
        }
        Path home = newHome(name);
        copy(source, home);
        return new RunningJobhook(home, freePort());
    }

    private static Path newHome(String name) {
        return Path.of(System.getProperty("jobhook.work", "target/work")).resolve(name + "-" + System.nanoTime())
                .toAbsolutePath();
    }

    /** Runs a command to its end; its output, if it fails, in the exception. */
    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return output;
    }

    /** Not demo mode: a Command URL nobody answers, and a known push token. */
    RunningJobhook withoutDemo() throws IOException {
        config("io.jobhook.command.cfg", "url = http://127.0.0.1:9/KeyfactorAPI\nauth = none\nmaxAttempts = 1\n");
        config("io.jobhook.ingress.cfg", ".tokens = " + TOKEN + "\n");
        return this;
    }

    /** Registers a secret the test configures, so that {@link #close()} checks it leaked nowhere; returns it. */
    String secret(String value) {
        secrets.add(value);
        return value;
    }

    RunningJobhook config(String file, String text) throws IOException {
        Path tmp = home.resolve("etc").resolve("." + file + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, home.resolve("etc").resolve(file), StandardCopyOption.ATOMIC_MOVE);
        return this;
    }

    /** Drops a bundle into {@code handlers/} atomically, as an operator's {@code mv} would. */
    void deploy(String bundle, String asName) throws IOException {
        deploy(Path.of(System.getProperty("jobhook.bundles")).resolve(bundle + ".jar"), asName);
    }

    /** Drops the bundle {@code jar}, built anywhere, into {@code handlers/} atomically as {@code <asName>.jar}. */
    void deploy(Path jar, String asName) throws IOException {
        Path tmp = home.resolve(".deploy-" + asName);
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, home.resolve("handlers").resolve(asName + ".jar"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    void undeploy(String asName) throws IOException {
        Files.delete(home.resolve("handlers").resolve(asName + ".jar"));
    }

    RunningJobhook start() throws IOException {
        return start(this::ingressUp);
    }

    /** Launches, then waits until {@code up} says the runtime serves (or the process died, which fails). */
    RunningJobhook start(BooleanSupplier up) throws IOException {
        launch();
        await("the ingress to answer", Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("bin/jobhook exited with " + process.exitValue() + ":\n" + console());
            }
            return up.getAsBoolean();
        });
        return this;
    }

    /** Starts {@code bin/jobhook} and returns at once (start-up measurements poll for themselves). */
    RunningJobhook launch() throws IOException {
        Files.deleteIfExists(home.resolve("console.log"));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/jobhook").toString(), "--headless", "--port",
                Integer.toString(port));
        builder.environment().putAll(environment);
        process = builder.directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return this;
    }

    /** @return the JVM's process id ({@code bin/jobhook} execs it) */
    long pid() {
        return process.pid();
    }

    private boolean ingressUp() {
        if (!process.isAlive()) {
            throw new IllegalStateException("bin/jobhook exited with " + process.exitValue() + ":\n" + console());
        }
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(uri("/jobhook/v1/completions"))
                    .timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 405;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Posts one completion of {@code jobTypeId}; answers the HTTP response. */
    HttpResponse<String> post(UUID jobTypeId) throws IOException, InterruptedException {
        return HTTP.send(completionRequest(jobTypeId), HttpResponse.BodyHandlers.ofString());
    }

    /** A push of one new completion (a fresh job id) of {@code jobTypeId} to the ingress. */
    HttpRequest completionRequest(UUID jobTypeId) {
        return completionRequest(uri("/jobhook/v1/completions"), jobTypeId);
    }

    /** A push of one new completion of {@code jobTypeId} to {@code target} (the ingress, or a benchmark's floor). */
    static HttpRequest completionRequest(URI target, UUID jobTypeId) {
        String body = "{\"AgentId\":\"fa406103-d84a-43ea-8bfd-99bc1f064281\",\"JobId\":\"" + UUID.randomUUID()
                + "\",\"JobType\":\"WinCertInventory\",\"JobTypeId\":\"" + jobTypeId + "\",\"JobResult\":\"Success\"}";
        return HttpRequest.newBuilder(target).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * A drill's or benchmark's report: printed, written to {@code file} beside the work directory, and, when the
     * system property {@code docsProperty} names a document, written between its
     * {@code <!-- marker:begin -->} and {@code <!-- marker:end -->} lines.
     */
    static void publish(List<String> report, String file, String docsProperty, String marker, List<String> docLines)
            throws IOException {
        System.out.println(String.join("\n", report));
        Files.write(Path.of(System.getProperty("jobhook.work", "target/work")).resolveSibling(file), report);
        String docs = System.getProperty(docsProperty);
        if (docs == null || docs.isBlank()) {
            return;
        }
        Path chart = PerformanceCharts.writeTable(Path.of(docs), marker, docLines);
        if (chart != null) {
            System.out.println("chart: " + chart);
        }
    }

    /** @return the event id of a 202 answer */
    static String eventId(HttpResponse<String> accepted) {
        String body = accepted.body();
        int at = body.indexOf("\"eventId\":\"");
        return body.substring(at + 11, at + 11 + 36);
    }

    String console() {
        try {
            return Files.exists(home.resolve("console.log")) ? Files.readString(home.resolve("console.log")) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, and wait for the clean stop. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("bin/jobhook did not stop within 30 s of SIGTERM");
            }
        }
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    void kill9() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Kills what still runs, then checks that no secret this installation was configured with (the tests' own,
     * and every private {@code .}-key of its {@code etc/*.cfg}, the demo's generated ones included) shows in its
     * console, {@code logs/} or {@code data/}.
     *
     * @throws AssertionError naming each file a secret leaked into (never the secret)
     */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.toHandle().destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        try {
            List<String> leaks = leaks();
            if (!leaks.isEmpty()) {
                throw new AssertionError("Secrets of " + home + " leaked: " + String.join("; ", leaks));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return "file: secret n" for each secret found in the console, logs/ or data/ */
    List<String> leaks() throws IOException {
        Set<String> all = new LinkedHashSet<>(secrets);
        Path etc = home.resolve("etc");
        if (Files.isDirectory(etc)) {
            try (Stream<Path> cfgs = Files.list(etc)) {
                for (Path cfg : (Iterable<Path>) cfgs.filter(f -> f.toString().endsWith(".cfg"))::iterator) {
                    java.util.Properties p = new java.util.Properties();
                    try (java.io.Reader in = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
                        p.load(in);
                    }
                    p.stringPropertyNames().stream().filter(k -> k.startsWith(".")).map(p::getProperty)
                            .flatMap(v -> Stream.of(v.split(","))).map(String::strip)
                            .filter(v -> v.length() >= 8 && !v.startsWith("$[") && !v.startsWith("sha256:"))
                            .forEach(all::add);
                    if (cfg.getFileName().toString().equals("io.jobhook.simulator.cfg")) {
                        // .users and .clients are name=secret pairs
                        p.stringPropertyNames().stream().filter(k -> k.equals(".users") || k.equals(".clients"))
                                .flatMap(k -> Stream.of(p.getProperty(k).split(",")))
                                .map(pair -> pair.substring(pair.indexOf('=') + 1).strip())
                                .filter(v -> v.length() >= 8).forEach(all::add);
                    }
                }
            }
        }
        List<String> leaks = new java.util.ArrayList<>();
        List<String> list = List.copyOf(all);
        List<Path> places = new java.util.ArrayList<>();
        places.add(home.resolve("console.log"));
        for (String dir : List.of("logs", "data")) {
            if (Files.isDirectory(home.resolve(dir))) {
                try (Stream<Path> files = Files.walk(home.resolve(dir))) {
                    files.filter(Files::isRegularFile).forEach(places::add);
                }
            }
        }
        for (Path place : places) {
            if (!Files.isRegularFile(place)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(place);
            for (int i = 0; i < list.size(); i++) {
                if (contains(bytes, list.get(i).getBytes(StandardCharsets.UTF_8))) {
                    leaks.add(home.relativize(place) + ": secret " + (i + 1) + " of " + list.size());
                }
            }
        }
        return leaks;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + limit.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * @return for each event id in a recording handler's file, when it was first handled (ms since the epoch)
     */
    static Map<String, Long> firstDeliveries(Path records) {
        Map<String, Long> at = new HashMap<>();
        for (String line : lines(records)) {
            String[] f = line.split(" ");
            if (f.length >= 5) {
                at.putIfAbsent(f[0], Long.parseLong(f[4]));
            }
        }
        return at;
    }

    /** @return the {@code q}-quantile (0 to 1) of sorted values, 0 when there are none */
    static long percentile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0
                : sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(q * sorted.size()) - 1)));
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
