package io.jobhook.runtime.journal.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.EventQuery;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournaledCompletion;
import io.jobhook.testsupport.MutableClock;

/**
 * What every {@link Journal} does, as one suite: each implementation's test extends it and says how to open
 * and close one ({@code H2JournalTest}, {@code InMemoryJournalTest}, and a later database's). A
 * behaviour the dispatcher, the ingress, the operator tools or the poller rely on belongs here, so that
 * every journal is held to it and the in-memory one stays a faithful double.
 */
public abstract class JournalContract {

    protected static final UUID AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");
    protected static final UUID WINCERT_MANAGEMENT = UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973");
    protected static final Duration DAY = Duration.ofDays(1);

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    protected Journal journal;

    /**
     * @param clock the time the journal must read (acceptance times, idempotency keys' expiry)
     * @return a new, empty journal
     */
    protected abstract Journal open(MutableClock clock) throws Exception;

    /** Closes what {@link #open} opened; by default, nothing. */
    protected void close(Journal journal) throws Exception {
    }

    /**
     * Appends a completion without matching it — what a crash between append and match leaves, and what
     * {@code unmatched} finds — with the journal's own means (it is no part of the contract's users' side).
     */
    protected abstract Acceptance appendUnmatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws Exception;

    /** Applies the retention with the journal's own means: removes what was finished before {@code cutoff}. */
    protected abstract int purge(Instant cutoff);

