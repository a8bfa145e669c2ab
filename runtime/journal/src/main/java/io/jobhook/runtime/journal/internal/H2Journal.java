package io.jobhook.runtime.journal.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;
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
import io.jobhook.runtime.spi.JournalBackup;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.runtime.spi.JournaledCompletion;

/**
 * The {@link Journal} on an embedded H2 database, {@code <dataDir>/journal.mv.db}. Plain Java.
 *
 * <p>{@link #append} is group-committed: a {@link GroupCommitter} thread writes every append waiting at
 * that moment in one transaction, then forces the file with {@code CHECKPOINT SYNC} (H2: store the
 * pending changes, then {@code FileChannel.force(true)}), and only then answers the callers. Everything
 * else runs as plain transactions on a second connection — attempts' ends batched the same way by an
 * outcome writer, without making the handlers' threads wait ({@link #recordAttemptLater}); with {@code WRITE_DELAY 0} each commit is
 * written to the file at once (so a killed process loses nothing committed), but only appends are
 * forced (an operating system crash may lose the last delivery outcomes: the deliveries are then
 * attempted again, which at-least-once allows).
 *
 * <p>The file is locked with the operating system's file lock ({@code FILE_LOCK=FS}), which dies with
 * the process: a journal is never left locked by a killed runtime, and a second process cannot open a
 * journal in use.
 */
