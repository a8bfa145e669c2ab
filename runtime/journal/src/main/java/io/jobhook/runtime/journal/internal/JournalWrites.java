package io.jobhook.runtime.journal.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.Idempotency;

/**
 * The journal's writes as SQL, each on the connection and inside the transaction {@link H2Journal} gives it: an
 * append (with its idempotency key and, when matched, its deliveries), matches, an attempt's end. Plain SQL that
 * PostgreSQL also takes.
 */
final class JournalWrites {

    private static final Logger LOG = LoggerFactory.getLogger(H2Journal.class);

    private JournalWrites() {
    }

    private static final String INSERT_DELIVERY =
            "INSERT INTO delivery (event_id, handler, state, attempts) VALUES (?, ?, 'PENDING', 0)";

    static Acceptance appendOne(Connection writer, H2Journal.Append a, Instant now, List<UUID> inserted) throws SQLException {
        OrchestratorJobCompleteHandlerContext c = a.context();
        Idempotency idem = a.idempotency();
        if (idem != null) {
            try (PreparedStatement ps = writer.prepareStatement(
                    "SELECT event_id, request_hash, key_expires_at FROM completion WHERE idempotency_key = ?")) {
                ps.setString(1, idem.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        UUID first = rs.getObject(1, UUID.class);
                        Instant expires = JournalReads.instant(rs, 3);
                        if (expires != null && now.isBefore(expires)) {
                            return new Acceptance(first, idem.requestHash().equals(rs.getString(2))
                                    ? Acceptance.Status.DUPLICATE : Acceptance.Status.CONFLICT);
                        }
                        releaseKey(writer, first);
                    }
                }
            }
        }
        if (exists(writer, c.eventId())) {
            LOG.debug("Journal: completion {} was already recorded; nothing new recorded", c.eventId());
            if (a.handlers() != null) {
                writeMatches(writer, c.eventId(), a.handlers());
            }
            return new Acceptance(c.eventId(), Acceptance.Status.ACCEPTED);
        }
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO completion (event_id, accepted_at,"
                + " idempotency_key, request_hash, key_expires_at, matched, agent_id, username, client_machine,"
                + " job_result, job_id, job_type, job_type_id, operation_type, certificate_id, request_timestamp,"
                + " current_retry_count, delivery_attempt, source)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setObject(i++, c.eventId());
            ps.setObject(i++, JournalReads.timestamp(now));
            ps.setString(i++, idem == null ? null : idem.key());
            ps.setString(i++, idem == null ? null : idem.requestHash());
            ps.setObject(i++, idem == null ? null : JournalReads.timestamp(expiry(now, idem.ttl())));
            ps.setBoolean(i++, a.handlers() != null);
            ps.setObject(i++, c.agentId());
            ps.setString(i++, c.username());
            ps.setString(i++, c.clientMachine());
            ps.setString(i++, c.jobResult().name());
            ps.setObject(i++, c.jobId());
            ps.setString(i++, c.jobType());
            ps.setObject(i++, c.jobTypeId());
            ps.setString(i++, c.operationType().name());
            ps.setObject(i++, c.certificateId());
            ps.setObject(i++, c.requestTimestamp() == null ? null : JournalReads.timestamp(c.requestTimestamp()));
            ps.setInt(i++, c.currentRetryCount());
            ps.setInt(i++, c.deliveryAttempt());
            ps.setString(i, c.source().name());
            ps.executeUpdate();
        }
        inserted.add(c.eventId());
        if (a.handlers() != null) {
            insertDeliveries(writer, c.eventId(), a.handlers());
        }
        return new Acceptance(c.eventId(), Acceptance.Status.ACCEPTED);
    }
    private static Instant expiry(Instant now, Duration ttl) {
        try {
            return now.plus(ttl);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Instant.parse("9999-12-31T00:00:00Z");
        }
    }
    private static void releaseKey(Connection writer, UUID eventId) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("UPDATE completion SET idempotency_key = NULL,"
                + " request_hash = NULL, key_expires_at = NULL WHERE event_id = ?")) {
            ps.setObject(1, eventId);
            ps.executeUpdate();
        }
    }
    private static boolean exists(Connection writer, UUID eventId) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("SELECT 1 FROM completion WHERE event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
    /** Marks a journaled completion matched and adds the deliveries it does not have yet. */
    static void writeMatches(Connection c, UUID eventId, Collection<String> handlers) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE completion SET matched = TRUE WHERE event_id = ?")) {
            ps.setObject(1, eventId);
            if (ps.executeUpdate() == 0) {
                throw new IllegalArgumentException("No completion " + eventId + " is journaled");
            }
        }
        // Check, then insert: the writes of each connection are serialized (opsLock, or the committer thread).
        // Across the two, only a re-append of a journaled event racing its recovery could collide: the
        // primary key refuses the second insert, and that caller gets an error to retry, nothing is lost.
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM delivery WHERE event_id = ? AND handler = ?");
                PreparedStatement insert = c.prepareStatement(INSERT_DELIVERY)) {
            for (String handler : new LinkedHashSet<>(handlers)) {
                Objects.requireNonNull(handler, "a handler identity");
                exists.setObject(1, eventId);
                exists.setString(2, handler);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
                insert.setObject(1, eventId);
                insert.setString(2, handler);
                insert.executeUpdate();
            }
        }
    }
    /** The deliveries of a completion inserted in this transaction (it has none yet). */
    static void insertDeliveries(Connection c, UUID eventId, List<String> handlers) throws SQLException {
        if (handlers.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_DELIVERY)) {
            for (String handler : handlers) {
                insert.setObject(1, eventId);
                insert.setString(2, handler);
                insert.executeUpdate();
            }
        }
    }
    /** @return the refusal of an attempt that cannot be recorded, or null once written */
    static RuntimeException writeOutcome(PreparedStatement update, PreparedStatement insert, Attempt attempt,
            DeliveryState newState) throws SQLException {
        update.setString(1, newState.name());
        update.setObject(2, attempt.eventId());
        update.setString(3, attempt.handler());
        if (update.executeUpdate() == 0) {
            return new IllegalArgumentException("No delivery of completion " + attempt.eventId() + " to "
                    + attempt.handler() + " is journaled");
        }
        insert.setObject(1, attempt.eventId());
        insert.setString(2, attempt.handler());
        insert.setInt(3, attempt.number());
        insert.setString(4, attempt.outcome().name());
        insert.setString(5, cut(attempt.detail(), Schema.MAX_DETAIL));
        insert.setString(6, cut(attempt.handlerVersion(), 200));
        insert.setObject(7, JournalReads.timestamp(attempt.startedAt()));
        insert.setLong(8, attempt.duration().toMillis());
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DUPLICATE_KEY_1) {
                return new IllegalArgumentException("Attempt " + attempt.number() + " of completion "
                        + attempt.eventId() + " for " + attempt.handler() + " is already journaled", e);
            }
            throw e;
        }
        return null;
    }
    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