    /** Records an attempt's end and waits until it is written; the refusal, if any, as thrown. */
    protected void record(Attempt attempt, DeliveryState state) throws Exception {
        try {
            journal.recordAttemptLater(attempt, state).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @BeforeEach
    void openJournal() throws Exception {
        journal = open(clock);
    }

    @AfterEach
    void closeJournal() throws Exception {
        close(journal);
    }

    /** A management Add with every optional field set, a fresh event id. */
    public static OrchestratorJobCompleteHandlerContext full() {
        return OrchestratorJobCompleteHandlerContext.builder()
                .agentId(AGENT)
                .username("KFTRAIN\\SVC_Orchestrator")
                .clientMachine("orchestrator.kftrain.lab")
                .jobResult(JobResult.WARNING)
                .jobId(UUID.randomUUID())
                .jobType("WinCertManagement")
                .jobTypeId(WINCERT_MANAGEMENT)
                .operationType(OperationType.CREATE_ADD)
                .certificateId(4711)
                .requestTimestamp(Instant.parse("2026-03-04T05:06:07.123456789Z"))   // to the nanosecond: read back as sent
                .currentRetryCount(2)
                .eventId(UUID.randomUUID())
                .deliveryAttempt(3)
                .source(CompletionSource.PUSH)
                .build();
    }

    /** An inventory completion with only the required fields, a fresh event and job id. */
    public static OrchestratorJobCompleteHandlerContext minimal() {
        return OrchestratorJobCompleteHandlerContext.builder()
                .agentId(AGENT)
                .jobResult(JobResult.SUCCESS)
                .jobId(UUID.randomUUID())
                .jobType("WinCertInventory")
                .jobTypeId(UUID.randomUUID())
                .build();
    }

    protected static Attempt attempt(UUID eventId, String handler, int number, AttemptOutcome outcome, String detail) {
        return new Attempt(eventId, handler, number, outcome, detail, "1.0.0", Instant.parse("2026-05-01T10:00:01Z"),
                Duration.ofMillis(12));
    }

    private UUID accepted(OrchestratorJobCompleteHandlerContext c, String... handlers) throws Exception {
        Acceptance a = journal.appendMatched(c, null, List.of(handlers));
        assertThat(a.status()).isEqualTo(Acceptance.Status.ACCEPTED);
        return a.eventId();
    }

    // ---------------------------------------------------------------- acceptance

    @Test
    void aCompletionReadsBackAsItWasAccepted() throws Exception {
        OrchestratorJobCompleteHandlerContext full = full();
        OrchestratorJobCompleteHandlerContext minimal = minimal();
        assertThat(appendUnmatched(full, null)).isEqualTo(new Acceptance(full.eventId(), Acceptance.Status.ACCEPTED));
        appendUnmatched(minimal, null);

        JournaledCompletion read = journal.completion(full.eventId()).orElseThrow();
        assertThat(read.context()).isEqualTo(full); // equals covers every field but the client
        assertThat(read.context().requestTimestamp()).isEqualTo(full.requestTimestamp());
        assertThat(read.context().hasClient()).isFalse();
        assertThat(read.acceptedAt()).isEqualTo(clock.instant());
        assertThat(read.matched()).isFalse();
        OrchestratorJobCompleteHandlerContext readMinimal = journal.completion(minimal.eventId()).orElseThrow().context();
        assertThat(readMinimal).isEqualTo(minimal);
        assertThat(readMinimal.certificateId()).isNull();
        assertThat(readMinimal.requestTimestamp()).isNull();
        assertThat(readMinimal.username()).isNull();
        assertThat(journal.completion(UUID.randomUUID())).isEmpty();
    }

    @Test
    void theSameEventAppendedAgainIsOneCompletion() throws Exception {
        OrchestratorJobCompleteHandlerContext c = full();
        Instant first = clock.instant();
        appendUnmatched(c, null);
        clock.advance(Duration.ofMinutes(1));
        assertThat(appendUnmatched(c, null)).isEqualTo(new Acceptance(c.eventId(), Acceptance.Status.ACCEPTED));
        assertThat(journal.unmatched(10)).hasSize(1);
        assertThat(journal.appendMatched(c, null, List.of("h")).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        assertThat(journal.recent(EventQuery.latest(10))).hasSize(1);
        assertThat(journal.completion(c.eventId()).orElseThrow().acceptedAt()).as("the first acceptance").isEqualTo(first);
        assertThat(journal.deliveries(c.eventId())).extracting(Delivery::handler).containsExactly("h");
    }

    @Test
    void anIdempotencyKeyAnswersDuplicateOrConflictUntilItExpires() throws Exception {
        OrchestratorJobCompleteHandlerContext first = full();
        Idempotency key = new Idempotency("push-1", "hash-a", Duration.ofMinutes(10));
        assertThat(appendUnmatched(first, key).status()).isEqualTo(Acceptance.Status.ACCEPTED);

        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        OrchestratorJobCompleteHandlerContext resend = full();
        assertThat(appendUnmatched(resend, key)).isEqualTo(new Acceptance(first.eventId(), Acceptance.Status.DUPLICATE));
        assertThat(journal.completion(resend.eventId())).as("a duplicate records nothing").isEmpty();
        assertThat(journal.appendMatched(full(), new Idempotency("push-1", "hash-b", Duration.ofMinutes(10)), List.of("h")))
                .isEqualTo(new Acceptance(first.eventId(), Acceptance.Status.CONFLICT));
        assertThat(journal.recent(EventQuery.latest(10))).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        OrchestratorJobCompleteHandlerContext later = full();
        assertThat(appendUnmatched(later, key)).isEqualTo(new Acceptance(later.eventId(), Acceptance.Status.ACCEPTED));
        assertThat(appendUnmatched(full(), key)).isEqualTo(new Acceptance(later.eventId(), Acceptance.Status.DUPLICATE));
        assertThat(journal.recent(EventQuery.latest(10))).hasSize(2);
        assertThat(journal.completion(first.eventId())).as("the completion of the expired key").isPresent();
    }

    @Test
    void appendMatchedRecordsPendingDeliveriesAndAnEmptyMatchIsMatchedToNone() throws Exception {
        OrchestratorJobCompleteHandlerContext twice = full();
        UUID two = accepted(twice, "a", "b", "a");
        UUID none = accepted(minimal());

        assertThat(journal.completion(two).orElseThrow().matched()).isTrue();
        assertThat(journal.deliveries(two)).containsExactly(new Delivery(two, "a", DeliveryState.PENDING, 0),
                new Delivery(two, "b", DeliveryState.PENDING, 0));
        assertThat(journal.completion(none).orElseThrow().matched()).isTrue();
        assertThat(journal.deliveries(none)).isEmpty();
        assertThat(journal.unmatched(10)).isEmpty();
        assertThat(journal.pendingDeliveries(10)).hasSize(2);

        // The same event again adds only the deliveries it lacks.
        journal.appendMatched(twice, null, List.of("b", "c"));
        assertThat(journal.deliveries(two)).extracting(Delivery::handler).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> journal.appendMatched(minimal(), null, java.util.Arrays.asList("x", null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("handler identity");
    }

    // ---------------------------------------------------------------- matching and recovery

    @Test
    void unmatchedCompletionsAreListedOldestFirstUntilMatched() throws Exception {
        OrchestratorJobCompleteHandlerContext older = full();
        appendUnmatched(older, null);
        clock.advance(Duration.ofSeconds(1));
        OrchestratorJobCompleteHandlerContext newer = minimal();
        appendUnmatched(newer, null);

        assertThat(journal.unmatched(10)).extracting(c -> c.context().eventId())
                .containsExactly(older.eventId(), newer.eventId());
        assertThat(journal.unmatched(1)).hasSize(1);
        assertThatThrownBy(() -> journal.unmatched(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> journal.pendingDeliveries(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");

        journal.recordMatches(older.eventId(), List.of("h", "h"));
        assertThat(journal.unmatched(10)).extracting(c -> c.context().eventId()).containsExactly(newer.eventId());
        assertThat(journal.deliveries(older.eventId())).containsExactly(
                new Delivery(older.eventId(), "h", DeliveryState.PENDING, 0));
    }

    @Test
    void matchingAgainKeepsTheFirstDeliveryAndAddsNewOnes() throws Exception {
        UUID id = accepted(full(), "h");
        record(attempt(id, "h", 1, AttemptOutcome.EXCEPTION, "boom"), DeliveryState.PENDING);
        journal.recordMatches(id, List.of("h", "g"));
        assertThat(journal.deliveries(id)).containsExactly(new Delivery(id, "g", DeliveryState.PENDING, 0),
                new Delivery(id, "h", DeliveryState.PENDING, 1));
    }

    @Test
    void matchingOrAttemptingWhatIsNotJournaledIsRefused() {
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> journal.recordMatches(unknown, List.of("h")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> record(attempt(unknown, "h", 1, AttemptOutcome.SUCCESS, null),
                DeliveryState.DELIVERED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(unknown.toString()).hasMessageContaining("h");
    }

    @Test
    void pendingDeliveriesComeOldestCompletionFirst() throws Exception {
        UUID first = accepted(full(), "b", "a");
        clock.advance(Duration.ofSeconds(1));
        UUID second = accepted(full(), "a");
        clock.advance(Duration.ofSeconds(1));
        UUID done = accepted(full(), "a");
        record(attempt(done, "a", 1, AttemptOutcome.SUCCESS, null), DeliveryState.DELIVERED);

        assertThat(journal.pendingDeliveries(10)).extracting(Delivery::eventId, Delivery::handler).containsExactly(
                org.assertj.core.groups.Tuple.tuple(first, "a"), org.assertj.core.groups.Tuple.tuple(first, "b"),
                org.assertj.core.groups.Tuple.tuple(second, "a"));
        assertThat(journal.pendingDeliveries(2)).hasSize(2);
    }

    // ---------------------------------------------------------------- attempts

    @Test
    void attemptsMoveTheDeliveryAndAreKeptInOrder() throws Exception {
        UUID id = accepted(full(), "h");
        record(attempt(id, "h", 1, AttemptOutcome.RETURNED_FALSE, null), DeliveryState.PENDING);
        assertThat(journal.pendingDeliveries(10)).containsExactly(new Delivery(id, "h", DeliveryState.PENDING, 1));
        record(attempt(id, "h", 2, AttemptOutcome.TIMEOUT, "after 60000 ms"), DeliveryState.PENDING);
        record(attempt(id, "h", 3, AttemptOutcome.SUCCESS, null), DeliveryState.DELIVERED);
        assertThat(journal.pendingDeliveries(10)).isEmpty();
        assertThatThrownBy(() -> record(attempt(id, "h", 3, AttemptOutcome.SUCCESS, null), DeliveryState.DELIVERED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already journaled");

        assertThat(journal.deliveries(id)).containsExactly(new Delivery(id, "h", DeliveryState.DELIVERED, 3));
        assertThat(journal.attempts(id)).extracting(Attempt::number, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, AttemptOutcome.RETURNED_FALSE),
                org.assertj.core.groups.Tuple.tuple(2, AttemptOutcome.TIMEOUT),
                org.assertj.core.groups.Tuple.tuple(3, AttemptOutcome.SUCCESS));
        Attempt second = journal.attempts(id).get(1);
        assertThat(second.detail()).isEqualTo("after 60000 ms");
        assertThat(second.handlerVersion()).isEqualTo("1.0.0");
        assertThat(second.startedAt()).isEqualTo(Instant.parse("2026-05-01T10:00:01Z"));
        assertThat(second.duration()).isEqualTo(Duration.ofMillis(12));
        assertThat(journal.attempts(UUID.randomUUID())).isEmpty();
    }

    @Test
    void anAttemptHandedOverIsSeenByEveryLaterRead() throws Exception {
        UUID id = accepted(full(), "h");
        journal.recordAttemptLater(attempt(id, "h", 1, AttemptOutcome.SUCCESS, null), DeliveryState.DELIVERED);
        assertThat(journal.deliveries(id)).containsExactly(new Delivery(id, "h", DeliveryState.DELIVERED, 1));
        assertThat(journal.attempts(id)).hasSize(1);

        journal.recordAttemptLater(attempt(UUID.randomUUID(), "h", 1, AttemptOutcome.SUCCESS, null),
                DeliveryState.DELIVERED).toCompletableFuture().handle((ok, failure) -> {
                    assertThat(failure).as("an attempt of no delivery fails its own stage").isNotNull();
                    return null;
                }).get(30, TimeUnit.SECONDS);
    }

    @Test
    void manyAttemptsHandedOverAreSeenByTheNextReadInTheOrderHandedOver() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(accepted(minimal(), "h"));
        }
        List<java.util.concurrent.CompletableFuture<Void>> written = new ArrayList<>();
        for (UUID id : ids) {
            written.add(journal.recordAttemptLater(attempt(id, "h", 1, AttemptOutcome.RETURNED_FALSE, null),
                    DeliveryState.PENDING).toCompletableFuture());
            written.add(journal.recordAttemptLater(attempt(id, "h", 2, AttemptOutcome.SUCCESS, null),
                    DeliveryState.DELIVERED).toCompletableFuture());
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
        UUID id = accepted(full(), "h");
        Attempt good = attempt(id, "h", 1, AttemptOutcome.SUCCESS, null);
        var refused = journal.recordAttemptLater(attempt(id, "unknown", 1, AttemptOutcome.SUCCESS, null),
                DeliveryState.DELIVERED).toCompletableFuture();
        var recorded = journal.recordAttemptLater(good, DeliveryState.DELIVERED).toCompletableFuture();
        var twice = journal.recordAttemptLater(good, DeliveryState.DELIVERED).toCompletableFuture();

        assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No delivery of completion " + id + " to unknown");
        recorded.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> twice.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already journaled");
        assertThat(journal.attempts(id)).as("which runtime made it is the journal's to add")
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("node").containsExactly(good);
        assertThat(journal.deliveries(id)).containsExactly(new Delivery(id, "h", DeliveryState.DELIVERED, 1));
    }

    @Test
    void aLongDetailIsCutNotRefused() throws Exception {
        UUID id = accepted(full(), "h");
        record(attempt(id, "h", 1, AttemptOutcome.EXCEPTION, "x".repeat(10_000)), DeliveryState.FAILED);
        assertThat(journal.attempts(id).get(0).detail()).hasSize(InMemoryJournal.MAX_DETAIL).endsWith("…");
    }

    // ---------------------------------------------------------------- operators' reads

    @Test
    void recentIsNewestFirstAndFiltersEachField() throws Exception {
        OrchestratorJobCompleteHandlerContext add = full();
        UUID addId = accepted(add, "h");
        UUID inventory = accepted(minimal());
        UUID failed = accepted(full(), "h");
        record(attempt(failed, "h", 1, AttemptOutcome.EXCEPTION, "boom"), DeliveryState.FAILED);

        assertThat(ids(EventQuery.latest(10))).containsExactly(failed, inventory, addId);
        assertThat(ids(EventQuery.latest(2))).containsExactly(failed, inventory);
        assertThat(ids(new EventQuery(add.jobId(), null, null, null, null, 10))).containsExactly(addId);
        assertThat(ids(new EventQuery(null, "wincertinventory", null, null, null, 10))).containsExactly(inventory);
        assertThat(ids(new EventQuery(null, null, JobResult.WARNING, null, null, 10))).containsExactly(failed, addId);
        assertThat(ids(new EventQuery(null, null, null, DeliveryState.FAILED, null, 10))).containsExactly(failed);
        assertThat(ids(new EventQuery(null, null, null, DeliveryState.PENDING, null, 10))).containsExactly(addId);
        assertThat(ids(new EventQuery(null, null, null, null, true, 10))).containsExactly(inventory);
        assertThat(ids(new EventQuery(null, null, null, null, false, 10))).containsExactly(failed, addId);
    }

    @Test
    void recentFiltersByHandlerAndAcceptanceTime() throws Exception {
        Instant first = clock.instant();
        UUID both = accepted(full(), "a", "b");
        clock.advance(Duration.ofMinutes(10));
        Instant second = clock.instant();
        UUID onlyB = accepted(full(), "b");
        record(attempt(onlyB, "b", 1, AttemptOutcome.EXCEPTION, "boom"), DeliveryState.FAILED);
        clock.advance(Duration.ofMinutes(10));
        UUID none = accepted(minimal());

        assertThat(ids(query("a", null, null, null))).containsExactly(both);
        assertThat(ids(query("b", null, null, null))).containsExactly(onlyB, both);
        assertThat(ids(query("b", DeliveryState.FAILED, null, null))).as("the same delivery: b's, FAILED")
                .containsExactly(onlyB);
        assertThat(ids(query("a", DeliveryState.FAILED, null, null))).isEmpty();
        assertThat(ids(query(null, null, second, null))).as("since, inclusive").containsExactly(none, onlyB);
        assertThat(ids(query(null, null, null, second))).as("until, exclusive").containsExactly(both);
        assertThat(ids(query(null, null, first, first.plusSeconds(1)))).containsExactly(both);
        assertThatThrownBy(() -> query(null, null, second, first)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be before until");
    }

    private static EventQuery query(String handler, DeliveryState state, Instant since, Instant until) {
        return new EventQuery(null, null, null, state, null, 10, handler, since, until);
    }

    private List<UUID> ids(EventQuery query) {
        return journal.recent(query).stream().map(c -> c.context().eventId()).toList();
    }

    @Test
    void deadLettersAreFailedDeliveriesNewestFirstAndReopenMakesOnePendingAgain() throws Exception {
        UUID older = accepted(full(), "a", "b");
        UUID newer = accepted(full(), "a");
        UUID delivered = accepted(full(), "a");
        record(attempt(older, "a", 1, AttemptOutcome.EXCEPTION, "boom"), DeliveryState.FAILED);
        record(attempt(older, "b", 1, AttemptOutcome.TIMEOUT, null), DeliveryState.FAILED);
        record(attempt(newer, "a", 1, AttemptOutcome.RETURNED_FALSE, null), DeliveryState.FAILED);
        record(attempt(delivered, "a", 1, AttemptOutcome.SUCCESS, null), DeliveryState.DELIVERED);

        assertThat(journal.deadLetters(null, 10)).extracting(Delivery::eventId, Delivery::handler).containsExactly(
                org.assertj.core.groups.Tuple.tuple(newer, "a"), org.assertj.core.groups.Tuple.tuple(older, "a"),
                org.assertj.core.groups.Tuple.tuple(older, "b"));
        assertThat(journal.deadLetters("a", 10)).extracting(Delivery::eventId).containsExactly(newer, older);
        assertThat(journal.deadLetters("a", 1)).hasSize(1);
        assertThatThrownBy(() -> journal.deadLetters(null, 0)).isInstanceOf(IllegalArgumentException.class);

        assertThat(journal.reopen(older, "a")).contains(new Delivery(older, "a", DeliveryState.PENDING, 1));
        assertThat(journal.reopen(older, "a")).as("no longer failed").isEmpty();
        assertThat(journal.reopen(delivered, "a")).isEmpty();
        assertThat(journal.reopen(UUID.randomUUID(), "a")).isEmpty();
        assertThat(journal.deadLetters("a", 10)).extracting(Delivery::eventId).containsExactly(newer);
        record(attempt(older, "a", 2, AttemptOutcome.SUCCESS, null), DeliveryState.DELIVERED);
        assertThat(journal.deliveries(older)).contains(new Delivery(older, "a", DeliveryState.DELIVERED, 2));
        assertThat(journal.attempts(older)).extracting(Attempt::number).containsExactly(1, 1, 2);
    }

    // ---------------------------------------------------------------- retention

    @Test
    void purgeRemovesOnlyFinishedCompletionsAcceptedBeforeTheCutoff() throws Exception {
        UUID delivered = accepted(full(), "h", "g");
        record(attempt(delivered, "h", 1, AttemptOutcome.SUCCESS, null), DeliveryState.DELIVERED);
        record(attempt(delivered, "g", 1, AttemptOutcome.EXCEPTION, "boom"), DeliveryState.FAILED);
        UUID deadLetter = accepted(full(), "h");
        record(attempt(deadLetter, "h", 1, AttemptOutcome.EXCEPTION, "boom"), DeliveryState.FAILED);
        UUID pending = accepted(full(), "h", "g");
        record(attempt(pending, "h", 1, AttemptOutcome.SUCCESS, null), DeliveryState.DELIVERED);
        UUID noHandler = accepted(minimal());
        OrchestratorJobCompleteHandlerContext unmatched = full();
        appendUnmatched(unmatched, null);
        clock.advance(DAY);
        UUID recent = accepted(full(), "h");
        record(attempt(recent, "h", 1, AttemptOutcome.SUCCESS, null), DeliveryState.DELIVERED);

        assertThat(purge(clock.instant())).isEqualTo(3);

        assertThat(journal.completion(delivered)).isEmpty();
        assertThat(journal.attempts(delivered)).isEmpty();
        assertThat(journal.deliveries(delivered)).isEmpty();
        assertThat(journal.completion(deadLetter)).isEmpty();
        assertThat(journal.completion(noHandler)).isEmpty();
        assertThat(journal.completion(pending)).isPresent();
        assertThat(journal.completion(unmatched.eventId())).as("recovery still has to match it").isPresent();
        assertThat(journal.completion(recent)).isPresent();
        assertThat(journal.attempts(recent)).hasSize(1);
        assertThat(purge(clock.instant())).isZero();
    }

    // ---------------------------------------------------------------- checkpoints

    @Test
    void aCheckpointReadsBackItsLastValue() {
        assertThat(journal.checkpoint("poller:https://command/")).isEmpty();
        journal.saveCheckpoint("poller:https://command/", "2168");
        journal.saveCheckpoint("poller:https://other/", "1");
        journal.saveCheckpoint("poller:https://command/", "2170");
        assertThat(journal.checkpoint("poller:https://command/")).contains("2170");
        assertThat(journal.checkpoint("poller:https://other/")).contains("1");
    }

    // ---------------------------------------------------------------- health

    @Test
    void anOpenJournalHasNoWriteProblemAndAskingChangesNothing() throws Exception {
        assertThat(journal.writeProblem()).isEmpty();
        for (int i = 0; i < 100; i++) {
            assertThat(journal.writeProblem()).isEmpty();
        }
        assertThat(journal.recent(EventQuery.latest(10))).isEmpty();
        assertThat(journal.unmatched(10)).isEmpty();
        assertThat(journal.checkpoint("health:probe")).isEmpty();
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentAppendsAreEachAcceptedOnceAndReadable() throws Exception {
        int threads = 4;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<UUID>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<UUID> ids = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        OrchestratorJobCompleteHandlerContext c = full();
                        Idempotency key = new Idempotency("k-" + thread + "-" + i, "hash", DAY);
                        assertThat(journal.appendMatched(c, key, List.of("h")).status())
                                .isEqualTo(Acceptance.Status.ACCEPTED);
                        assertThat(appendUnmatched(full(), key).status()).isEqualTo(Acceptance.Status.DUPLICATE);
                        ids.add(c.eventId());
                    }
                    return ids;
                }));
            }
            Set<UUID> all = new java.util.HashSet<>();
            for (Future<List<UUID>> f : futures) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(threads * each);
            assertThat(journal.pendingDeliveries(1000)).hasSize(threads * each);
            assertThat(all).allSatisfy(id -> assertThat(journal.completion(id)).isPresent());
        } finally {
            pool.shutdownNow();
        }
    }
}
