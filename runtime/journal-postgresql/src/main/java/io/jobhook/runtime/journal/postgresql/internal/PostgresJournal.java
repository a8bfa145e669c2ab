package io.jobhook.runtime.journal.postgresql.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.journal.metrics.CommitMetrics;
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
 * The journal on a PostgreSQL database that several runtimes ("nodes") share. An append is committed with
 * {@code synchronous_commit = on} before it returns; concurrent callers' appends are written by one thread, several
 * to a transaction ({@link BatchWriter}), so that one commit serves them all. A PENDING delivery is held by one node — the one that
 * accepted or claimed it — under a lease that node renews while it lives; a node that stops renewing loses its
 * deliveries to the next node that {@linkplain #claimAbandoned claims} them, and an attempt it records afterwards
 * is refused (fenced), not written over the new holder's. Idempotency keys are unique across nodes.
 * <p>
 * Plain Java over a {@link DataSource}: tests build it on a throwaway cluster; the component gives it a pool.
 */
public final class PostgresJournal implements Journal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresJournal.class);

    /** The longest {@code detail} stored; longer ones are cut. */
    static final int MAX_DETAIL = 4000;
    /** How long a caller waits for its append's commit before it is told the journal is unavailable. */
    static final Duration APPEND_TIMEOUT = Duration.ofSeconds(10);
    /** How many finished completions one purge statement removes. */
    static final int PURGE_CHUNK = 1000;
    /** PostgreSQL's SQLSTATE for a unique violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final String where;
    private final PostgresJournalSettings settings;
    private final Clock clock;
    /** An append handed to the committer, and the answer its caller waits for. */
    record Append(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency, List<String> handlers,
            java.util.concurrent.CompletableFuture<Acceptance> answer) {
    }

    /** An attempt's end handed over, and the stage its caller holds. */
    record Outcome(Attempt attempt, DeliveryState newState, java.util.concurrent.CompletableFuture<Void> written) {
    }

    /** The most appends, and attempts, in one transaction. */
    static final int MAX_BATCH = 256;
    /** The most appends waiting; one more is refused at once. */
    static final int APPENDS_WAITING = 10_000;

    private final BatchWriter<Outcome> attempts;
    private final ScheduledExecutorService keeper;
    private final Leadership leadership;
    private final BatchWriter<Append> appends;
    /** The job types this node's handlers take, as last said ({@link #hostHandlers}); null until said. */
    private volatile Map<String, Set<UUID>> routes;
    private volatile boolean routesWritten;
    private volatile boolean closed;
    /** Set by tests: this node stops renewing, as one in a long pause or cut off from the database would. */
    private volatile boolean paused;
    /** Why the journal cannot be used yet (the database cannot be reached, or has a newer schema); null once open. */
    private volatile String problem = "not yet connected";

    /**
     * Connects, migrates the schema and starts renewing this node's leases. A database that cannot be reached, or
     * was written by a newer schema, is one ERROR line; the journal then refuses appends as unavailable (the
     * ingress answers 503), says why in {@link #writeProblem()}, and tries again every third of a lease.
     *
     * @param where how the database is named in messages (its URL without credentials)
     */
    public PostgresJournal(DataSource dataSource, String where, PostgresJournalSettings settings, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.where = where;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        connect();
        this.leadership = new Leadership(dataSource);
        this.appends = new BatchWriter<>("jobhook-journal-committer", MAX_BATCH, APPENDS_WAITING, this::writeAppends,
                (a, why) -> a.answer().completeExceptionally(why));
        this.attempts = new BatchWriter<>("jobhook-journal-outcomes", MAX_BATCH, Integer.MAX_VALUE, this::writeAttempts,
                (o, why) -> o.written().completeExceptionally(why));
        this.keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jobhook-journal-leases");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, settings.lease().toMillis() / 3);
        keeper.scheduleWithFixedDelay(this::keepLeases, every, every, TimeUnit.MILLISECONDS);
    }

    /** Migrates the schema and records this node; on failure keeps the reason in {@link #problem}. */
    private void connect() {
        String was = problem;
        try (Connection c = dataSource.getConnection()) {
            PostgresSchema.migrate(c, where);
            c.setAutoCommit(false);
            PostgresWrites.heartbeat(c, settings.nodeId());
            c.commit();
            problem = null;
            if (!"not yet connected".equals(was)) {
                LOG.info("Journal at {} reached: open again as node {}", where, settings.nodeId());
            }
        } catch (SQLException | RuntimeException e) {
            String now = "the journal at " + where + " cannot be opened: " + e.getMessage();
            if (!now.equals(was)) {
                LOG.error("Journal not ready: {}", now);
            }
            problem = now;
        }
    }

    /** @return whether the database was reached and its schema is this bundle's */
    public boolean ready() {
        return problem == null;
    }

    /** @return this node's name in the journal */
    public String nodeId() {
        return settings.nodeId();
    }

    // ------------------------------------------------------------------ appends and matches

    @Override
    public Acceptance appendMatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
            Collection<String> handlers) throws JournalUnavailableException {
        Objects.requireNonNull(handlers, "handlers");
        return append(context, idempotency, handlers);
    }

    /**
     * Records a completion without matching it (what {@code unmatched} then finds): the journal's own means, for
     * tests of recovery.
     */
    Acceptance append(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException {
        return append(context, idempotency, null);
    }

    private Acceptance append(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
            Collection<String> handlers) throws JournalUnavailableException {
        Objects.requireNonNull(context, "context");
        List<String> identities = handlers == null ? null : identities(handlers);
        if (closed) {
            throw new JournalUnavailableException("The journal is closed", settings.retryAfter(), null);
        }
        String notReady = problem;
        if (notReady != null) {
            throw new JournalUnavailableException(notReady, settings.retryAfter(), null);
        }
        java.util.concurrent.CompletableFuture<Acceptance> answer = new java.util.concurrent.CompletableFuture<>();
        if (!appends.offer(new Append(context, idempotency, identities, answer))) {
            throw new JournalUnavailableException(closed || appends.isClosed() ? "The journal is closed"
                    : "The journal has " + APPENDS_WAITING + " appends waiting: overloaded", settings.retryAfter(), null);
        }
        try {
            return answer.get(APPEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof JournalUnavailableException u) {
                throw u;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new JournalUnavailableException("The journal could not record completion " + context.eventId() + ": "
                    + e.getCause(), settings.retryAfter(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            // Once taken into a batch it may still be written: a resend is recognised by its event id or key.
            throw new JournalUnavailableException("The journal did not record completion " + context.eventId()
                    + " within " + APPEND_TIMEOUT.toSeconds() + " s", settings.retryAfter(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalUnavailableException("Interrupted while completion " + context.eventId()
                    + " was recorded", settings.retryAfter(), e);
        }
    }

    /**
     * One transaction for a batch of appends. What the batch cannot settle (a key another node took meanwhile) or a
     * batch that fails as a whole is written again one append at a time, so that one bad append fails only itself.
     */
    private void writeAppends(List<Append> batch) {
        if (batch.size() > 1) {
            List<Runnable> answers = new ArrayList<>();
            List<Append> again = new ArrayList<>();
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    Instant now = clock.instant();
                    for (Append p : batch) {
                        Acceptance a = PostgresWrites.append(c, p.context(), p.idempotency(), p.handlers(), now,
                                settings);
                        if (a == null) {
                            again.add(p);
                        } else {
                            answers.add(() -> p.answer().complete(a));
                        }
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
                answers.forEach(Runnable::run);
                again.forEach(this::writeOne);
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.debug("Journal: a batch of {} appends failed ({}); writing them one at a time", batch.size(),
                        e.toString());
            }
        }
        batch.forEach(this::writeOne);
    }

    /** One append in its own transaction; a key inserted by another node meanwhile is read again. */
    private void writeOne(Append p) {
        for (int round = 0;; round++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    Acceptance a = PostgresWrites.append(c, p.context(), p.idempotency(), p.handlers(), clock.instant(),
                            settings);
                    if (a == null && round < 3) {
                        c.rollback();
                        continue;
                    }
                    if (a == null) {
                        throw new SQLException("idempotency key " + p.idempotency().key() + " kept changing hands");
                    }
                    c.commit();
                    p.answer().complete(a);
                    return;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                p.answer().completeExceptionally(new JournalUnavailableException("The journal at " + where
                        + " could not record completion " + p.context().eventId() + ": " + e.getMessage(),
                        settings.retryAfter(), e));
                return;
            } catch (RuntimeException e) {
                p.answer().completeExceptionally(e);
                return;
            }
        }
    }

    private static List<String> identities(Collection<String> handlers) {
        List<String> list = new ArrayList<>(new LinkedHashSet<>(handlers));
        list.forEach(h -> Objects.requireNonNull(h, "a handler identity"));
        return list;
    }

    @Override
    public void recordMatches(UUID eventId, Collection<String> handlers) {
        Objects.requireNonNull(eventId, "eventId");
        List<String> identities = identities(Objects.requireNonNull(handlers, "handlers"));
        inTransaction("record the matches of " + eventId, c -> {
            PostgresWrites.match(c, eventId, identities, settings);
            return null;
        });
    }

    // ------------------------------------------------------------------ attempts

    @Override
    public CompletionStage<Void> recordAttemptLater(Attempt attempt, DeliveryState newState) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(newState, "newState");
        Outcome o = new Outcome(attempt, newState, new java.util.concurrent.CompletableFuture<>());
        if (!attempts.offer(o)) {
            o.written().completeExceptionally(new IllegalStateException("The journal is closed: attempt "
                    + attempt.number() + " of event " + attempt.eventId() + " is not recorded"));
        }
        return o.written();
    }

    /** One transaction; each attempt under a savepoint, so that one refused attempt fails only its own stage. */
    private void writeAttempts(List<Outcome> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<Runnable> outcomes = new ArrayList<>();
            try {
                for (Outcome p : batch) {
                    Savepoint before = c.setSavepoint();
                    RuntimeException refused;
                    try {
                        refused = PostgresWrites.attempt(c, p.attempt(), p.newState(), settings.nodeId());
                    } catch (SQLException e) {
                        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                            throw e;
                        }
                        refused = new IllegalArgumentException("Attempt " + p.attempt().number() + " of completion "
                                + p.attempt().eventId() + " for " + p.attempt().handler() + " is already journaled", e);
                    }
                    if (refused == null) {
                        c.releaseSavepoint(before);
                        outcomes.add(() -> p.written().complete(null));
                    } else {
                        c.rollback(before);
                        RuntimeException why = refused;
                        outcomes.add(() -> p.written().completeExceptionally(why));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            outcomes.forEach(Runnable::run);
        }
    }

    // ------------------------------------------------------------------ the cluster

    @Override
    public List<Delivery> claimAbandoned(Collection<String> handlers, int limit) {
        requirePositive(limit);
        if (handlers.isEmpty()) {
            return List.of();
        }
        return inTransaction("claim abandoned deliveries",
                c -> PostgresWrites.claim(c, List.copyOf(handlers), limit, settings));
    }

    @Override
    public void hostHandlers(Map<String, ? extends Collection<UUID>> jobTypesByHandler) {
        Map<String, Set<UUID>> copy = new TreeMap<>();
        jobTypesByHandler.forEach((h, ids) -> copy.put(h, new TreeSet<>(ids)));
        if (!copy.equals(routes)) {
            routes = copy;
            routesWritten = false;
            keeper.execute(this::writeRoutes);
        }
    }

    /** Renews this node's heartbeat and the leases of what it holds; writes its routes if they changed. */
    private void keepLeases() {
        if (paused) {
            return;
        }
        if (problem != null) {
            connect();
            if (problem != null) {
                return;
            }
        }
        try {
            heartbeat();
            int renewed = inTransaction("renew leases", c -> PostgresWrites.renew(c, settings));
            LOG.trace("Journal: {} leases of node {} renewed", renewed, settings.nodeId());
            if (!routesWritten) {
                writeRoutes();
            }
        } catch (RuntimeException e) {
            LOG.warn("Journal: node {} could not renew its leases at {}: {}", settings.nodeId(), where, e.getMessage());
        }
    }

    private void heartbeat() {
        inTransaction("record this node's heartbeat", c -> {
            PostgresWrites.heartbeat(c, settings.nodeId());
            return null;
        });
    }

    private void writeRoutes() {
        Map<String, Set<UUID>> current = routes;
        if (current == null || closed) {
            return;
        }
        try {
            inTransaction("record this node's handlers", c -> {
                PostgresWrites.routes(c, settings.nodeId(), current);
                return null;
            });
            routesWritten = current == routes;
        } catch (RuntimeException e) {
            LOG.warn("Journal: node {} could not record its handlers: {}", settings.nodeId(), e.getMessage());
        }
    }

    /** Stops renewing this node's heartbeat and leases while it goes on working: a node paused, for tests. */
    void pauseLeases() {
        paused = true;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<JournaledCompletion> completion(UUID eventId) {
        return read("read completion " + eventId, c -> PostgresReads.completion(c, eventId));
    }

    @Override
    public List<JournaledCompletion> unmatched(int limit) {
        requirePositive(limit);
        return read("read unmatched completions", c -> PostgresReads.unmatched(c, limit));
    }

    /** The PENDING deliveries this node holds; others' are theirs until their leases lapse. */
    @Override
    public List<Delivery> pendingDeliveries(int limit) {
        requirePositive(limit);
        return read("read pending deliveries", c -> PostgresReads.pendingHeldBy(c, settings.nodeId(), limit));
    }

    @Override
    public List<Delivery> deliveries(UUID eventId) {
        return read("read the deliveries of " + eventId, c -> PostgresReads.deliveries(c, eventId));
    }

    @Override
    public List<Attempt> attempts(UUID eventId) {
        return read("read the attempts of " + eventId, c -> PostgresReads.attempts(c, eventId));
    }

    @Override
    public List<JournaledCompletion> recent(EventQuery query) {
        Objects.requireNonNull(query, "query");
        return read("read recent completions", c -> PostgresReads.recent(c, query));
    }

    @Override
    public List<Delivery> deadLetters(String handler, int limit) {
        requirePositive(limit);
        return read("read dead letters", c -> PostgresReads.deadLetters(c, handler, limit));
    }

    @Override
    public Optional<Delivery> reopen(UUID eventId, String handler) {
        attempts.awaitWritten();
        return inTransaction("reopen " + eventId + " for " + handler,
                c -> PostgresWrites.reopen(c, eventId, handler, settings));
    }

    @Override
    public Optional<String> checkpoint(String name) {
        return read("read checkpoint " + name, c -> PostgresReads.checkpoint(c, name));
    }

    @Override
    public void saveCheckpoint(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        inTransaction("save checkpoint " + name, c -> {
            PostgresWrites.checkpoint(c, name, value, clock.instant());
            return null;
        });
    }

    @Override
    public List<io.jobhook.runtime.spi.JournalNode> nodes() {
        return inTransaction("read the runtimes sharing the journal",
                c -> PostgresReads.nodes(c, settings.nodeId(), settings.lease()));
    }

    /** One node at a time holds each name, on a session advisory lock; refused while the journal is not ready. */
    @Override
    public boolean lead(String name) {
        Objects.requireNonNull(name, "name");
        if (closed || problem != null) {
            return false;
        }
        return leadership.lead(name);
    }

    /**
     * Whether this node can write: the database answers, and is not a read-only standby. Writes nothing.
     */
    @Override
    public Optional<String> writeProblem() {
        if (closed) {
            return Optional.of("the journal is closed");
        }
        String notReady = problem;
        if (notReady != null) {
            return Optional.of(notReady);
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(5);
            try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                return rs.getBoolean(1) ? Optional.of("the database at " + where + " is a read-only standby")
                        : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.of("the database at " + where + " cannot be reached: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ retention

    /** Removes completions accepted before {@code cutoff} whose deliveries are all finished, in chunks. */
    public int purge(Instant cutoff) {
        int total = 0;
        while (true) {
            int removed = inTransaction("purge finished completions", c -> PostgresWrites.purge(c, cutoff, PURGE_CHUNK));
            total += removed;
            if (removed < PURGE_CHUNK) {
                return total;
            }
        }
    }

    // ------------------------------------------------------------------ plumbing

    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** A read begun after attempts were handed over sees them. */
    private <T> T read(String what, SqlWork<T> work) {
        attempts.awaitWritten();
        return inTransaction(what, work);
    }

    private <T> T inTransaction(String what, SqlWork<T> work) {
        if (closed) {
            throw new IllegalStateException("The journal is closed: cannot " + what);
        }
        String notReady = problem;
        if (notReady != null) {
            throw new IllegalStateException("Cannot " + what + ": " + notReady);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The journal at " + where + " could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
    }

    /** Writes the attempts already handed over, stops renewing leases (they lapse for other nodes to claim). */
    /** Reports every batch of both writers, from now on, to {@code metrics}. */
    void observe(CommitMetrics metrics) {
        appends.observe(metrics.writer(CommitMetrics.APPENDS, appends::waiting));
        attempts.observe(metrics.writer(CommitMetrics.ATTEMPTS, attempts::waiting));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        appends.close();
        attempts.close();
        keeper.shutdownNow();
        leadership.close();
        closed = true;
    }

    @Override
    public String toString() {
        return "PostgresJournal[" + where + ", node " + settings.nodeId() + "]";
    }
}
