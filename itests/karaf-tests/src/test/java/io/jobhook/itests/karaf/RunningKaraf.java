package io.jobhook.itests.karaf;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An unpacked Apache Karaf 4.4 in a directory of its own, configured as an operator would for a machine without a
 * network: SSH and JMX on loopback at free ports, one enabled user, pax-url reading the local Maven repository and
 * nothing remote. Started with {@code bin/karaf server}; driven with {@code bin/client -b}; {@link #close()} ends
 * the whole process tree whatever happened.
 */
final class RunningKaraf implements AutoCloseable {

    static final String USER = "karaf";
    static final String PASSWORD = "karaf";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path home;
    final int sshPort;
    final int webPort;
    /** The environment Karaf gets besides this JVM's, e.g. what a {@code $[env:NAME]} reference reads. */
    final java.util.Map<String, String> environment = new java.util.HashMap<>();
    private Process process;

    private RunningKaraf(Path home, int sshPort, int webPort) {
        this.home = home;
        this.sshPort = sshPort;
        this.webPort = webPort;
    }

    /** A fresh copy of the unpacked distribution under {@code target/work}, configured for loopback and offline. */
    static RunningKaraf prepare(String name) throws IOException {
        Path dist = Path.of(required("jobhook.karaf.dist"));
        if (!Files.isRegularFile(dist.resolve("bin/karaf"))) {
            throw new IllegalStateException("No Karaf at " + dist + " (system property jobhook.karaf.dist)");
        }
        Path home = Path.of(System.getProperty("jobhook.work", "target/work"))
                .resolve(name + "-" + System.nanoTime()).toAbsolutePath();
        copy(dist, home);
        RunningKaraf karaf = new RunningKaraf(home, freePort(), freePort());
        karaf.configure();
        return karaf;
    }

    private void configure() throws IOException {
        // SSH on loopback at a free port (Karaf's default is 0.0.0.0:8101)
        setKeys("org.apache.karaf.shell.cfg", Map.of("sshHost", "127.0.0.1", "sshPort", Integer.toString(sshPort)));
        // JMX/RMI: already on 127.0.0.1, but on fixed ports 1099/44444
        setKeys("org.apache.karaf.management.cfg", Map.of("rmiRegistryPort", Integer.toString(freePort()),
                "rmiServerPort", Integer.toString(freePort())));
        // Karaf's own web stack (feature http): not on 8181, and on loopback
        write("org.ops4j.pax.web.cfg", "org.osgi.service.http.port = " + webPort
                + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n");
        // Karaf 4.4 ships with no enabled user
        append("users.properties", "\n" + USER + " = " + PASSWORD + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        // pax-url: the local repository (and KARs and system/) only; never a remote repository
        String local = Path.of(required("jobhook.karaf.repository")).toUri().toString();
        setKeys("org.ops4j.pax.url.mvn.cfg", Map.of(
                "org.ops4j.pax.url.mvn.repositories", "",
                "org.ops4j.pax.url.mvn.defaultRepositories",
                "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                        + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots,"
                        + "${karaf.base.uri}${karaf.default.repository}@id=child.system.repository@snapshots,"
                        + local + "@id=local@snapshots",
                "org.ops4j.pax.url.mvn.localRepository", Path.of(required("jobhook.karaf.repository")).toString(),
                "org.ops4j.pax.url.mvn.offline", "true",
                "org.ops4j.pax.url.mvn.useFallbackRepositories", "false"));
    }

    /** Replaces (or adds) {@code key = value} lines of a file in {@code etc/}, keeping the rest. */
    void setKeys(String file, Map<String, String> values) throws IOException {
        Path path = etc(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(path, StandardCharsets.ISO_8859_1));
        List<String> out = new ArrayList<>();
        boolean continued = false;
        for (String line : lines) {
            boolean skip = continued;
            String key = line.split("[=:]", 2)[0].trim();
            if (!continued && !line.trim().startsWith("#") && values.containsKey(key)) {
                skip = true;
            }
            continued = skip && line.endsWith("\\");
            if (!skip) {
                out.add(line);
            }
        }
        values.forEach((k, v) -> out.add(k + " = " + v));
        Files.write(path, out, StandardCharsets.ISO_8859_1);
    }

    /** Writes a file into {@code etc/} atomically, as an operator's {@code mv} would. */
    void write(String file, String text) throws IOException {
        Path tmp = home.resolve("." + file + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.ISO_8859_1);
        Files.move(tmp, etc(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void append(String file, String text) throws IOException {
        Files.writeString(etc(file), text, StandardCharsets.ISO_8859_1, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    Path etc(String file) {
        return home.resolve("etc").resolve(file);
    }

    Path log() {
        return home.resolve("data/log/karaf.log");
    }

    /**
     * {@code bin/karaf server}: in the foreground, no console, its output in {@code console.log}; with
     * {@code KARAF_EXEC=exec}, so that the started process is Karaf's JVM (no shell in between to outlive or orphan).
     */
    RunningKaraf start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(environment);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // The script execs Karaf's JVM instead of forking it: the process is Karaf itself, and a stop waits for it
        pb.environment().put("KARAF_EXEC", "exec");
        process = pb.start();
        // Should this JVM be stopped before close() runs: no Karaf left behind
        ProcessHandle karaf = process.toHandle();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> killTree(karaf), "karaf-reaper"));
        return this;
    }

    /**
     * Runs shell commands through {@code bin/client -b} (commands on stdin), retrying while the shell is not up or
     * a command is not yet registered, until {@code limit}.
     *
     * @return the client's output
     */
    String shell(Duration limit, String... commands) {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (true) {
            assertAlive();
            last = clientOnce(String.join("\n", commands) + "\n", deadline);
            boolean notYet = last.contains("Command not found") || last.contains("Connection refused")
                    || last.contains("Authentication failed") || last.contains("ConnectException")
                    || last.contains("No route to host") || last.contains("Unable to connect")
                    || last.contains("Failed to get the session");
            if (!notYet) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Karaf's shell did not run " + List.of(commands) + " within "
                        + limit.toSeconds() + " s; last answer:\n" + last);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    private String clientOnce(String stdin, long deadline) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", home.resolve("bin/client").toString(), "-h", "127.0.0.1",
                "-a", Integer.toString(sshPort), "-u", USER, "-p", PASSWORD, "-r", "1", "-b")
                .directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process client = null;
        try {
            client = pb.start();
            client.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().close();
            byte[] out;
            try (InputStream in = client.getInputStream()) {
                // bounded: the client is killed at the deadline below, which closes the stream
                Process c = client;
                Thread watchdog = new Thread(() -> {
                    long left = Math.max(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(30));
                    try {
                        if (!c.waitFor(left, TimeUnit.NANOSECONDS)) {
                            killTree(c.toHandle());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "karaf-client-watchdog");
                watchdog.setDaemon(true);
                watchdog.start();
                out = in.readAllBytes();
            }
            client.waitFor(10, TimeUnit.SECONDS);
            // Karaf colours its output (grep's matches, tables) even in batch mode
            return new String(out, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (client != null) {
                killTree(client.toHandle());
            }
        }
    }

    /** @return the process id of Karaf's JVM (started with {@code KARAF_EXEC=exec}: no shell in between) */
    long pid() {
        if (process == null) {
            throw new IllegalStateException("Karaf was not started");
        }
        return process.pid();
    }

    void assertAlive() {
        if (process == null || !process.isAlive()) {
            throw new AssertionError("Karaf is not running (exit " + (process == null ? "-" : process.exitValue())
                    + "):\n" + tail(home.resolve("console.log"), 40));
        }
    }

    String karafLog() {
        try {
            return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of Karaf's log and console, for a failure's report. */
    String diagnostics() {
        return "--- data/log/karaf.log (tail) ---\n" + tail(log(), 120)
                + "\n--- console.log (tail) ---\n" + tail(home.resolve("console.log"), 30);
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }

    /** A clean stop (SIGTERM to Karaf's JVM: its shutdown hook stops the framework), bounded. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("Karaf did not stop within 30 s of SIGTERM");
        }
    }

    /** Removes the stopped instance's directory. */
    void delete() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }

    /** Whatever happened: no Karaf, no client left behind. */
    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            killTree(process.toHandle());
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void killTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    /** A GET of Jobhook's admin API with a bearer token: its JSON on a 200, else empty (also while nothing listens). */
    static Optional<JsonNode> adminGet(HttpClient http, URI uri, String token) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + limit.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set (run through Maven)");
        }
        return value;
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
