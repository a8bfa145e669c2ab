package io.jobhook.runtime.journal.testing;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.EventQuery;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.runtime.spi.JournaledCompletion;

/**
 * The journal's contract kept in memory, for the tests of what uses a journal (dispatch, ingress, operator
 * tools, the poller): it passes {@link JournalContract} like the real journals, so a test that uses it
 * sees what a real journal would do, without a database. "Durable" here means "for the life of this
 * object": a test that restarts its subject keeps the same instance.
 *
 * <p>{@link #unavailable(boolean)} makes appends fail as a journal that cannot write does. Thread-safe: every
 * method holds the instance's lock.
 */
public final class InMemoryJournal implements Journal {

    /** The most characters of an attempt's detail kept, as the real journals keep. */
    public static final int MAX_DETAIL = 4000;

    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    private final Clock clock;
    private long nextSeq;
    private final Map<UUID, Entry> completions = new LinkedHashMap<>();
    private final Map<String, UUID> keys = new HashMap<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private final Map<String, String> checkpoints = new HashMap<>();
    private boolean unavailable;

    /** One journaled completion: its context, when and in which order it was accepted, its key, its deliveries. */
    private static final class Entry {
        final OrchestratorJobCompleteHandlerContext context;
        final Instant acceptedAt;
        final long seq;
        String key;
        String requestHash;
        Instant keyExpiresAt;
        boolean matched;
        final Map<String, Delivery> deliveries = new TreeMap<>();

        Entry(OrchestratorJobCompleteHandlerContext context, Instant acceptedAt, long seq) {
            this.context = context;
            this.acceptedAt = acceptedAt;
            this.seq = seq;
        }

        JournaledCompletion view() {
            return new JournaledCompletion(context, acceptedAt, matched);
        }
    }

    /** @param clock when completions are accepted and idempotency keys expire */
    public InMemoryJournal(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A journal on the system clock. */
    public InMemoryJournal() {
        this(Clock.systemUTC());
    }

    /**
     * @param unavailable true: every append from now on fails with {@link JournalUnavailableException}, as a
     *        journal whose disk or database is gone; false: they succeed again
     */
    public synchronized void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /**
     * Records a completion without matching it, as a crash between append and match leaves one ({@code unmatched}
     * finds it). The real journals have it too; it is no part of the dispatcher's side.
     */
    public synchronized Acceptance append(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException {
        return accept(context, idempotency, null);
    }

    @Override
    public synchronized Acceptance appendMatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
            Collection<String> handlers) throws JournalUnavailableException {
        return accept(context, idempotency, Objects.requireNonNull(handlers, "handlers"));
    }

    private Acceptance accept(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
            Collection<String> handlers) throws JournalUnavailableException {
        Objects.requireNonNull(context, "context");
        if (unavailable) {
            throw new JournalUnavailableException("The in-memory journal was made unavailable", Duration.ofSeconds(1),
                    null);
        }
        Instant now = clock.instant();
        if (idempotency != null) {
            UUID first = keys.get(idempotency.key());
            if (first != null) {
                Entry e = completions.get(first);
                if (e != null && now.isBefore(e.keyExpiresAt)) {
                    return new Acceptance(first, idempotency.requestHash().equals(e.requestHash)
                            ? Acceptance.Status.DUPLICATE : Acceptance.Status.CONFLICT);
                }
                keys.remove(idempotency.key());
                if (e != null) {
                    e.key = null;
                    e.requestHash = null;
                    e.keyExpiresAt = null;
                }
            }
        }
        Entry existing = completions.get(context.eventId());
        if (existing != null) {
            // the same event journaled again (a recovery's re-append): nothing new, its matches added
            if (handlers != null) {
                match(existing, handlers);
            }
            return new Acceptance(context.eventId(), Acceptance.Status.ACCEPTED);
        }
        Entry e = new Entry(context, now, nextSeq++);
        if (idempotency != null) {
            e.key = idempotency.key();
            e.requestHash = idempotency.requestHash();
            e.keyExpiresAt = expiry(now, idempotency.ttl());
            keys.put(e.key, context.eventId());
        }
        completions.put(context.eventId(), e);
        if (handlers != null) {
            match(e, handlers);
        }
        return new Acceptance(context.eventId(), Acceptance.Status.ACCEPTED);
    }

    private static Instant expiry(Instant now, Duration ttl) {
        try {
            return now.plus(ttl);
        } catch (ArithmeticException | DateTimeException e) {
            return FAR_FUTURE;
        }
    }

    @Override
    public synchronized void recordMatches(UUID eventId, Collection<String> handlers) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(handlers, "handlers");
        Entry e = completions.get(eventId);
        if (e == null) {
            throw new IllegalArgumentException("No completion " + eventId + " is journaled");
        }
        match(e, handlers);
    }

    private static void match(Entry e, Collection<String> handlers) {
        for (String handler : new LinkedHashSet<>(handlers)) {
            Objects.requireNonNull(handler, "a handler identity");
            e.deliveries.putIfAbsent(handler, new Delivery(e.context.eventId(), handler, DeliveryState.PENDING, 0));
        }
        e.matched = true;
    }

