package io.jobhook.runtime.dispatch.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.JobKind;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryControl;
import io.jobhook.runtime.spi.DeliveryJournal;
import io.jobhook.runtime.spi.DeliveryPolicy;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.HandlerStatus;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.runtime.spi.JournaledCompletion;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Journals each completion, matches it to handler identities by job-type GUID, records the matches, and
 * hands each delivery to its handler's {@link Bulkhead}. Resumes what a crash left unmatched or
 * undelivered, and offers again what a full queue turned away. Thread-safe.
 */
final class Dispatcher implements CompletionIntake, DeliveryControl, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** How many journal rows one resume or sweep reads. */
    static final int SWEEP_LIMIT = 10_000;
    /** Beyond a handler's timeout, how long a departing handler's in-flight attempts are awaited. */
    static final Duration DETACH_GRACE = Duration.ofSeconds(5);

    private final DeliveryJournal journal;
    private final Supplier<CommandApi> client;
    private final ScheduledExecutorService scheduler;
    /** Held while store types are resolved (see {@link #resolveStoreTypes}). */
    private final Object resolving = new Object();
    /** Store types Command was found not to have, each reported once until it has them. */
    private final Set<String> missingStoreTypes = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private volatile DeliveryPolicy defaults;
    private volatile HandlerIndex index = HandlerIndex.EMPTY;
    private final Map<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();
    /** The statistics of a handler with no bulkhead yet. */
    private static final Bulkhead.Statistics NO_STATISTICS = new Bulkhead.Statistics(0, 0, 0, 0, 0, 0, 0, null);
    private final Deadlines deadlines;
    /** The last registration of every identity ever seen, for operators' status of handlers now away. */
    private final Map<String, HandlerRegistration> lastSeen = new ConcurrentHashMap<>();
    private final DispatchMetrics metrics;

    Dispatcher(DeliveryJournal journal, Supplier<CommandApi> client, ScheduledExecutorService scheduler, Clock clock,
            DeliveryPolicy defaults) {
        this(journal, client, scheduler, clock, defaults, new PrometheusRegistry());
    }

    /** @param metrics where its series are registered (the process's registry; a test's own) */
    Dispatcher(DeliveryJournal journal, Supplier<CommandApi> client, ScheduledExecutorService scheduler, Clock clock,
            DeliveryPolicy defaults, PrometheusRegistry metrics) {
        this.metrics = new DispatchMetrics(metrics, this::statistics);
        this.journal = journal;
        this.client = client;
        this.scheduler = scheduler;
        this.clock = clock;
        this.defaults = defaults;
        this.deadlines = new Deadlines(scheduler);
    }

    DeliveryPolicy defaults() {
        return defaults;
    }

    @Override
    public Acceptance accept(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException {
        OrchestratorJobCompleteHandlerContext stored = context.hasClient() ? context.toBuilder().client(null).build()
                : context;
        // Matched before it is journaled, so that the completion and its deliveries are one durable write.
        List<String> identities = index.identitiesFor(stored.jobTypeId());
        Acceptance acceptance = journal.appendMatched(stored, idempotency, identities);
        if (acceptance.status() == Acceptance.Status.ACCEPTED) {
            queue(stored, identities);
        }
        return acceptance;
    }

    /** Matches a journaled completion to handlers, records the matches, and queues the deliveries. */
    private void route(OrchestratorJobCompleteHandlerContext context) {
        List<String> identities = index.identitiesFor(context.jobTypeId());
        journal.recordMatches(context.eventId(), identities);
        queue(context, identities);
    }

    /** Queues the deliveries of a completion whose matches are journaled. */
    private void queue(OrchestratorJobCompleteHandlerContext context, List<String> identities) {
        if (identities.isEmpty()) {
            LOG.info("No handler for job type {} ({}): event {} of job {} is recorded as unmatched",
                    context.jobTypeId(), context.jobType(), context.eventId(), context.jobId());
            return;
        }
        for (String identity : identities) {
            if (!bulkhead(identity).offer(new Bulkhead.Job(context, 1, false))) {
                LOG.warn("Handler {} has a full queue: event {} waits in the journal", identity, context.eventId());
            }
        }
    }

    /** A handler service came, or changed its properties. */
    void addHandler(HandlerRegistration registration) {
        HandlerRegistration previous;
        synchronized (this) {
            previous = index.registration(registration.identity()).orElse(null);
            index = index.with(registration);
            lastSeen.put(registration.identity(), registration);
        }
        bulkhead(registration.identity()).attach(registration);
        LOG.info("Handler {} {} for job types {} and store types {}", registration.identity(),
                previous == null ? "registered" : "updated", registration.jobTypes(), registration.storeTypes());
        if (!registration.storeTypes().isEmpty()) {
            scheduler.execute(this::resolveStoreTypes);
        }
    }

    /**
     * A handler service went (its bundle is being updated or uninstalled, its configuration changed):
     * returns once its attempts in flight have ended. Its job types stay matched, so what arrives meanwhile
     * waits for its identity to come back (a hot swap loses nothing) until {@link #forgetBundle} says its
     * bundle is gone for good.
     */
    void removeHandler(String identity, long serviceId) {
        Duration patience = index.registration(identity).map(x -> x.settings().timeout()).orElse(Duration.ZERO)
                .plus(DETACH_GRACE);
        Bulkhead b = bulkheads.get(identity);
        if (b != null) {
            b.detach(serviceId, patience);
        }
        LOG.info("Handler {} unregistered; its deliveries wait for it", identity);
    }

    /**
     * A bundle was uninstalled: the handlers it registered, if still away, no longer match anything. What
     * already waits for them stays pending in the journal, for their return.
     */
    void forgetBundle(long bundleId) {
        List<String> forgotten = new ArrayList<>();
        synchronized (this) {
            for (HandlerRegistration r : List.copyOf(index.registrations())) {
                Bulkhead b = bulkheads.get(r.identity());
                if (r.bundleId() == bundleId && (b == null || !b.attached())) {
                    index = index.without(r.identity(), r.serviceId());
                    forgotten.add(r.identity());
                }
            }
        }
        forgotten.forEach(id -> LOG.info("Handler {} uninstalled: its job types are no longer matched", id));
    }

    /**
     * Asks Command for the job-type GUIDs of every store type a handler names and not yet known. One resolution
     * at a time: a handler's registration, a new client and the sweep may all ask at once, and a store type
     * resolved by one of them is neither asked for nor reported again by the next.
     */
    void resolveStoreTypes() {
        synchronized (resolving) {
            CommandApi api = client.get();
            if (api == null) {
                return;
            }
            for (String storeType : index.storeTypes()) {
                if (index.knows(storeType)) {
                    continue;
                }
                try {
                    Optional<CertificateStoreType> type = api.storeTypeByName(storeType);
                    Set<UUID> guids = type.map(t -> Set.copyOf(t.jobTypeIds().values())).orElse(Set.of());
                    synchronized (this) {
                        index = index.withStoreType(storeType, guids);
                    }
                    if (type.isPresent() && !guids.isEmpty()) {
                        missingStoreTypes.remove(storeType);
                        LOG.info("Store type {} resolved: {}", type.get().shortName(), describe(type.get()));
                    } else if (missingStoreTypes.add(storeType)) {
                        LOG.warn("Command at {} has no store type named {}; handlers naming it get none of its jobs",
                                api.baseUri(), storeType);
                    }
                } catch (CommandApiException e) {
                    LOG.warn("Store type {} could not be resolved yet: {}", storeType, e.getMessage());
                }
            }
        }
    }

    private static String describe(CertificateStoreType t) {
        List<String> parts = new ArrayList<>();
        t.jobTypeIds().forEach((JobKind kind, UUID id) -> parts.add(kind.suffix() + "=" + id));
        return String.join(", ", parts);
    }

    /** Command's configuration changed (a new client): store types are asked again. */
    void commandChanged() {
        synchronized (this) {
            for (String storeType : index.storeTypes()) {
                index = index.withStoreType(storeType, Set.of());
            }
        }
        scheduler.execute(this::resolveStoreTypes);
    }

    /**
     * Resumes after a start: matches completions a crash left unmatched, and queues deliveries still
     * pending (each checked against the journal before it runs).
     */
    void resume() {
        List<JournaledCompletion> unmatched = journal.unmatched(SWEEP_LIMIT);
        unmatched.forEach(c -> route(c.context()));
        int pending = offerPending(null, true);
        if (!unmatched.isEmpty() || pending > 0) {
            LOG.info("Resumed {} unmatched completion(s) and {} pending deliveries from the journal", unmatched.size(),
                    pending);
        }
    }

    /**
     * Offers again what full queues turned away, once they have drained; resolves store types still unknown; and,
     * on a journal shared by several runtimes, says which job types this runtime's handlers take and takes over
     * the deliveries no live runtime holds.
     */
    void sweep() {
        for (Bulkhead b : bulkheads.values()) {
            if (b.attached() && b.depth() == 0 && b.takeBacklog()) {
                offerPending(b.identity(), false);
            }
        }
        if (index.storeTypes().stream().anyMatch(s -> !index.knows(s))) {
            resolveStoreTypes();
        }
        HandlerIndex current = index;
        Map<String, List<UUID>> routes = new java.util.TreeMap<>();
        current.registrations().forEach(r -> routes.put(r.identity(), current.guidsOf(r)));
        journal.hostHandlers(routes);
        takeOverAbandoned(routes.keySet());
    }

    /**
     * Queues the deliveries the journal hands this runtime because no live runtime holds them (another died, or
     * only this one hosts their handler). Their next attempt continues the numbering of those recorded.
     */
    private void takeOverAbandoned(Set<String> hosted) {
        if (hosted.isEmpty()) {
            return;
        }
        int taken = 0;
        for (Delivery d : journal.claimAbandoned(hosted, SWEEP_LIMIT)) {
            Optional<JournaledCompletion> c = journal.completion(d.eventId());
            taken++;
            if (c.isPresent() && !bulkhead(d.handler()).offer(new Bulkhead.Job(c.get().context(), d.attempts() + 1,
                    true))) {
                LOG.warn("Handler {} has a full queue: event {}, taken over, waits in the journal", d.handler(),
                        d.eventId());
            }
        }
        if (taken > 0) {
            LOG.info("Took over {} deliveries that no live runtime held", taken);
        }
    }

    /**
     * @param onlyFor the handler identity whose backlog to offer, or null for all
     * @param afterRestart whether an attempt may have been running when the process died, its outcome
     *        unrecorded: the next attempt's number then counts it, so the handler sees a redelivery
     */
    private int offerPending(String onlyFor, boolean afterRestart) {
        int offered = 0;
        for (Delivery d : journal.pendingDeliveries(SWEEP_LIMIT)) {
            if (onlyFor != null && !onlyFor.equals(d.handler())) {
                continue;
            }
            Optional<JournaledCompletion> c = journal.completion(d.eventId());
            int attempt = d.attempts() + (afterRestart ? 2 : 1);
            if (c.isPresent() && bulkhead(d.handler()).offer(new Bulkhead.Job(c.get().context(), attempt, true))) {
                offered++;
            }
        }
        return offered;
    }

    private Bulkhead bulkhead(String identity) {
        return bulkheads.computeIfAbsent(identity, id -> new Bulkhead(id, deadlines, new Bulkhead.Port() {
            @Override
            public OrchestratorJobCompleteHandlerContext prepare(Bulkhead.Job job) {
                return Dispatcher.this.prepare(job);
            }

            @Override
            public boolean stillPending(Bulkhead.Job job) {
                return Dispatcher.this.stillPending(job);
            }

            @Override
            public void ended(Attempt attempt, DeliveryState state) {
                metrics.ended(attempt);
                recordOutcome(attempt, state);
            }

            @Override
            public void retryLater(Bulkhead.Job next, Duration backoff) {
                scheduler.schedule(() -> retry(id, next), backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
        }, clock));
    }

    /** Hands an ended attempt to the journal without holding the handler's thread while it is written. */
    private void recordOutcome(Attempt attempt, DeliveryState state) {
        journal.recordAttemptLater(attempt, state).whenComplete((written, failure) -> {
            if (failure != null) {
                LOG.error("Could not record attempt {} of event {} for handler {} ({}): {}", attempt.number(),
                        attempt.eventId(), attempt.handler(), state, failure.getMessage());
            }
        });
    }

    private void retry(String identity, Bulkhead.Job next) {
        if (!bulkhead(identity).offer(next)) {
            LOG.warn("Handler {} has a full queue: the retry of event {} waits in the journal", identity, next.eventId());
        }
    }

    private OrchestratorJobCompleteHandlerContext prepare(Bulkhead.Job job) {
        return job.context().toBuilder().deliveryAttempt(job.attempt()).client(client.get()).build();
    }

    private boolean stillPending(Bulkhead.Job job) {
        return journal.deliveries(job.eventId()).stream()
                .anyMatch(d -> d.state() == DeliveryState.PENDING && d.attempts() < job.attempt());
    }

    @Override
    public List<HandlerStatus> handlers() {
        HandlerIndex current = index;
        Map<String, HandlerStatus> status = new java.util.TreeMap<>();
        Map<String, HandlerRegistration> last = new java.util.HashMap<>(lastSeen);
        current.registrations().forEach(r -> last.put(r.identity(), r));
        Set<String> identities = new java.util.TreeSet<>(bulkheads.keySet());
        identities.addAll(last.keySet());
        for (String identity : identities) {
            HandlerRegistration r = last.get(identity);
            Bulkhead b = bulkheads.get(identity);
            boolean matched = current.registration(identity).isPresent();
            List<UUID> guids = matched ? current.guidsOf(r) : List.of();
            List<String> unresolved = r == null ? List.of()
                    : r.storeTypes().stream().filter(s -> !current.knows(s)).toList();
            Bulkhead.Statistics stats = b == null ? NO_STATISTICS : b.statistics();
            status.put(identity, new HandlerStatus(identity, r == null ? null : r.bundle(),
                    r == null ? null : r.version(), b != null && b.attached(), guids,
                    r == null ? List.of() : r.storeTypes(), unresolved, stats.successes(), stats.failures(),
                    stats.timeouts(), stats.queueDepth(), stats.inFlight(), stats.lastError()));
        }
        return List.copyOf(status.values());
    }

    @Override
    public boolean replay(UUID eventId, String handler) {
        Optional<Delivery> reopened = journal.reopen(eventId, handler);
        Optional<JournaledCompletion> completion = journal.completion(eventId);
        if (reopened.isEmpty() || completion.isEmpty()) {
            return false;
        }
        LOG.info("Replaying event {} to handler {} (attempt {})", eventId, handler, reopened.get().attempts() + 1);
        if (!bulkhead(handler).offer(new Bulkhead.Job(completion.get().context(), reopened.get().attempts() + 1, true))) {
            LOG.warn("Handler {} has a full queue: the replay of event {} waits in the journal", handler, eventId);
        }
        return true;
    }

    @Override
    public int replayAll(String handler) {
        int replayed = 0;
        for (Delivery d : journal.deadLetters(handler, SWEEP_LIMIT)) {
            if (replay(d.eventId(), d.handler())) {
                replayed++;
            }
        }
        return replayed;
    }

    /** @return the bulkhead of an identity, if it ever had work or a registration */
    Optional<Bulkhead> bulkheadOf(String identity) {
        return Optional.ofNullable(bulkheads.get(identity));
    }

    HandlerIndex index() {
        return index;
    }

    void setDefaults(DeliveryPolicy defaults) {
        this.defaults = defaults;
    }

    /** @return every bulkhead's statistics now, by handler identity */
    private Map<String, Bulkhead.Statistics> statistics() {
        Map<String, Bulkhead.Statistics> all = new java.util.TreeMap<>();
        bulkheads.forEach((identity, b) -> all.put(identity, b.statistics()));
        return all;
    }

    @Override
    public void close() {
        metrics.close();
        deadlines.close();
        bulkheads.values().forEach(Bulkhead::close);
    }
}
