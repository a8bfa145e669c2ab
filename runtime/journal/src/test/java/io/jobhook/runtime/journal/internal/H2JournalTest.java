package io.jobhook.runtime.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.journal.metrics.CommitMetrics;
import io.jobhook.runtime.journal.testing.JournalContract;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.testsupport.MutableClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * The H2 journal: the journal's contract (inherited), and what only it does here — its files, closing and
 * reopening, its schema version, retention in chunks. Group commit and crashes have their own tests.
 */
class H2JournalTest extends JournalContract {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Duration TTL = Duration.ofHours(24);

    @TempDir
    Path dir;

    @Override
    protected Journal open(MutableClock clock) {
        return new H2Journal(dir, clock);
    }

    @Override
    protected void close(Journal journal) {
        ((H2Journal) journal).close();
    }

    @Override
    protected Acceptance appendUnmatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws Exception {
        return h2().append(context, idempotency);
    }

    @Override
    protected int purge(Instant cutoff) {
        return h2().purge(cutoff);
    }

    private H2Journal h2() {
        return (H2Journal) journal;
    }

    private void reopen() {
        h2().close();
        journal = new H2Journal(dir, clock);
    }

    @Test
    void closingWritesTheAttemptsAlreadyHandedOverAndRefusesLaterOnes() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            OrchestratorJobCompleteHandlerContext c = minimal();
            journal.appendMatched(c, null, List.of("h"));
            ids.add(c.eventId());
        }
        for (UUID id : ids) {
            journal.recordAttemptLater(new Attempt(id, "h", 1, AttemptOutcome.SUCCESS, null, "1", T0, Duration.ZERO),
                    DeliveryState.DELIVERED);
        }
        h2().close();
        CompletableFuture<Void> late = journal.recordAttemptLater(new Attempt(ids.get(0), "h", 2, AttemptOutcome.SUCCESS,
                null, "1", T0, Duration.ZERO), DeliveryState.DELIVERED).toCompletableFuture();
        assertThatThrownBy(late::join).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");

        journal = new H2Journal(dir, clock);
        assertThat(journal.pendingDeliveries(1_000)).isEmpty();
        assertThat(ids).allSatisfy(id -> assertThat(journal.deliveries(id))
                .containsExactly(new Delivery(id, "h", DeliveryState.DELIVERED, 1)));
    }

    @Test
    void purgeWorksThroughMoreThanOneChunk() throws Exception {
        int count = 1_203;
        for (int i = 0; i < count; i++) {
            OrchestratorJobCompleteHandlerContext c = minimal();
            h2().append(c, null);
            journal.recordMatches(c.eventId(), List.of());
        }
        assertThat(h2().purge(clock.instant().plusSeconds(1))).isEqualTo(count);
        assertThat(journal.unmatched(1)).isEmpty();
    }

    @Test
    void aJournalReopenedAfterACleanCloseKeepsEverything() throws Exception {
        OrchestratorJobCompleteHandlerContext c = full();
        h2().append(c, new Idempotency("k", "h", TTL));
        journal.recordMatches(c.eventId(), List.of("h"));
        Attempt a = new Attempt(c.eventId(), "h", 1, AttemptOutcome.TIMEOUT, "timed out after 60000 ms", "2.1.0", T0,
                Duration.ofSeconds(60));
        h2().recordAttempt(a, DeliveryState.PENDING);
        reopen();

        assertThat(journal.completion(c.eventId()).orElseThrow().context()).isEqualTo(c);
        assertThat(journal.deliveries(c.eventId())).containsExactly(new Delivery(c.eventId(), "h", DeliveryState.PENDING, 1));
        assertThat(journal.attempts(c.eventId())).containsExactly(a);
        assertThat(h2().append(full(), new Idempotency("k", "h", TTL)))
                .isEqualTo(new Acceptance(c.eventId(), Acceptance.Status.DUPLICATE));
        assertThat(Files.exists(dir.resolve("journal.mv.db"))).isTrue();
        assertThat(Files.exists(dir.resolve("journal.lock.db"))).as("no lock file: the OS lock is used").isFalse();
    }

    @Test
    void aClosedJournalRefusesAppendsAsUnavailableAndOtherCallsClearly() {
        h2().close();
        h2().close(); // idempotent

        assertThat(journal.writeProblem()).hasValueSatisfying(p -> assertThat(p).contains("closed"));
        assertThatThrownBy(() -> h2().append(full(), null))
                .isInstanceOfSatisfying(JournalUnavailableException.class,
                        e -> assertThat(e.retryAfter()).isPositive())
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> journal.unmatched(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aJournalWrittenByANewerSchemaIsRefused() throws Exception {
        h2().close();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("journal"), "jobhook", "");
                Statement st = c.createStatement()) {
            st.execute("UPDATE journal_schema SET version = 99");
        }

        assertThatThrownBy(() -> new H2Journal(dir, clock)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema version 99").hasMessageContaining(dir.toString());
        journal = new H2Journal(dir.resolve("other"), clock); // for close()
    }

    @Test
    void checkpointsAreSavedReplacedAndKeptAcrossAReopen() {
        assertThat(journal.checkpoint("poller:a")).isEmpty();
        journal.saveCheckpoint("poller:a", "2168");
        journal.saveCheckpoint("poller:a", "2171");
        journal.saveCheckpoint("poller:b", "7");
        reopen();
        assertThat(journal.checkpoint("poller:a")).hasValue("2171");
        assertThat(journal.checkpoint("poller:b")).hasValue("7");
    }

    @Test
    void everyBatchOfBothWritersIsMeasured() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (CommitMetrics metrics = new CommitMetrics(registry)) {
            h2().observe(metrics);
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                OrchestratorJobCompleteHandlerContext c = minimal();
                journal.appendMatched(c, null, List.of("h"));
                ids.add(c.eventId());
            }
            for (UUID id : ids) {
                journal.recordAttemptLater(new Attempt(id, "h", 1, AttemptOutcome.SUCCESS, null, "1", T0,
                        Duration.ZERO), DeliveryState.DELIVERED).toCompletableFuture().join();
            }
            Map<String, HistogramSnapshot.HistogramDataPointSnapshot> sizes = histograms(registry,
                    "jobhook_journal_batch_size");
            assertThat(sizes.get(CommitMetrics.APPENDS).getSum()).as("items appended").isEqualTo(5);
            assertThat(sizes.get(CommitMetrics.ATTEMPTS).getSum()).as("attempts written").isEqualTo(5);
            Map<String, HistogramSnapshot.HistogramDataPointSnapshot> syncs = histograms(registry,
                    "jobhook_journal_sync_seconds");
            assertThat(syncs.get(CommitMetrics.APPENDS).getCount()).as("one sync per batch")
                    .isEqualTo(sizes.get(CommitMetrics.APPENDS).getCount()).isBetween(1L, 5L);
            assertThat(syncs.get(CommitMetrics.APPENDS).getSum()).isPositive();
        }
        assertThat(registry.scrape().size()).isZero();
    }

    @Test
    void anOnlineBackupRestoredIntoAnotherFolderHoldsTheSameEvents(@TempDir Path elsewhere) throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            OrchestratorJobCompleteHandlerContext c = minimal();
            journal.appendMatched(c, null, List.of("h"));
            ids.add(c.eventId());
        }
        h2().recordAttempt(new Attempt(ids.get(0), "h", 1, AttemptOutcome.SUCCESS, null, "1", T0, Duration.ZERO),
                DeliveryState.DELIVERED);
        // Appends go on while the backup is written: it holds what was committed when it began, at least.
        java.util.concurrent.ExecutorService appender = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<?> more = appender.submit(() -> {
            for (int i = 0; i < 50; i++) {
                journal.appendMatched(minimal(), null, List.of("h"));
            }
            return null;
        });
        Path zip = h2().backup(elsewhere.resolve("journal-backup.zip"));
        more.get(30, java.util.concurrent.TimeUnit.SECONDS);
        appender.shutdown();

        assertThatThrownBy(() -> h2().backup(zip)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class)
                .hasMessageContaining("never overwrites");
        assertThatThrownBy(() -> h2().backup(elsewhere.resolve("missing/backup.zip")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);

        // Restored as the documentation says: the zip's journal.mv.db into a fresh installation's data folder.
        Path restored = elsewhere.resolve("data");
        Files.createDirectories(restored);
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            java.util.zip.ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                assertThat(entry.getName()).isEqualTo(H2Journal.DATABASE_NAME + ".mv.db");
                Files.copy(in, restored.resolve(entry.getName()));
            }
        }
        H2Journal copy = new H2Journal(restored, clock);
        try {
            for (UUID id : ids) {
                assertThat(copy.completion(id)).as("event %s", id).isPresent();
            }
            assertThat(copy.deliveries(ids.get(0))).containsExactly(new Delivery(ids.get(0), "h",
                    DeliveryState.DELIVERED, 1));
            assertThat(copy.pendingDeliveries(1_000).size()).isBetween(19, 69);
        } finally {
            copy.close();
        }
    }

    private static Map<String, HistogramSnapshot.HistogramDataPointSnapshot> histograms(PrometheusRegistry registry,
            String name) {
        Map<String, HistogramSnapshot.HistogramDataPointSnapshot> byWriter = new java.util.HashMap<>();
        for (MetricSnapshot m : registry.scrape()) {
            if (m.getMetadata().getPrometheusName().equals(name)) {
                for (HistogramSnapshot.HistogramDataPointSnapshot p : ((HistogramSnapshot) m).getDataPoints()) {
                    byWriter.put(p.getLabels().get("writer"), p);
                }
            }
        }
        return byWriter;
    }
}