    /**
     * Records an ended attempt at once.
     *
     * @throws IllegalArgumentException when no such delivery is journaled
     */
    public synchronized void recordAttempt(Attempt attempt, DeliveryState newState) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(newState, "newState");
        Entry e = completions.get(attempt.eventId());
        Delivery d = e == null ? null : e.deliveries.get(attempt.handler());
        if (d == null) {
            throw new IllegalArgumentException("No delivery of completion " + attempt.eventId() + " to "
                    + attempt.handler() + " is journaled");
        }
        if (attempts.stream().anyMatch(a -> a.eventId().equals(attempt.eventId())
                && a.handler().equals(attempt.handler()) && a.number() == attempt.number())) {
            throw new IllegalArgumentException("Attempt " + attempt.number() + " of completion " + attempt.eventId()
                    + " for " + attempt.handler() + " is already journaled");
        }
        e.deliveries.put(attempt.handler(), new Delivery(d.eventId(), d.handler(), newState, d.attempts() + 1));
        String detail = attempt.detail();
        attempts.add(detail == null || detail.length() <= MAX_DETAIL ? attempt
                : new Attempt(attempt.eventId(), attempt.handler(), attempt.number(), attempt.outcome(),
                        detail.substring(0, MAX_DETAIL - 1) + "…", attempt.handlerVersion(), attempt.startedAt(),
                        attempt.duration()));
    }

    /** Written at once: every later read sees it. */
    @Override
    public CompletionStage<Void> recordAttemptLater(Attempt attempt, DeliveryState newState) {
        try {
            recordAttempt(attempt, newState);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized Optional<JournaledCompletion> completion(UUID eventId) {
        return Optional.ofNullable(completions.get(eventId)).map(Entry::view);
    }

    @Override
    public synchronized List<JournaledCompletion> unmatched(int limit) {
        requirePositive(limit);
        return completions.values().stream().filter(e -> !e.matched).sorted(OLDEST_FIRST).limit(limit)
                .map(Entry::view).toList();
    }

    private static final Comparator<Entry> OLDEST_FIRST =
            Comparator.comparing((Entry e) -> e.acceptedAt).thenComparingLong(e -> e.seq);

    @Override
    public synchronized List<Delivery> pendingDeliveries(int limit) {
        requirePositive(limit);
        return completions.values().stream().sorted(OLDEST_FIRST)
                .flatMap(e -> e.deliveries.values().stream())
                .filter(d -> d.state() == DeliveryState.PENDING).limit(limit).toList();
    }

    @Override
    public synchronized List<Delivery> deliveries(UUID eventId) {
        Entry e = completions.get(eventId);
        return e == null ? List.of() : List.copyOf(e.deliveries.values());
    }

    @Override
    public synchronized List<Attempt> attempts(UUID eventId) {
        return attempts.stream().filter(a -> a.eventId().equals(eventId)).toList();
    }

    /** @return every attempt recorded, in the order they were recorded */
    public synchronized List<Attempt> allAttempts() {
        return List.copyOf(attempts);
    }

    /** Removes completions accepted before {@code cutoff} that are matched and whose deliveries are all finished. */
    public synchronized int purge(Instant cutoff) {
        List<UUID> gone = completions.values().stream()
                .filter(e -> e.acceptedAt.isBefore(cutoff) && e.matched
                        && e.deliveries.values().stream().noneMatch(d -> d.state() == DeliveryState.PENDING))
                .map(e -> e.context.eventId()).toList();
        for (UUID id : gone) {
            Entry e = completions.remove(id);
            if (e.key != null) {
                keys.remove(e.key);
            }
        }
        attempts.removeIf(a -> !completions.containsKey(a.eventId()));
        return gone.size();
    }

    @Override
    public synchronized List<JournaledCompletion> recent(EventQuery query) {
        Objects.requireNonNull(query, "query");
        List<Entry> newestFirst = new ArrayList<>(completions.values());
        newestFirst.sort(Comparator.comparingLong((Entry e) -> e.seq).reversed());
        return newestFirst.stream()
                .filter(e -> query.jobId() == null || query.jobId().equals(e.context.jobId()))
                .filter(e -> query.jobType() == null || query.jobType().equalsIgnoreCase(e.context.jobType()))
                .filter(e -> query.result() == null || query.result() == e.context.jobResult())
                .filter(e -> query.state() == null && query.handler() == null
                        || e.deliveries.values().stream().anyMatch(d -> (query.state() == null
                                || d.state() == query.state())
                                && (query.handler() == null || query.handler().equals(d.handler()))))
                .filter(e -> query.since() == null || !e.acceptedAt.isBefore(query.since()))
                .filter(e -> query.until() == null || e.acceptedAt.isBefore(query.until()))
                .filter(e -> query.unmatched() == null
                        || (query.unmatched() ? e.matched && e.deliveries.isEmpty() : !e.deliveries.isEmpty()))
                .limit(query.limit()).map(Entry::view).toList();
    }

    @Override
    public synchronized List<Delivery> deadLetters(String handler, int limit) {
        requirePositive(limit);
        List<Entry> newestFirst = new ArrayList<>(completions.values());
        newestFirst.sort(Comparator.comparingLong((Entry e) -> e.seq).reversed());
        return newestFirst.stream().flatMap(e -> e.deliveries.values().stream())
                .filter(d -> d.state() == DeliveryState.FAILED && (handler == null || handler.equals(d.handler())))
                .limit(limit).toList();
    }

    @Override
    public synchronized Optional<Delivery> reopen(UUID eventId, String handler) {
        Entry e = completions.get(eventId);
        Delivery d = e == null ? null : e.deliveries.get(handler);
        if (d == null || d.state() != DeliveryState.FAILED) {
            return Optional.empty();
        }
        Delivery reopened = new Delivery(eventId, handler, DeliveryState.PENDING, d.attempts());
        e.deliveries.put(handler, reopened);
        return Optional.of(reopened);
    }

    @Override
    public synchronized Optional<String> writeProblem() {
        return unavailable ? Optional.of("The in-memory journal was made unavailable") : Optional.empty();
    }

    @Override
    public synchronized Optional<String> checkpoint(String name) {
        return Optional.ofNullable(checkpoints.get(name));
    }

    @Override
    public synchronized void saveCheckpoint(String name, String value) {
        checkpoints.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
    }
}
