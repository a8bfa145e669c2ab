package io.jobhook.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.jobhook.runtime.journal.internal.H2Journal;
import io.jobhook.runtime.journal.postgresql.internal.PostgresJournal;
import io.jobhook.runtime.journal.postgresql.internal.PostgresJournalSettings;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.testsupport.PostgresCluster;

/**
 * A measurement, not a test: forced appends per second ({@code appendMatched}, each committed before it returns)
 * with 1, 16 and 64 concurrent callers, on the embedded H2 journal and on the PostgreSQL journal (a throwaway local
 * cluster, synchronous commit on), each on a fresh journal, in turns, on the same disk; medians of several runs.
 * Arguments (optional): runs per point (default 5), seconds per run (default 2), pool size (default 16), then
 * server settings for experiments ({@code fsync=off}, {@code commit_delay=1000}: applied with {@code ALTER SYSTEM}
 * before measuring, to find what limits the rate; never what the journal runs with).
 */
public final class JournalThroughputAgainstH2 {

    private JournalThroughputAgainstH2() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int poolSize = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Path base = Files.createTempDirectory(Path.of("/tmp"), "jobhook-h2-throughput-");
        try (PostgresCluster cluster = PostgresCluster.start()) {
            for (int a = 3; a < args.length; a++) {
                String[] kv = args[a].split("=", 2);
                cluster.psql("postgres", "ALTER SYSTEM SET " + kv[0] + " = '" + kv[1] + "'");
                cluster.psql("postgres", "SELECT pg_reload_conf()");
                System.out.println("experiment: " + kv[0] + " = " + cluster.psql("postgres", "SHOW " + kv[0]));
            }
            System.out.printf("forced appends/s, medians of %d runs of %.1f s; H2 in %s, PostgreSQL in %s (pool %d)%n",
                    runs, seconds, base, cluster.dataDirectory(), poolSize);
            System.out.println("| concurrent callers | H2 appends/s | PostgreSQL appends/s | PostgreSQL / H2 |");
            System.out.println("|---:|---:|---:|---:|");
            int database = 0;
            for (int callers : new int[] {1, 16, 64}) {
                double[] h2 = new double[runs];
                double[] pg = new double[runs];
                for (int r = 0; r < runs; r++) {
                    Path dir = base.resolve("c" + callers + "-r" + r);
                    try (H2Journal journal = new H2Journal(dir, Clock.systemUTC())) {
                        h2[r] = rate(journal, callers, seconds);
                    }
                    delete(dir);
                    String name = "throughput_" + database++;
                    cluster.createDatabase(name);
                    try (HikariDataSource pool = pool(cluster, name, poolSize)) {
                        PostgresJournal journal = new PostgresJournal(pool, name, new PostgresJournalSettings(
                                "throughput", Duration.ofSeconds(30), Duration.ofSeconds(1)), Clock.systemUTC());
                        try {
                            pg[r] = rate(journal, callers, seconds);
                        } finally {
                            journal.close();
                        }
                    }
                }
                double h = median(h2);
                double p = median(pg);
                System.out.printf("| %d | %.0f | %.0f | %.2f |%n", callers, h, p, p / h);
            }
        } finally {
            delete(base);
        }
    }

    /** As the journal's component builds its pool: PgJDBC's DataSource, synchronous commit on. */
    private static HikariDataSource pool(PostgresCluster cluster, String database, int size) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(cluster.jdbcUrl(database));
        pg.setUser(cluster.username());
        pg.setPassword(cluster.password());
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(pg);
        hc.setMaximumPoolSize(size);
        hc.setConnectionInitSql("SET synchronous_commit = on");
        return new HikariDataSource(hc);
    }

    private static double rate(Journal journal, int callers, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            List<Future<Long>> futures = new ArrayList<>();
            Supplier<List<String>> handlers = () -> List.of("h");
            for (int c = 0; c < callers; c++) {
                futures.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        journal.appendMatched(completion(), null, handlers.get());
                        n++;
                    }
                    return n;
                }));
            }
            long appends = 0;
            for (Future<Long> f : futures) {
                appends += f.get();
            }
            return appends / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A management Add with every field set, a fresh event id: what the journal contract's tests append. */
    static io.jobhook.api.OrchestratorJobCompleteHandlerContext completion() {
        return io.jobhook.api.OrchestratorJobCompleteHandlerContext.builder()
                .agentId(java.util.UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281"))
                .username("KFTRAIN\\SVC_Orchestrator").clientMachine("orchestrator.kftrain.lab")
                .jobResult(io.jobhook.api.JobResult.WARNING).jobId(java.util.UUID.randomUUID())
                .jobType("WinCertManagement").jobTypeId(java.util.UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973"))
                .operationType(io.jobhook.api.OperationType.CREATE_ADD).certificateId(4711)
                .requestTimestamp(java.time.Instant.now()).currentRetryCount(2).eventId(java.util.UUID.randomUUID())
                .source(io.jobhook.api.CompletionSource.PUSH).build();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
