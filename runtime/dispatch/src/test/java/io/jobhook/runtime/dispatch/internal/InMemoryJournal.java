package io.jobhook.runtime.dispatch.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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

/** The journal's contract in memory, for the dispatcher's tests. */
final class InMemoryJournal implements Journal {

    private final Clock clock;
    private final Map<UUID, JournaledCompletion> completions = new LinkedHashMap<>();
    private final Map<String, UUID> keys = new HashMap<>();
    private final Map<String, String> hashes = new HashMap<>();
    private final Map<UUID, Map<String, Delivery>> deliveries = new LinkedHashMap<>();
    private final List<Attempt> attempts = new ArrayList<>();
    volatile boolean unavailable;

    InMemoryJournal(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Acceptance append(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException {
        if (unavailable) {
            throw new JournalUnavailableException("closed", java.time.Duration.ofSeconds(1), null);
        }
        if (idempotency != null && keys.containsKey(idempotency.key())) {
            UUID first = keys.get(idempotency.key());
            return new Acceptance(first, hashes.get(idempotency.key()).equals(idempotency.requestHash())
                    ? Acceptance.Status.DUPLICATE : Acceptance.Status.CONFLICT);
        }
        if (idempotency != null) {
            keys.put(idempotency.key(), context.eventId());
            hashes.put(idempotency.key(), idempotency.requestHash());
        }
        completions.put(context.eventId(), new JournaledCompletion(context, clock.instant(), false));
        return new Acceptance(context.eventId(), Acceptance.Status.ACCEPTED);
    }

    @Override
    public synchronized void recordMatches(UUID eventId, Collection<String> handlers) {
        Map<String, Delivery> d = deliveries.computeIfAbsent(eventId, e -> new LinkedHashMap<>());
        handlers.forEach(h -> d.putIfAbsent(h, new Delivery(eventId, h, DeliveryState.PENDING, 0)));
        JournaledCompletion c = completions.get(eventId);
        completions.put(eventId, new JournaledCompletion(c.context(), c.acceptedAt(), true));
    }

    @Override
    public synchronized void recordAttempt(Attempt attempt, DeliveryState newState) {
        attempts.add(attempt);
        deliveries.computeIfAbsent(attempt.eventId(), e -> new LinkedHashMap<>()).compute(attempt.handler(),
                (h, d) -> new Delivery(attempt.eventId(), h, newState, d == null ? 1 : d.attempts() + 1));
    }

    @Override
    public synchronized Optional<JournaledCompletion> completion(UUID eventId) {
        return Optional.ofNullable(completions.get(eventId));
    }

    @Override
    public synchronized List<JournaledCompletion> unmatched(int limit) {
        return completions.values().stream().filter(c -> !c.matched())
                .sorted(Comparator.comparing(JournaledCompletion::acceptedAt)).limit(limit).toList();
    }

    @Override
    public synchronized List<Delivery> pendingDeliveries(int limit) {
        return deliveries.values().stream().flatMap(m -> m.values().stream())
                .filter(d -> d.state() == DeliveryState.PENDING).limit(limit).toList();
    }

    @Override
    public synchronized List<Delivery> deliveries(UUID eventId) {
        return List.copyOf(deliveries.getOrDefault(eventId, Map.of()).values());
    }

    @Override
    public synchronized List<Attempt> attempts(UUID eventId) {
        return attempts.stream().filter(a -> a.eventId().equals(eventId)).toList();
    }

    synchronized List<Attempt> allAttempts() {
        return List.copyOf(attempts);
    }

    @Override
    public synchronized int purge(Instant cutoff) {
        return 0;
    }

    private final Map<String, String> checkpoints = new HashMap<>();

    @Override
    public synchronized List<JournaledCompletion> recent(EventQuery query) {
        List<JournaledCompletion> all = new ArrayList<>(completions.values());
        java.util.Collections.reverse(all);
        return all.stream().filter(c -> query.jobId() == null || query.jobId().equals(c.context().jobId()))
                .filter(c -> query.state() == null || deliveries(c.context().eventId()).stream()
                        .anyMatch(d -> d.state() == query.state()))
                .limit(query.limit()).toList();
    }

    @Override
    public synchronized List<Delivery> deadLetters(String handler, int limit) {
        return deliveries.values().stream().flatMap(m -> m.values().stream())
                .filter(d -> d.state() == DeliveryState.FAILED && (handler == null || handler.equals(d.handler())))
                .limit(limit).toList();
    }

    @Override
    public synchronized Optional<Delivery> reopen(UUID eventId, String handler) {
        Delivery d = deliveries.getOrDefault(eventId, Map.of()).get(handler);
        if (d == null || d.state() != DeliveryState.FAILED) {
            return Optional.empty();
        }
        Delivery reopened = new Delivery(eventId, handler, DeliveryState.PENDING, d.attempts());
        deliveries.get(eventId).put(handler, reopened);
        return Optional.of(reopened);
    }

    @Override
    public synchronized Optional<String> checkpoint(String name) {
        return Optional.ofNullable(checkpoints.get(name));
    }

    @Override
    public synchronized void saveCheckpoint(String name, String value) {
        checkpoints.put(name, value);
    }
}
