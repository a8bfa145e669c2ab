package io.jobhook.runtime.journal.postgresql.internal;

import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;

import io.jobhook.testsupport.PostgresCluster;

/**
 * One throwaway PostgreSQL cluster for this module's tests, started on first use and stopped when the test JVM
 * ends; a fresh database for each test that asks.
 */
final class TestDatabases {

    private static PostgresCluster cluster;
    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestDatabases() {
    }

    static synchronized PostgresCluster cluster() {
        if (cluster == null) {
            cluster = PostgresCluster.startForTest();
            PostgresCluster started = cluster;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "jobhook-test-postgres-stop"));
        }
        return cluster;
    }

    /** @return the URL of a new, empty database */
    static String freshDatabase() {
        String name = "journal_" + NEXT.incrementAndGet();
        cluster().createDatabase(name);
        return cluster().jdbcUrl(name);
    }

    /** A pool on {@code url}, as the component builds one. */
    static HikariDataSource pool(String url, int size) {
        return PostgresJournalComponent.pool(url, cluster().username(), cluster().password(), size, "test");
    }
}
