package io.jobhook.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster that a test starts itself, on a free loopback port, and stops at its end:
 * {@code try (PostgresCluster pg = PostgresCluster.start()) { ... pg.jdbcUrl() ... }}.
 *
 * <p>It runs Debian's PostgreSQL programs ({@code /usr/lib/postgresql/<version>/bin}, the highest version present),
 * which are not on the {@code PATH}. Where they are missing, or a step fails, it throws
 * {@link IllegalStateException} naming the step, the command, its exit code and its output: it never skips, so a
 * build that cannot run PostgreSQL does not pass by not testing it.
 *
 * <p>Run as root (as in CI), the programs run as the {@code postgres} user through {@code runuser}, since
 * {@code initdb} refuses root; the cluster's folder is then under {@code /tmp} and owned by {@code postgres}, which
 * cannot reach a checkout under root's home.
 *
 * <p>The cluster trusts every local and loopback connection (the password is set, never checked) and keeps
 * PostgreSQL's durable defaults ({@code fsync}, {@code synchronous_commit = on}): the journal's tests rely on a
 * commit being a real commit. A JVM shutdown hook stops a cluster a test forgot to close.
 */
public final class PostgresCluster implements AutoCloseable {

    /** The login role, owner of the databases made here; also its password. */
    private static final String ROLE = "jobhook";

    /** Where Debian installs each PostgreSQL version's programs. */
    static final Path DEBIAN_POSTGRESQL = Path.of("/usr/lib/postgresql");

    /** Database names accepted here: plain identifiers, so they need no escaping in a JDBC URL. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** How long initdb may take: a few seconds usually, more on a loaded 2-core CI machine. */
    private static final long INITDB_SECONDS = 180;
    /** pg_ctl's own wait ({@code -t}); ours is longer, so that pg_ctl reports a slow start itself. */
    private static final int PG_CTL_SECONDS = 60;
    private static final long PG_CTL_WAIT_SECONDS = PG_CTL_SECONDS + 30;
    private static final long PSQL_SECONDS = 60;
    /** Ports taken by someone else between our probe and the server's bind: tried again this many times. */
    private static final int START_ATTEMPTS = 3;

    private final Path bin;
    private final Path folder;
    private final Path data;
    private final boolean asPostgresUser;
    private final Thread shutdownHook;
    // Volatile: the shutdown hook reads them from its own thread.
    private volatile int port;
    private volatile boolean running;
    private boolean stopped;

    private PostgresCluster(Path bin, Path folder, boolean asPostgresUser) {
        this.bin = bin;
        this.folder = folder;
        this.data = folder.resolve("data");
        this.asPostgresUser = asPostgresUser;
        this.shutdownHook = new Thread(this::stopQuietly, "jobhook-postgres-stop " + folder.getFileName());
    }

