package io.jobhook.runtime.journal.postgresql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.journal.testing.JournalContract;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.testsupport.MutableClock;

/**
 * The PostgreSQL journal holds to the journal's contract (inherited), on a throwaway cluster; and what only it does
 * here: its schema version, closing. What several nodes do together is {@link PostgresClusterTest}'s.
 */
class PostgresJournalTest extends JournalContract {

    private HikariDataSource pool;
    private String url;

    @Override
    protected Journal open(MutableClock clock) {
        url = TestDatabases.freshDatabase();
        pool = TestDatabases.pool(url, 8);
        return new PostgresJournal(pool, url, new PostgresJournalSettings("node-a", Duration.ofSeconds(30),
                Duration.ofSeconds(1)), clock);
    }

    @Override
    protected void close(Journal journal) {
        ((PostgresJournal) journal).close();
        pool.close();
    }

    @Override
    protected Acceptance appendUnmatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws Exception {
        return pg().append(context, idempotency);
    }

    @Override
    protected int purge(Instant cutoff) {
        return pg().purge(cutoff);
    }

    private PostgresJournal pg() {
        return (PostgresJournal) journal;
    }

    @Test
    void aDatabaseWrittenByANewerSchemaIsNotUsedAndSaysSo() throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("UPDATE jobhook_schema SET version = 99");
        }
        PostgresJournal second = new PostgresJournal(pool, url, new PostgresJournalSettings("node-b",
                Duration.ofSeconds(30), Duration.ofSeconds(1)), clock);
        try {
            assertThat(second.ready()).isFalse();
            assertThat(second.writeProblem()).hasValueSatisfying(p -> assertThat(p).contains("schema version 99")
                    .contains(url));
            assertThatThrownBy(() -> second.appendMatched(full(), null, List.of("h")))
                    .isInstanceOf(JournalUnavailableException.class).hasMessageContaining("schema version 99");
            assertThatThrownBy(() -> second.recent(io.jobhook.runtime.spi.EventQuery.latest(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("schema version 99");
        } finally {
            second.close();
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsRefusedAtOnceNotWaitedOn() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String nowhere = "jdbc:postgresql://127.0.0.1:" + closedPort + "/jobhook";
        try (HikariDataSource unreachable = TestDatabases.pool(nowhere, 2)) {
            PostgresJournal down = new PostgresJournal(unreachable, nowhere, new PostgresJournalSettings("node-c",
                    Duration.ofSeconds(30), Duration.ofSeconds(1)), clock);
            try {
                assertThat(down.ready()).isFalse();
                assertThat(down.writeProblem()).hasValueSatisfying(p -> assertThat(p).contains(nowhere));
                assertThatThrownBy(() -> down.appendMatched(full(), null, List.of("h")))
                        .isInstanceOfSatisfying(JournalUnavailableException.class,
                                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)))
                        .hasMessageContaining(nowhere);
            } finally {
                down.close();
            }
        }
    }

    @Test
    void aSecondNodeOnTheSameDatabaseFindsTheSchemaInPlace() {
        PostgresJournal second = new PostgresJournal(pool, url, new PostgresJournalSettings("node-b",
                Duration.ofSeconds(30), Duration.ofSeconds(1)), clock);
        try {
            assertThat(second.writeProblem()).isEmpty();
        } finally {
            second.close();
        }
    }

    @Test
    void aClosedJournalRefusesAppendsAsUnavailableAndOtherCallsClearly() {
        pg().close();
        pg().close(); // idempotent

        assertThat(journal.writeProblem()).hasValueSatisfying(p -> assertThat(p).contains("closed"));
        assertThatThrownBy(() -> journal.appendMatched(full(), null, List.of("h")))
                .isInstanceOfSatisfying(JournalUnavailableException.class,
                        e -> assertThat(e.retryAfter()).isPositive())
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> journal.unmatched(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(journal.recordAttemptLater(attempt(full().eventId(), "h", 1,
                io.jobhook.runtime.spi.AttemptOutcome.SUCCESS, null), io.jobhook.runtime.spi.DeliveryState.DELIVERED)
                .toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void aDatabaseThatAnswersLaterIsUsedOnceItDoes() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        javax.sql.DataSource flaky = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && down.get()) {
                        throw new java.sql.SQLException("Connection refused (simulated)", "08001");
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        PostgresJournal late = new PostgresJournal(flaky, url, new PostgresJournalSettings("node-late",
                Duration.ofMillis(300), Duration.ofSeconds(1)), clock);
        try {
            assertThatThrownBy(() -> late.appendMatched(full(), null, List.of("h")))
                    .isInstanceOf(JournalUnavailableException.class).hasMessageContaining("Connection refused");
            down.set(false);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!late.ready()) {
                assertThat(System.nanoTime()).as("ready within 30 s once the database answers").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertThat(late.writeProblem()).isEmpty();
            assertThat(late.appendMatched(full(), null, List.of("h")).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        } finally {
            late.close();
        }
    }
}
