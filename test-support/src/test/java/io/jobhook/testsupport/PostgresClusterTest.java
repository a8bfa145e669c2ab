package io.jobhook.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresClusterTest {

    @Test
    void startsMakesDatabasesAndStopsLeavingNothingBehind() throws IOException {
        PostgresCluster pg = PostgresCluster.start();
        Path folder = pg.dataDirectory().getParent();
        List<ProcessHandle> server;
        try {
            assertThat(accepts(pg.port())).as("the port accepts a connection").isTrue();
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/jobhook");
            assertThat(pg.username()).isEqualTo("jobhook");
            assertThat(pg.password()).isEqualTo("jobhook");
            assertThat(pg.psql("postgres", "select pg_get_userbyid(datdba) from pg_database where datname = 'jobhook'"))
                    .as("owner of the database jobhook").isEqualTo("jobhook");
            // The journal's tests need commits that are real commits.
            assertThat(pg.psql("jobhook", "show fsync")).isEqualTo("on");
            assertThat(pg.psql("jobhook", "show synchronous_commit")).isEqualTo("on");

            pg.createDatabase("other");
            assertThat(pg.psql("postgres", "select 1 from pg_database where datname = 'other'")).isEqualTo("1");
            assertThat(pg.psql("postgres", "select pg_get_userbyid(datdba) from pg_database where datname = 'other'"))
                    .isEqualTo("jobhook");
            assertThat(pg.jdbcUrl("other")).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/other");
            assertThatThrownBy(() -> pg.createDatabase("other")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("psql").hasMessageContaining("exit code")
                    .hasMessageContaining("already exists");
            assertThatThrownBy(() -> pg.jdbcUrl("other; drop")).isInstanceOf(IllegalArgumentException.class);
            assertThat(pg.serverLog()).contains("database system is ready to accept connections");

            server = serverProcesses(pg.dataDirectory());
            assertThat(server).as("the postmaster and its children").hasSizeGreaterThan(1);
        } finally {
            pg.stop();
        }

        awaitUntil(() -> !accepts(pg.port()), "the port to refuse connections");
        awaitUntil(() -> server.stream().noneMatch(ProcessHandle::isAlive),
                "no process of the server to be left: " + server);
        assertThat(folder).doesNotExist();
        pg.stop(); // a second time does nothing
        pg.close();
    }

    @Test
    void runsTheHighestVersionInstalled(@TempDir Path root) throws IOException {
        initdb(root.resolve("9.6"));
        initdb(root.resolve("15"));
        initdb(root.resolve("13"));
        Files.createDirectories(root.resolve("16/bin")); // without initdb: only the client installed
        Files.createDirectories(root.resolve("common/bin"));

        assertThat(PostgresCluster.binDirectory(root)).isEqualTo(root.resolve("15/bin"));
    }

    @Test
    void failsNamingWhatIsMissingWhenPostgresIsNotInstalled(@TempDir Path root) {
        assertThatThrownBy(() -> PostgresCluster.binDirectory(root)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL not found").hasMessageContaining(root + "/<version>/bin/initdb");
        assertThatThrownBy(() -> PostgresCluster.binDirectory(root.resolve("absent")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PostgreSQL not found");
    }

    private static void initdb(Path version) throws IOException {
        Path bin = Files.createDirectories(version.resolve("bin"));
        Files.createFile(bin.resolve("initdb"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** The postmaster (its pid is the first line of postmaster.pid) and its children. */
    private static List<ProcessHandle> serverProcesses(Path data) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        return Stream.concat(Stream.of(postmaster), postmaster.descendants())
                .collect(Collectors.toList());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 30 s for " + what).isNegative();
            try {
                Thread.sleep(20); // polling, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
