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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jobhook.api.JobResult;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.journal.testing.JournalContract;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.EventQuery;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.runtime.spi.JournaledCompletion;
import io.jobhook.testsupport.MutableClock;

class H2JournalTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00.000000001Z");
    private static final Duration TTL = Duration.ofHours(24);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private H2Journal journal;

    @BeforeEach
    void open() {
        journal = new H2Journal(dir, clock);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void everyFieldOfTheContextRoundTrips() throws Exception {
        OrchestratorJobCompleteHandlerContext full = JournalContract.full();
        OrchestratorJobCompleteHandlerContext minimal = JournalContract.minimal();

        assertThat(journal.append(full, null)).isEqualTo(new Acceptance(full.eventId(), Acceptance.Status.ACCEPTED));
        journal.append(minimal, null);

        JournaledCompletion read = journal.completion(full.eventId()).orElseThrow();
        assertThat(read.context()).isEqualTo(full); // equals covers every field but the client
        assertThat(read.context().requestTimestamp()).isEqualTo(full.requestTimestamp()); // nanoseconds kept
        assertThat(read.context().hasClient()).isFalse();
        assertThat(read.acceptedAt()).isEqualTo(T0);
        assertThat(read.matched()).isFalse();
        JournaledCompletion readMinimal = journal.completion(minimal.eventId()).orElseThrow();
        assertThat(readMinimal.context()).isEqualTo(minimal);
        assertThat(readMinimal.context().certificateId()).isNull();
        assertThat(readMinimal.context().requestTimestamp()).isNull();
        assertThat(readMinimal.context().username()).isNull();
        assertThat(journal.completion(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aResendWithinTheTtlIsADuplicateAndAnotherBodyAConflict() throws Exception {
        OrchestratorJobCompleteHandlerContext first = JournalContract.full();
        Idempotency key = new Idempotency("key-1", "hash-a", TTL);

        assertThat(journal.append(first, key).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        clock.advance(TTL.minusSeconds(1));
        OrchestratorJobCompleteHandlerContext resend = JournalContract.full();
        assertThat(journal.append(resend, key)).isEqualTo(new Acceptance(first.eventId(), Acceptance.Status.DUPLICATE));
        assertThat(journal.append(JournalContract.full(), new Idempotency("key-1", "hash-b", TTL)))
                .isEqualTo(new Acceptance(first.eventId(), Acceptance.Status.CONFLICT));

        assertThat(journal.completion(resend.eventId())).as("a duplicate records nothing").isEmpty();
        assertThat(journal.unmatched(10)).extracting(c -> c.context().eventId()).containsExactly(first.eventId());
    }

    @Test
    void aKeyPastItsTtlIsFreeAgainAndTheOldCompletionIsKept() throws Exception {
        OrchestratorJobCompleteHandlerContext first = JournalContract.full();
        journal.append(first, new Idempotency("key-1", "hash-a", TTL));
        clock.advance(TTL);

        OrchestratorJobCompleteHandlerContext second = JournalContract.full();
        assertThat(journal.append(second, new Idempotency("key-1", "hash-b", TTL)))
                .isEqualTo(new Acceptance(second.eventId(), Acceptance.Status.ACCEPTED));
        assertThat(journal.append(JournalContract.full(), new Idempotency("key-1", "hash-b", TTL)))
                .isEqualTo(new Acceptance(second.eventId(), Acceptance.Status.DUPLICATE));
        assertThat(journal.completion(first.eventId())).isPresent();
    }

    @Test
    void appendingAnEventIdAgainRecordsNothingNew() throws Exception {
        OrchestratorJobCompleteHandlerContext c = JournalContract.full();
        journal.append(c, null);
        clock.advance(Duration.ofMinutes(1));

        assertThat(journal.append(c, null)).isEqualTo(new Acceptance(c.eventId(), Acceptance.Status.ACCEPTED));
        assertThat(journal.completion(c.eventId()).orElseThrow().acceptedAt()).isEqualTo(T0);
        assertThat(journal.unmatched(10)).hasSize(1);
    }

    @Test
    void matchesAreRecordedOnceAsPendingAndMarkTheCompletionMatched() throws Exception {
        OrchestratorJobCompleteHandlerContext c = JournalContract.full();
        OrchestratorJobCompleteHandlerContext none = JournalContract.minimal();
        journal.append(c, null);
        journal.append(none, null);

        journal.recordMatches(c.eventId(), List.of("io.jobhook.wincert~demo", "other", "other"));
        journal.recordMatches(c.eventId(), List.of("other"));
        journal.recordMatches(none.eventId(), List.of());

        assertThat(journal.deliveries(c.eventId())).containsExactly(
                new Delivery(c.eventId(), "io.jobhook.wincert~demo", DeliveryState.PENDING, 0),
                new Delivery(c.eventId(), "other", DeliveryState.PENDING, 0));
        assertThat(journal.completion(c.eventId()).orElseThrow().matched()).isTrue();
        assertThat(journal.completion(none.eventId()).orElseThrow().matched()).isTrue();
        assertThat(journal.unmatched(10)).isEmpty();
        assertThatThrownBy(() -> journal.recordMatches(UUID.randomUUID(), List.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No completion");
    }

    @Test
    void appendMatchedRecordsTheCompletionAndItsDeliveriesTogether() throws Exception {
        OrchestratorJobCompleteHandlerContext c = JournalContract.full();
        OrchestratorJobCompleteHandlerContext none = JournalContract.minimal();

        assertThat(journal.appendMatched(c, null, List.of("a", "b", "a")))
                .isEqualTo(new Acceptance(c.eventId(), Acceptance.Status.ACCEPTED));
        journal.appendMatched(none, null, List.of());

        assertThat(journal.deliveries(c.eventId())).containsExactly(
                new Delivery(c.eventId(), "a", DeliveryState.PENDING, 0),
                new Delivery(c.eventId(), "b", DeliveryState.PENDING, 0));
        assertThat(journal.completion(c.eventId()).orElseThrow().matched()).isTrue();
        assertThat(journal.completion(none.eventId()).orElseThrow().matched()).isTrue();
        assertThat(journal.deliveries(none.eventId())).isEmpty();
        assertThat(journal.unmatched(10)).isEmpty();
        assertThat(journal.pendingDeliveries(10)).hasSize(2);

        // The same event again adds only the deliveries it lacks; a duplicate by key records nothing.
        journal.appendMatched(c, null, List.of("b", "c"));
        assertThat(journal.deliveries(c.eventId())).extracting(Delivery::handler).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> journal.appendMatched(JournalContract.minimal(), null, java.util.Arrays.asList("x", null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("handler identity");
    }

    @Test
    void attemptsMoveTheDeliveryAndAreListedInTheOrderTheyEnded() throws Exception {
        OrchestratorJobCompleteHandlerContext c = JournalContract.full();
        journal.append(c, null);
        journal.recordMatches(c.eventId(), List.of("h"));
        Attempt a1 = new Attempt(c.eventId(), "h", 1, AttemptOutcome.EXCEPTION,
                "java.lang.IllegalStateException: boom", "1.0.0", T0.plusSeconds(1), Duration.ofMillis(42));
        Attempt a2 = new Attempt(c.eventId(), "h", 2, AttemptOutcome.SUCCESS, null, null, T0.plusSeconds(5),
                Duration.ofMillis(7));

        journal.recordAttempt(a1, DeliveryState.PENDING);
        assertThat(journal.pendingDeliveries(10)).containsExactly(new Delivery(c.eventId(), "h", DeliveryState.PENDING, 1));
        journal.recordAttempt(a2, DeliveryState.DELIVERED);

        assertThat(journal.attempts(c.eventId())).containsExactly(a1, a2);
        assertThat(journal.deliveries(c.eventId())).containsExactly(new Delivery(c.eventId(), "h", DeliveryState.DELIVERED, 2));
        assertThat(journal.pendingDeliveries(10)).isEmpty();
        assertThatThrownBy(() -> journal.recordAttempt(a2, DeliveryState.DELIVERED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already journaled");
        assertThatThrownBy(() -> journal.recordAttempt(new Attempt(c.eventId(), "unknown", 1, AttemptOutcome.SUCCESS,
                null, null, T0, Duration.ZERO), DeliveryState.DELIVERED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No delivery");
    }

    @Test
    void attemptsHandedOverLaterAreSeenByTheNextReadInTheOrderHandedOver() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            OrchestratorJobCompleteHandlerContext c = JournalContract.minimal();
            journal.appendMatched(c, null, List.of("h"));
            ids.add(c.eventId());
        }
        List<CompletableFuture<Void>> written = new ArrayList<>();
        for (UUID id : ids) {
            written.add(journal.recordAttemptLater(new Attempt(id, "h", 1, AttemptOutcome.RETURNED_FALSE, null, "1",
                    T0, Duration.ofMillis(1)), DeliveryState.PENDING).toCompletableFuture());
            written.add(journal.recordAttemptLater(new Attempt(id, "h", 2, AttemptOutcome.SUCCESS, null, "1",
                    T0.plusSeconds(1), Duration.ofMillis(1)), DeliveryState.DELIVERED).toCompletableFuture());
        }

        // no waiting on the futures: a read begun after the hand-over sees every attempt
        assertThat(journal.pendingDeliveries(1_000)).isEmpty();
        for (UUID id : ids) {
            assertThat(journal.attempts(id)).extracting(Attempt::number).containsExactly(1, 2);
            assertThat(journal.deliveries(id)).containsExactly(new Delivery(id, "h", DeliveryState.DELIVERED, 2));
        }
        assertThat(written).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    void anAttemptThatCannotBeRecordedFailsItsOwnStageAndNoOther() throws Exception {
        OrchestratorJobCompleteHandlerContext c = JournalContract.full();
        journal.appendMatched(c, null, List.of("h"));
        Attempt unknown = new Attempt(c.eventId(), "unknown", 1, AttemptOutcome.SUCCESS, null, null, T0, Duration.ZERO);
        Attempt good = new Attempt(c.eventId(), "h", 1, AttemptOutcome.SUCCESS, null, null, T0, Duration.ZERO);

        CompletableFuture<Void> refused = journal.recordAttemptLater(unknown, DeliveryState.DELIVERED).toCompletableFuture();
        CompletableFuture<Void> recorded = journal.recordAttemptLater(good, DeliveryState.DELIVERED).toCompletableFuture();
        CompletableFuture<Void> twice = journal.recordAttemptLater(good, DeliveryState.DELIVERED).toCompletableFuture();

        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No delivery of completion " + c.eventId() + " to unknown");
        recorded.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> twice.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already journaled");
        assertThat(journal.attempts(c.eventId())).containsExactly(good);
        assertThat(journal.deliveries(c.eventId())).containsExactly(new Delivery(c.eventId(), "h", DeliveryState.DELIVERED, 1));
    }

    @Test
    void closingWritesTheAttemptsAlreadyHandedOverAndRefusesLaterOnes() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            OrchestratorJobCompleteHandlerContext c = JournalContract.minimal();
            journal.appendMatched(c, null, List.of("h"));
            ids.add(c.eventId());
        }
        for (UUID id : ids) {
            journal.recordAttemptLater(new Attempt(id, "h", 1, AttemptOutcome.SUCCESS, null, "1", T0, Duration.ZERO),
                    DeliveryState.DELIVERED);
        }
        journal.close();
        CompletableFuture<Void> late = journal.recordAttemptLater(new Attempt(ids.get(0), "h", 2, AttemptOutcome.SUCCESS,
                null, "1", T0, Duration.ZERO), DeliveryState.DELIVERED).toCompletableFuture();
        assertThatThrownBy(late::join).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");

        journal = new H2Journal(dir, clock);
        assertThat(journal.pendingDeliveries(1_000)).isEmpty();
        assertThat(ids).allSatisfy(id -> assertThat(journal.deliveries(id))
                .containsExactly(new Delivery(id, "h", DeliveryState.DELIVERED, 1)));
    }

    @Test
    void aVeryLongDetailIsCutNotRefused() throws Exception {
        OrchestratorJobCompleteHandlerContext c = JournalContract.full();
        journal.append(c, null);
        journal.recordMatches(c.eventId(), List.of("h"));
        journal.recordAttempt(new Attempt(c.eventId(), "h", 1, AttemptOutcome.EXCEPTION, "x".repeat(10_000), null, T0,
                Duration.ZERO), DeliveryState.FAILED);

        assertThat(journal.attempts(c.eventId()).get(0).detail()).hasSize(Schema.MAX_DETAIL).endsWith("…");
    }

    @Test
    void pendingDeliveriesAndUnmatchedComeOldestFirstWithinTheLimit() throws Exception {
        OrchestratorJobCompleteHandlerContext older = JournalContract.minimal();
        OrchestratorJobCompleteHandlerContext newer = JournalContract.minimal();
        OrchestratorJobCompleteHandlerContext newest = JournalContract.minimal();
        journal.append(older, null);
        clock.advance(Duration.ofSeconds(1));
        journal.append(newer, null);
        clock.advance(Duration.ofSeconds(1));
        journal.append(newest, null);
        journal.recordMatches(newer.eventId(), List.of("b", "a"));
        journal.recordMatches(older.eventId(), List.of("z"));

        assertThat(journal.pendingDeliveries(2)).extracting(Delivery::eventId, Delivery::handler).containsExactly(
                org.assertj.core.groups.Tuple.tuple(older.eventId(), "z"),
                org.assertj.core.groups.Tuple.tuple(newer.eventId(), "a"));
        assertThat(journal.unmatched(10)).extracting(u -> u.context().eventId()).containsExactly(newest.eventId());
        assertThatThrownBy(() -> journal.unmatched(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void purgeRemovesOnlyOldFinishedCompletionsWithTheirDeliveriesAndAttempts() throws Exception {
        OrchestratorJobCompleteHandlerContext delivered = JournalContract.minimal();
        OrchestratorJobCompleteHandlerContext failed = JournalContract.minimal();
        OrchestratorJobCompleteHandlerContext noHandler = JournalContract.minimal();
        OrchestratorJobCompleteHandlerContext pending = JournalContract.minimal();
        OrchestratorJobCompleteHandlerContext neverMatched = JournalContract.minimal();
        OrchestratorJobCompleteHandlerContext recent = JournalContract.minimal();
        for (OrchestratorJobCompleteHandlerContext c : List.of(delivered, failed, noHandler, pending, neverMatched)) {
            journal.append(c, null);
        }
        journal.recordMatches(delivered.eventId(), List.of("h", "g"));
        finish(delivered.eventId(), "h", DeliveryState.DELIVERED);
        finish(delivered.eventId(), "g", DeliveryState.FAILED);
        journal.recordMatches(failed.eventId(), List.of("h"));
        finish(failed.eventId(), "h", DeliveryState.FAILED);
        journal.recordMatches(noHandler.eventId(), List.of());
        journal.recordMatches(pending.eventId(), List.of("h", "g"));
        finish(pending.eventId(), "h", DeliveryState.DELIVERED);
        clock.advance(Duration.ofDays(31));
        journal.append(recent, null);
        journal.recordMatches(recent.eventId(), List.of("h"));
        finish(recent.eventId(), "h", DeliveryState.DELIVERED);

        int removed = journal.purge(clock.instant().minus(Duration.ofDays(30)));

        assertThat(removed).isEqualTo(3);
        for (OrchestratorJobCompleteHandlerContext gone : List.of(delivered, failed, noHandler)) {
            assertThat(journal.completion(gone.eventId())).isEmpty();
            assertThat(journal.deliveries(gone.eventId())).isEmpty();
            assertThat(journal.attempts(gone.eventId())).isEmpty();
        }
        for (OrchestratorJobCompleteHandlerContext kept : List.of(pending, neverMatched, recent)) {
            assertThat(journal.completion(kept.eventId())).isPresent();
        }
        assertThat(journal.attempts(recent.eventId())).hasSize(1);
        assertThat(journal.purge(clock.instant().minus(Duration.ofDays(30)))).isZero();
    }

    @Test
    void purgeWorksThroughMoreThanOneChunk() throws Exception {
        int count = 1_203;
        for (int i = 0; i < count; i++) {
            OrchestratorJobCompleteHandlerContext c = JournalContract.minimal();
            journal.append(c, null);
            journal.recordMatches(c.eventId(), List.of());
        }
        assertThat(journal.purge(clock.instant().plusSeconds(1))).isEqualTo(count);
        assertThat(journal.unmatched(1)).isEmpty();
    }

    private void finish(UUID eventId, String handler, DeliveryState state) {
        journal.recordAttempt(new Attempt(eventId, handler, 1, state == DeliveryState.DELIVERED ? AttemptOutcome.SUCCESS
                : AttemptOutcome.RETURNED_FALSE, null, "1.0.0", clock.instant(), Duration.ofMillis(3)), state);
    }

    @Test
    void aJournalReopenedAfterACleanCloseKeepsEverything() throws Exception {
        OrchestratorJobCompleteHandlerContext c = JournalContract.full();
        journal.append(c, new Idempotency("k", "h", TTL));
        journal.recordMatches(c.eventId(), List.of("h"));
        Attempt a = new Attempt(c.eventId(), "h", 1, AttemptOutcome.TIMEOUT, "timed out after 60000 ms", "2.1.0", T0,
                Duration.ofSeconds(60));
        journal.recordAttempt(a, DeliveryState.PENDING);
        journal.close();

        journal = new H2Journal(dir, clock);

        assertThat(journal.completion(c.eventId()).orElseThrow().context()).isEqualTo(c);
        assertThat(journal.deliveries(c.eventId())).containsExactly(new Delivery(c.eventId(), "h", DeliveryState.PENDING, 1));
        assertThat(journal.attempts(c.eventId())).containsExactly(a);
        assertThat(journal.append(JournalContract.full(), new Idempotency("k", "h", TTL)))
                .isEqualTo(new Acceptance(c.eventId(), Acceptance.Status.DUPLICATE));
        assertThat(Files.exists(dir.resolve("journal.mv.db"))).isTrue();
        assertThat(Files.exists(dir.resolve("journal.lock.db"))).as("no lock file: the OS lock is used").isFalse();
    }

    @Test
    void aClosedJournalRefusesAppendsAsUnavailableAndOtherCallsClearly() {
        journal.close();
        journal.close(); // idempotent

        assertThat(journal.writeProblem()).hasValueSatisfying(p -> assertThat(p).contains("closed"));
        assertThatThrownBy(() -> journal.append(JournalContract.full(), null))
                .isInstanceOfSatisfying(JournalUnavailableException.class,
                        e -> assertThat(e.retryAfter()).isPositive())
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> journal.unmatched(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aJournalWrittenByANewerSchemaIsRefused() throws Exception {
        journal.close();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("journal"), "jobhook", "");
                Statement st = c.createStatement()) {
            st.execute("UPDATE journal_schema SET version = 99");
        }

        assertThatThrownBy(() -> new H2Journal(dir, clock)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema version 99").hasMessageContaining(dir.toString());
        journal = new H2Journal(dir.resolve("other"), clock); // for close()
    }

    @Test
    void operatorsQueryCompletionsByJobTypeResultAndDeliveryState() throws Exception {
        OrchestratorJobCompleteHandlerContext failed = JournalContract.full().toBuilder().jobResult(JobResult.FAILURE).build();
        OrchestratorJobCompleteHandlerContext delivered = JournalContract.minimal();
        OrchestratorJobCompleteHandlerContext unmatched = JournalContract.minimal();
        for (OrchestratorJobCompleteHandlerContext c : List.of(failed, delivered, unmatched)) {
            journal.append(c, null);
            clock.advance(Duration.ofSeconds(1));
        }
        journal.recordMatches(failed.eventId(), List.of("h"));
        journal.recordMatches(delivered.eventId(), List.of("h"));
        journal.recordMatches(unmatched.eventId(), List.of());
        journal.recordAttempt(new Attempt(failed.eventId(), "h", 1, AttemptOutcome.RETURNED_FALSE, null, "1", T0,
                Duration.ofMillis(3)), DeliveryState.FAILED);
        journal.recordAttempt(new Attempt(delivered.eventId(), "h", 1, AttemptOutcome.SUCCESS, null, "1", T0,
                Duration.ofMillis(3)), DeliveryState.DELIVERED);

        assertThat(ids(journal.recent(EventQuery.latest(10))))
                .containsExactly(unmatched.eventId(), delivered.eventId(), failed.eventId());
        assertThat(ids(journal.recent(new EventQuery(null, null, JobResult.FAILURE, null, null, 10))))
                .containsExactly(failed.eventId());
        assertThat(ids(journal.recent(new EventQuery(null, null, null, DeliveryState.FAILED, null, 10))))
                .containsExactly(failed.eventId());
        assertThat(ids(journal.recent(new EventQuery(null, null, null, null, true, 10))))
                .containsExactly(unmatched.eventId());
        assertThat(ids(journal.recent(new EventQuery(failed.jobId(), failed.jobType().toUpperCase(), null, null, false, 10))))
                .containsExactly(failed.eventId());
        assertThat(ids(journal.recent(EventQuery.latest(1)))).containsExactly(unmatched.eventId());
    }

    @Test
    void aDeadLetterIsReopenedForAReplayKeepingItsAttempts() throws Exception {
        OrchestratorJobCompleteHandlerContext c = JournalContract.full();
        journal.append(c, null);
        journal.recordMatches(c.eventId(), List.of("h", "other"));
        journal.recordAttempt(new Attempt(c.eventId(), "h", 1, AttemptOutcome.EXCEPTION, "boom", "1", T0,
                Duration.ofMillis(3)), DeliveryState.FAILED);

        assertThat(journal.deadLetters("h", 10)).singleElement()
                .satisfies(d -> assertThat(d.eventId()).isEqualTo(c.eventId()));
        assertThat(journal.deadLetters(null, 10)).hasSize(1);
        assertThat(journal.reopen(c.eventId(), "other")).as("not a dead letter").isEmpty();
        assertThat(journal.reopen(c.eventId(), "h")).hasValue(new Delivery(c.eventId(), "h", DeliveryState.PENDING, 1));
        assertThat(journal.deadLetters("h", 10)).isEmpty();
        assertThat(journal.attempts(c.eventId())).hasSize(1);
    }

    @Test
    void checkpointsAreSavedReplacedAndKeptAcrossAReopen() {
        assertThat(journal.checkpoint("poller:a")).isEmpty();
        journal.saveCheckpoint("poller:a", "2168");
        journal.saveCheckpoint("poller:a", "2171");
        journal.saveCheckpoint("poller:b", "7");
        journal.close();
        journal = new H2Journal(dir, clock);
        assertThat(journal.checkpoint("poller:a")).hasValue("2171");
        assertThat(journal.checkpoint("poller:b")).hasValue("7");
    }

    private static List<UUID> ids(List<JournaledCompletion> completions) {
        return completions.stream().map(c -> c.context().eventId()).toList();
    }
}