    /**
     * Makes a cluster in a fresh folder, starts it on a free port of 127.0.0.1 and creates the database
     * {@code jobhook}, owned by the login role {@code jobhook} (password {@code jobhook}).
     *
     * @throws IllegalStateException where PostgreSQL is not installed or a step fails, naming it
     */
    public static PostgresCluster start() {
        Path bin = binDirectory(DEBIAN_POSTGRESQL);
        Path folder;
        boolean root;
        try {
            // Under /tmp, not java.io.tmpdir: postgres must reach it (0777 + sticky), and the Unix socket's
            // path in it must stay short (about 100 characters at most).
            folder = Files.createTempDirectory(Path.of("/tmp"), "jobhook-pg-");
            // What we create is ours: its owner is our user id, as `id -u` would print it.
            root = Integer.valueOf(0).equals(Files.getAttribute(folder, "unix:uid"));
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("PostgresCluster runs only on Linux (no unix:uid attribute)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make a folder for PostgreSQL under /tmp", e);
        }
        PostgresCluster cluster = new PostgresCluster(bin, folder, root);
        // Registered before anything runs, so that a cluster half made is still removed when the JVM exits.
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.initialize();
            cluster.startServer();
            cluster.psql("postgres",
                    "CREATE ROLE " + ROLE + " LOGIN CREATEDB PASSWORD '" + ROLE + "'");
            cluster.createDatabase(ROLE);
            return cluster;
        } catch (RuntimeException e) {
            try {
                cluster.stop();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * As {@link #start()} for a test: where PostgreSQL is not installed, skips the calling test naming what to
     * install — except under CI (environment {@code CI=true}), where it fails it, as {@link SharedData} does.
     */
    public static PostgresCluster startForTest() {
        try {
            binDirectory(DEBIAN_POSTGRESQL);
        } catch (IllegalStateException notInstalled) {
            String why = notInstalled.getMessage() + "; install it with: apt-get install postgresql";
            if ("true".equalsIgnoreCase(System.getenv().getOrDefault("CI", ""))) {
                org.junit.jupiter.api.Assertions.fail("PostgreSQL missing under CI: " + why);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, () -> "Skipped: " + why);
        }
        return start();
    }

    /** @return the JDBC URL of the database {@code jobhook} */
    public String jdbcUrl() {
        return jdbcUrl(ROLE);
    }

    /** @return the JDBC URL of a database of this cluster, e.g. one made by {@link #createDatabase} */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + checkedName(database);
    }

    /** @return the loopback port the server listens on */
    public int port() {
        return port;
    }

    /** @return the login role's name, {@code jobhook} */
    public String username() {
        return ROLE;
    }

    /** @return the login role's password, {@code jobhook} */
    public String password() {
        return ROLE;
    }

    /**
     * Creates an empty database owned by {@code jobhook}, so that a test (class) has its own.
     *
     * @param name a plain identifier: letters, digits and {@code _}, not starting with a digit
     * @throws IllegalStateException when PostgreSQL refuses, e.g. because the database exists
     */
    public void createDatabase(String name) {
        // Quoted, so that the name is kept as given, as the JDBC URL gives it.
        psql("postgres", "CREATE DATABASE \"" + checkedName(name) + "\" OWNER " + ROLE);
    }

    /**
     * Runs SQL with {@code psql} as the superuser {@code postgres}, stopping at the first error; useful to look at
     * the cluster without a JDBC driver.
     *
     * @return what it printed, unaligned and without headers ({@code -tA}), trimmed
     * @throws IllegalStateException when psql fails, with its output
     */
    public String psql(String database, String sql) {
        return run("psql", PSQL_SECONDS, asPostgresUser, program("psql"), "-X", "-w", "-q", "-tA",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d", checkedName(database),
                "-v", "ON_ERROR_STOP=1", "-c", sql).trim();
    }

    /** @return the cluster's data folder (initdb's {@code -D}) */
    public Path dataDirectory() {
        return data;
    }

    /** @return what the server has logged so far, for a failure's message; empty when there is no log */
    public String serverLog() {
        try {
            Path log = folder.resolve("server.log");
            return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(server.log unreadable: " + e + ")";
        }
    }

    /**
     * Stops the server at once ({@code pg_ctl stop -m immediate}: nothing here is worth a clean shutdown) and
     * deletes its folder. Does nothing the second time.
     *
     * @throws IllegalStateException when pg_ctl fails; the server is then killed and the folder deleted all the same
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        RuntimeException failure = null;
        if (running) {
            try {
                run("pg_ctl stop", PG_CTL_WAIT_SECONDS, asPostgresUser, program("pg_ctl"), "stop",
                        "-D", data.toString(), "-m", "immediate", "-w", "-t", Integer.toString(PG_CTL_SECONDS));
            } catch (RuntimeException e) {
                failure = e;
                killPostmaster();
            }
            running = false;
        }
        try {
            deleteRecursively(folder);
        } catch (IOException | UncheckedIOException e) {
            IllegalStateException deletion = new IllegalStateException("Could not delete " + folder, e);
            if (failure == null) {
                failure = deletion;
            } else {
                failure.addSuppressed(deletion);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself, or while the JVM exits: nothing to remove.
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "PostgresCluster[127.0.0.1:" + port + ", " + data + "]";
    }

    /**
     * @param root where each version has its folder, e.g. {@code /usr/lib/postgresql}
     * @return the {@code bin} folder of the highest version there that has {@code initdb}
     * @throws IllegalStateException when there is none
     */
    static Path binDirectory(Path root) {
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> children = Files.list(root)) {
                children.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                        .filter(p -> Files.isExecutable(p.resolve("bin").resolve("initdb")))
                        .forEach(versions::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not list " + root, e);
            }
        }
        return versions.stream()
                .max(Comparator.comparing(p -> versionOf(p.getFileName().toString()), Arrays::compare))
                .map(p -> p.resolve("bin"))
                .orElseThrow(() -> new IllegalStateException("PostgreSQL not found: no " + root
                        + "/<version>/bin/initdb (Debian's postgresql package installs it there)"));
    }

    private static int[] versionOf(String name) {
        return Arrays.stream(name.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    private void initialize() {
        if (asPostgresUser) {
            run("chown", 30, false, "chown", "-R", "postgres:postgres", folder.toString());
        }
        // --no-sync only skips initdb's own final flush to disk; the server keeps fsync on.
        run("initdb", INITDB_SECONDS, asPostgresUser, program("initdb"), "-D", data.toString(),
                "-A", "trust", "-U", "postgres", "--encoding=UTF8", "--no-sync");
    }

    private void startServer() {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            int logBefore = serverLog().length();
            try {
                run("pg_ctl start", PG_CTL_WAIT_SECONDS, asPostgresUser, program("pg_ctl"), "start",
                        "-D", data.toString(), "-l", folder.resolve("server.log").toString(),
                        "-w", "-t", Integer.toString(PG_CTL_SECONDS),
                        "-o", "-p " + port + " -h 127.0.0.1 -k " + folder + " -c max_connections=200");
                running = true;
                return;
            } catch (IllegalStateException e) {
                String log = serverLog();
                // Our free port was taken before the server bound it: another one.
                if (attempt < START_ATTEMPTS && log.length() > logBefore
                        && log.substring(logBefore).contains("could not bind")) {
                    continue;
                }
                // pg_ctl may have left a server behind (e.g. its wait ran out): stop() must stop it.
                running = Files.exists(data.resolve("postmaster.pid"));
                throw new IllegalStateException(e.getMessage() + "\n--- server.log (end) ---\n" + tail(log, 4000), e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on the loopback interface", e);
        }
    }

    private String program(String name) {
        return bin.resolve(name).toString();
    }

    /**
     * Runs a command to its end in the cluster's folder, as {@code postgres} when told, and returns its output
     * (stdout and stderr together).
     */
    private String run(String step, long timeoutSeconds, boolean asPostgres, String... command) {
        List<String> line = new ArrayList<>();
        if (asPostgres) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).directory(folder.toFile());
        Map<String, String> environment = builder.environment();
        // The caller's PGHOST, PGPORT, PGPASSWORD... must not point the programs at another server.
        environment.keySet().removeIf(k -> k.startsWith("PG"));
        // A locale that is always there, so initdb does not fail on the machine's; UTC, for repeatable times.
        environment.put("LC_ALL", "C.UTF-8");
        environment.put("LANG", "C.UTF-8");
        environment.put("TZ", "UTC");
        Path output = null;
        try {
            // To a file, not a pipe: a server that pg_ctl leaves running would hold a pipe open forever.
            output = Files.createTempFile("jobhook-pg-out-", ".txt");
            Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(describe(step, line, "did not end within " + timeoutSeconds
                        + " s (killed)", read(output)));
            }
            String out = read(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(describe(step, line, "exit code " + process.exitValue(), out));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(describe(step, line, "could not run: " + e, ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(describe(step, line, "interrupted", ""), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // A temporary file left behind is no reason to fail a test.
                }
            }
        }
    }

    private static String describe(String step, List<String> command, String outcome, String output) {
        return "PostgreSQL " + step + " failed (" + outcome + "): " + String.join(" ", command)
                + "\n--- output ---\n" + tail(output, 4000);
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static String tail(String text, int characters) {
        return text.length() <= characters ? text : "..." + text.substring(text.length() - characters);
    }

    /** When pg_ctl could not stop the server: kill it and its backends, so that none outlives the test. */
    private void killPostmaster() {
        try {
            Path pidFile = data.resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            postmaster.ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception notGone) {
                    // The folder is deleted all the same; stop() reports pg_ctl's failure.
                }
            });
        } catch (IOException | RuntimeException e) {
            // Best effort: stop() reports pg_ctl's failure.
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("Could not stop " + this + ": " + e.getMessage());
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String checkedName(String database) {
        if (database == null || !DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Not a plain database name (letters, digits, _): " + database);
        }
        return database;
    }
}