public final class H2Journal implements Journal, JournalBackup, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Journal.class);

    /** The database's name in the data directory: H2 adds {@code .mv.db}. */
    static final String DATABASE_NAME = "journal";
    private static final String USER = "jobhook";
    private static final int LOCK_TIMEOUT_MILLIS = 10_000;
    private static final int PURGE_CHUNK = 500;

    /** Called by the committer thread at points of a batch; tests pause or break batches with it. */
    interface BatchHook {
        BatchHook NONE = new BatchHook() {
        };

        /** Before a batch of {@code size} appends is written. */
        default void beforeBatch(int size) throws SQLException {
        }

        /** After the batch's transaction committed, before it is forced to disk. */
        default void beforeSync() throws SQLException {
        }
    }

    /** One append waiting for the committer. */
    /** @param handlers the matches to record with it, or null to leave it unmatched */
    record Append(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
            List<String> handlers) {
    }

    /** One attempt's end waiting for the outcome writer. */
    private record Outcome(Attempt attempt, DeliveryState state) {
    }

    private final Path dataDir;
    private final Clock clock;
    private final JournalSettings settings;
    private final BatchHook hook;
    private final Connection writer;
    private final Connection ops;
    private final ReentrantLock opsLock = new ReentrantLock();
    private final GroupCommitter<Append, Acceptance> committer;
    private final GroupCommitter<Outcome, Void> outcomes;
    /** The attempt handed to the outcome writer last: once it is written, so is every one before it. */
    private volatile CompletableFuture<Void> lastOutcome;
    private volatile boolean closed;
    /** Why the last group commit of appends failed; null once one succeeds. */
    private volatile String lastWriteFailure;

    /**
     * Opens (creating or migrating) the journal in {@code dataDir} with {@link JournalSettings#DEFAULTS}.
     *
     * @throws IllegalStateException when it cannot be opened: in use by another process, unreadable,
     *         or written by a newer Jobhook
     */
    public H2Journal(Path dataDir, Clock clock) {
        this(dataDir, clock, JournalSettings.DEFAULTS);
    }

    /**
     * Opens (creating or migrating) the journal in {@code dataDir}.
     *
     * @throws IllegalStateException when it cannot be opened: in use by another process, unreadable,
     *         or written by a newer Jobhook
     */
    public H2Journal(Path dataDir, Clock clock, JournalSettings settings) {
        this(dataDir, clock, settings, BatchHook.NONE);
    }

    H2Journal(Path dataDir, Clock clock, JournalSettings settings, BatchHook hook) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hook = Objects.requireNonNull(hook, "hook");
        String path = this.dataDir.toString();
        if (path.indexOf(';') >= 0) {
            throw new IllegalArgumentException("The journal's data directory must not contain ';': " + path);
        }
        boolean created = !Files.exists(this.dataDir.resolve(DATABASE_NAME + ".mv.db"));
        try {
            Files.createDirectories(this.dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the journal's data directory " + path + ": " + e, e);
        }
        JdbcDataSource source = new JdbcDataSource();
        // FILE_LOCK=FS: the OS file lock, released when the process dies (no .lock.db left behind).
        // DB_CLOSE_ON_EXIT=FALSE: the runtime closes the journal itself, after the components using it.
        source.setURL("jdbc:h2:file:" + this.dataDir.resolve(DATABASE_NAME) + ";FILE_LOCK=FS;DB_CLOSE_ON_EXIT=FALSE");
        source.setUser(USER);
        source.setPassword("");
        Connection w = null;
        Connection o = null;
        try {
            w = open(source, path);
            try (Statement st = w.createStatement()) {
                // Every commit is written to the file at once; appends are forced too (CHECKPOINT SYNC).
                st.execute("SET WRITE_DELAY 0");
            }
            int found = Schema.migrate(w, path);
            w.setAutoCommit(false);
            o = open(source, path);
            o.setAutoCommit(false);
            try (Statement st = w.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
            if (created) {
                forceDirectory(this.dataDir);
            }
            LOG.debug("Journal opened at {} (schema version {} → {})", path, found, Schema.LATEST);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(o);
            closeQuietly(w);
            if (e instanceof IllegalStateException) {
                throw (IllegalStateException) e;
            }
            throw new IllegalStateException("Cannot open the journal at " + path + ": " + e.getMessage(), e);
        }
        this.writer = w;
        this.ops = o;
        this.committer = new GroupCommitter<>("jobhook-journal-committer", settings, this::writeBatch);
        this.outcomes = new GroupCommitter<>("jobhook-journal-outcomes", settings, this::writeOutcomes);
    }

    private static Connection open(JdbcDataSource source, String path) throws SQLException {
        try {
            Connection c = source.getConnection();
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCK_TIMEOUT " + LOCK_TIMEOUT_MILLIS);
            }
            return c;
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new IllegalStateException("Cannot open the journal at " + path
                        + ": it is in use by another process (its file is locked)", e);
            }
            throw e;
        }
    }

    /** Makes the new database file's directory entry durable too (best effort: not every OS allows it). */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not force the directory {}: {}", dir, e.toString());
        }
    }

    /** @return the directory holding the journal */
    public Path dataDir() {
        return dataDir;
    }

    // ---------------------------------------------------------------- append (group commit)

    /**
     * Records a completion without matching it, forced to disk before this returns (concurrent callers share one
     * flush): what a crash between append and match leaves, which {@code unmatched} then finds. The journal's own
     * and its tests'; the dispatcher appends matched.
     *
     * @return ACCEPTED with the context's event id; or DUPLICATE or CONFLICT with the first acceptance's
     * @throws JournalUnavailableException when it could not be made durable; nothing was recorded
     */
    public Acceptance append(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException {
        return submit(new Append(Objects.requireNonNull(context, "context"), idempotency, null));
    }

    /** The completion and its deliveries are written in the same group-committed transaction. */
    @Override
    public Acceptance appendMatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
            Collection<String> handlers) throws JournalUnavailableException {
        List<String> identities = new ArrayList<>(new LinkedHashSet<>(Objects.requireNonNull(handlers, "handlers")));
        identities.forEach(h -> Objects.requireNonNull(h, "a handler identity"));
        return submit(new Append(Objects.requireNonNull(context, "context"), idempotency, identities));
    }

    private Acceptance submit(Append append) throws JournalUnavailableException {
        if (closed) {
            throw new JournalUnavailableException("The journal at " + dataDir + " is closed", settings.retryAfter(),
                    null);
        }
        return committer.submit(append, settings.appendTimeout());
    }

    /** Answers from state kept by the writers and the directory's permissions: writes nothing. */
    @Override
    public Optional<String> writeProblem() {
        if (closed) {
            return Optional.of("The journal at " + dataDir + " is closed");
        }
        String failure = lastWriteFailure;
        if (failure != null) {
            return Optional.of("The journal's last write at " + dataDir + " failed: " + failure);
        }
        if (!Files.isWritable(dataDir)) {
            return Optional.of("The journal's directory " + dataDir + " is not writable");
        }
        return Optional.empty();
    }

    /** @return how many batches were forced to disk (one sync each) */
    long syncs() {
        return committer.batches();
    }

    /** @return how many appends those batches held */
    long appendsWritten() {
        return committer.items();
    }

    /** @return appends waiting for the committer */
    int queued() {
        return committer.queued();
    }

    /** The committer's work, remembering whether it could write: {@link #writeProblem()} reads that. */
    private void writeBatch(List<GroupCommitter.Pending<Append, Acceptance>> batch) throws SQLException {
        try {
            writeBatchOnce(batch);
        } catch (SQLException | RuntimeException e) {
            lastWriteFailure = String.valueOf(e.getMessage());
            throw e;
        }
    }

    /** One transaction for the batch, one sync, then every caller's answer. */
    private void writeBatchOnce(List<GroupCommitter.Pending<Append, Acceptance>> batch) throws SQLException {
        hook.beforeBatch(batch.size());
        Instant now = clock.instant();
        Acceptance[] results = new Acceptance[batch.size()];
        SQLException[] failures = new SQLException[batch.size()];
        List<UUID> inserted = new ArrayList<>();
        try {
            for (int i = 0; i < batch.size(); i++) {
                Append a = batch.get(i).item();
                Savepoint savepoint = writer.setSavepoint();
                try {
                    results[i] = JournalWrites.appendOne(writer, a, now, inserted);
                } catch (SQLException e) {
                    writer.rollback(savepoint);
                    failures[i] = e;
                    LOG.warn("Journal: completion {} could not be recorded: {}", a.context().eventId(), e.getMessage());
                }
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(writer);
            throw e;
        }
        try {
            hook.beforeSync();
            try (Statement st = writer.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
        } catch (SQLException | RuntimeException e) {
            // Committed but not forced: take the rows back, so that "refused" stays "not recorded".
            unrecord(inserted);
            throw e;
        }
        lastWriteFailure = null; // forced: before any caller hears so, a health check sees the journal writable
        for (int i = 0; i < batch.size(); i++) {
            if (failures[i] != null) {
                batch.get(i).fail(new JournalUnavailableException("The journal could not record completion "
                        + batch.get(i).item().context().eventId() + ": " + failures[i].getMessage(),
                        settings.retryAfter(), failures[i]));
            } else {
                batch.get(i).complete(results[i]);
            }
        }
    }

    private void unrecord(List<UUID> eventIds) {
        try (PreparedStatement deliveries = writer.prepareStatement("DELETE FROM delivery WHERE event_id = ?");
                PreparedStatement ps = writer.prepareStatement("DELETE FROM completion WHERE event_id = ?")) {
            for (UUID id : eventIds) {
                deliveries.setObject(1, id);
                deliveries.executeUpdate();
                ps.setObject(1, id);
                ps.executeUpdate();
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(writer);
            LOG.error("Journal: {} completions were committed but could not be forced to disk nor taken back;"
                    + " they may be delivered after a restart although their callers were refused", eventIds.size(), e);
        }
    }

    // ---------------------------------------------------------------- plain transactions

    @Override
    public void recordMatches(UUID eventId, Collection<String> handlers) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(handlers, "handlers");
        inTransaction("record the matches of completion " + eventId, c -> {
            JournalWrites.writeMatches(c, eventId, handlers);
            return null;
        });
    }



    /** Records the attempt and waits until it is written (batched with the attempts of other threads). */
    public void recordAttempt(Attempt attempt, DeliveryState newState) {
        CompletableFuture<Void> written = recordAttemptLater(attempt, newState).toCompletableFuture();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    written.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException) {
                        throw (RuntimeException) cause;
                    }
                    throw new IllegalStateException(cause.getMessage(), cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Hands the attempt to the outcome writer, a thread that writes the attempts waiting at that moment in
     * one transaction on the operations connection (not forced, as every plain transaction). Every read
     * begun after this returned waits for it first, so the journal reads as if it were written here.
     *
     * <p>The returned stage fails when the journal is closed or its queue stayed full for the append
     * timeout (the handler's thread was slowed that long first), or when the attempt cannot be recorded.
     */
    @Override
    public CompletionStage<Void> recordAttemptLater(Attempt attempt, DeliveryState newState) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(newState, "newState");
        String what = "Cannot record attempt " + attempt.number() + " of completion " + attempt.eventId() + " for "
                + attempt.handler();
        if (closed) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException(what + ": the journal at " + dataDir + " is closed"));
        }
        try {
            CompletableFuture<Void> written = outcomes.submitLater(new Outcome(attempt, newState),
                    settings.appendTimeout());
            lastOutcome = written;
            return written;
        } catch (JournalUnavailableException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(what + ": " + e.getMessage(), e));
        }
    }

    /**
     * Waits until the attempts handed in so far are written, so that a read sees them.
     *
     * @return whether the caller was interrupted while waiting (its flag is left clear for H2's sake)
     */
    private boolean awaitOutcomes() {
        CompletableFuture<Void> last = lastOutcome;
        if (last == null || last.isDone()) {
            return false;
        }
        try {
            last.get(settings.appendTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return true;
        } catch (ExecutionException | TimeoutException e) {
            // its own caller hears of a failure; a slow writer only makes this read older
            LOG.debug("Journal: reading before the attempts handed in were written: {}", e.toString());
        }
        return false;
    }

    /** The outcome writer's work: the batch in one transaction, each attempt failing alone. */
    private void writeOutcomes(List<GroupCommitter.Pending<Outcome, Void>> batch) throws SQLException {
        RuntimeException[] failures = new RuntimeException[batch.size()];
        opsLock.lock();
        try {
            try (PreparedStatement update = ops.prepareStatement("UPDATE delivery SET state = ?,"
                    + " attempts = attempts + 1 WHERE event_id = ? AND handler = ?");
                    PreparedStatement insert = ops.prepareStatement("INSERT INTO attempt (event_id, handler, number,"
                            + " outcome, detail, handler_version, started_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < batch.size(); i++) {
                    Outcome o = batch.get(i).item();
                    Savepoint savepoint = ops.setSavepoint();
                    try {
                        failures[i] = JournalWrites.writeOutcome(update, insert, o.attempt(), o.state());
                    } catch (SQLException e) {
                        failures[i] = new IllegalStateException("Cannot record attempt " + o.attempt().number()
                                + " of completion " + o.attempt().eventId() + " for " + o.attempt().handler()
                                + " in the journal at " + dataDir + ": " + e.getMessage(), e);
                    }
                    if (failures[i] != null) {
                        ops.rollback(savepoint);
                    }
                }
                ops.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(ops);
                throw e;
            }
        } finally {
            opsLock.unlock();
        }
        for (int i = 0; i < batch.size(); i++) {
            if (failures[i] != null) {
                batch.get(i).fail(failures[i]);
            } else {
                batch.get(i).complete(null);
            }
        }
    }

    @Override
    public Optional<JournaledCompletion> completion(UUID eventId) {
        Objects.requireNonNull(eventId, "eventId");
        return inTransaction("read completion " + eventId, c -> JournalReads.completion(c, eventId));
    }

    @Override
    public List<JournaledCompletion> unmatched(int limit) {
        requirePositive(limit);
        return inTransaction("read unmatched completions", c -> JournalReads.unmatched(c, limit));
    }

    @Override
    public List<Delivery> pendingDeliveries(int limit) {
        requirePositive(limit);
        return inTransaction("read pending deliveries", c -> JournalReads.pendingDeliveries(c, limit));
    }

    @Override
    public List<Delivery> deliveries(UUID eventId) {
        Objects.requireNonNull(eventId, "eventId");
        return inTransaction("read the deliveries of completion " + eventId, c -> JournalReads.deliveries(c, eventId));
    }

    @Override
    public List<Attempt> attempts(UUID eventId) {
        Objects.requireNonNull(eventId, "eventId");
        return inTransaction("read the attempts of completion " + eventId, c -> JournalReads.attempts(c, eventId));
    }

    /**
     * Removes, in chunks of a few hundred (each its own transaction), completions accepted before
     * {@code cutoff} that are matched and whose deliveries are all DELIVERED or FAILED (or that have none),
     * with their deliveries and attempts. A completion not yet matched is kept whatever its age
     * ({@link RetentionPurger}).
     *
     * @return how many completions were removed
     */
    public int purge(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        int total = 0;
        while (true) {
            int removed = inTransaction("purge completions accepted before " + cutoff, c -> {
                List<UUID> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM completion c"
                        + " WHERE accepted_at < ? AND matched = TRUE AND NOT EXISTS (SELECT 1 FROM delivery d"
                        + " WHERE d.event_id = c.event_id AND d.state = 'PENDING')"
                        + " ORDER BY accepted_at FETCH FIRST " + PURGE_CHUNK + " ROWS ONLY")) {
                    ps.setObject(1, JournalReads.timestamp(cutoff));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
                for (String table : List.of("attempt", "delivery", "completion")) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE event_id = ?")) {
                        for (UUID id : ids) {
                            ps.setObject(1, id);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                return ids.size();
            });
            total += removed;
            if (removed < PURGE_CHUNK) {
                return total;
            }
        }
    }

    @Override
    public List<JournaledCompletion> recent(EventQuery query) {
        Objects.requireNonNull(query, "query");
        return inTransaction("query completions", c -> JournalReads.recent(c, query));
    }

    @Override
    public List<Delivery> deadLetters(String handler, int limit) {
        requirePositive(limit);
        return inTransaction("read dead letters", c -> JournalReads.deadLetters(c, handler, limit));
    }

    @Override
    public Optional<Delivery> reopen(UUID eventId, String handler) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(handler, "handler");
        return inTransaction("reopen the delivery of " + eventId + " to " + handler, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE delivery SET state = 'PENDING'"
                    + " WHERE event_id = ? AND handler = ? AND state = 'FAILED'")) {
                ps.setObject(1, eventId);
                ps.setString(2, handler);
                if (ps.executeUpdate() == 0) {
                    return Optional.<Delivery>empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, handler, state, attempts FROM delivery"
                    + " WHERE event_id = ? AND handler = ?")) {
                ps.setObject(1, eventId);
                ps.setString(2, handler);
                return JournalReads.deliveries(ps).stream().findFirst();
            }
        });
    }

    @Override
    public Optional<String> checkpoint(String name) {
        Objects.requireNonNull(name, "name");
        return inTransaction("read checkpoint " + name, c -> JournalReads.checkpoint(c, name));
    }

    @Override
    public void saveCheckpoint(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        inTransaction("save checkpoint " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO checkpoint (name, checkpoint_value, saved_at)"
                    + " KEY (name) VALUES (?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, value);
                ps.setObject(3, JournalReads.timestamp(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
    }

    @FunctionalInterface
    private interface Work<V> {
        V run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} as one transaction on the operations connection. */
    private <V> V inTransaction(String what, Work<V> work) {
        // An interrupted caller would close H2's file channel (ClosedByInterruptException) and with it the
        // whole journal: the interrupt waits until the transaction is done.
        boolean interrupted = Thread.interrupted();
        interrupted |= awaitOutcomes();
        opsLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("Cannot " + what + ": the journal at " + dataDir + " is closed");
            }
            try {
                V value = work.run(ops);
                ops.commit();
                return value;
            } catch (SQLException e) {
                rollbackQuietly(ops);
                throw new IllegalStateException("Cannot " + what + " in the journal at " + dataDir + ": "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                rollbackQuietly(ops);
                throw e;
            }
        } finally {
            opsLock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * H2's {@code BACKUP TO}: a zip of the database file as of one moment (the store is copy-on-write, so appends and
     * deliveries go on while it is written), holding {@code journal.mv.db} to put into an installation's data folder.
     */
    @Override
    public Path backup(Path target) throws IOException {
        Path file = Objects.requireNonNull(target, "target").toAbsolutePath().normalize();
        if (Files.exists(file)) {
            throw new java.nio.file.FileAlreadyExistsException(file.toString(), null,
                    "a backup never overwrites a file; name another");
        }
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new java.nio.file.NoSuchFileException(String.valueOf(folder), null, "no such folder for the backup");
        }
        if (file.toString().indexOf('\'') >= 0) {
            throw new IllegalArgumentException("A backup's path must not contain a quote: " + file);
        }
        try {
            inTransaction("back up the journal", c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("BACKUP TO '" + file + "'");
                }
                return null;
            });
        } catch (IllegalStateException e) {
            Files.deleteIfExists(file);
            if (e.getCause() instanceof SQLException sql) {
                throw new IOException("Cannot write the journal's backup to " + file + ": " + sql.getMessage(), sql);
            }
            throw e;
        }
        return file;
    }

    /** Reports every batch of both writers, from now on, to {@code metrics}. */
    void observe(CommitMetrics metrics) {
        committer.observe(metrics.writer(CommitMetrics.APPENDS, committer::queued));
        outcomes.observe(metrics.writer(CommitMetrics.ATTEMPTS, outcomes::queued));
    }

    // ---------------------------------------------------------------- closing

    /**
     * Writes the appends already queued, refuses new ones, and closes the database (H2 stores and forces
     * everything on close). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        committer.close();
        outcomes.close();
        opsLock.lock();
        try {
            closeQuietly(ops);
            closeQuietly(writer);
        } finally {
            opsLock.unlock();
        }
        LOG.debug("Journal closed at {}", dataDir);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Rollback failed: {}", e.toString());
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Closing a journal connection failed: {}", e.toString());
        }
    }
}
