package io.jobhook.runtime.journal.postgresql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.Idempotency;

/**
 * The journal's writes on PostgreSQL, each inside the transaction {@link PostgresJournal} opens. Lease times are
 * the database's ({@code clock_timestamp()}), so that nodes whose clocks differ agree on when a lease lapsed.
 */
final class PostgresWrites {

    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    private PostgresWrites() {
    }

    /**
     * @param handlers the identities to deliver to (this node holds them), or null to leave it unmatched
     * @return the acceptance, or null when another node took the idempotency key meanwhile (read again)
     */
    static Acceptance append(Connection c, OrchestratorJobCompleteHandlerContext context, Idempotency idem,
            List<String> handlers, Instant now, PostgresJournalSettings settings) throws SQLException {
        if (idem != null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, request_hash, key_expires_at"
                    + " FROM completion WHERE idempotency_key = ? FOR UPDATE")) {
                ps.setString(1, idem.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        UUID first = rs.getObject(1, UUID.class);
                        Instant expires = PostgresReads.instant(rs, 3);
                        if (expires != null && now.isBefore(expires)) {
                            return new Acceptance(first, idem.requestHash().equals(rs.getString(2))
                                    ? Acceptance.Status.DUPLICATE : Acceptance.Status.CONFLICT);
                        }
                        releaseKey(c, first);
                    }
                }
            }
        }
        // One round trip for a new completion and its deliveries: the deliveries' insert reads the completion's
        // (empty when it was not inserted). Every statement less is a commit sooner on a busy database.
        String insert = "INSERT INTO completion (event_id, accepted_at, accepted_by,"
                + " idempotency_key, request_hash, key_expires_at, matched, agent_id, username, client_machine,"
                + " job_result, job_id, job_type, job_type_id, operation_type, certificate_id, request_timestamp,"
                + " request_nanos, current_retry_count, delivery_attempt, source)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                + " RETURNING event_id, job_type_id";
        String sql = handlers == null ? insert
                : "WITH c AS (" + insert + "), d AS (INSERT INTO delivery (event_id, handler, state, owner, lease_until)"
                        + " SELECT c.event_id, h.handler, 'PENDING', ?, clock_timestamp() + ? * INTERVAL '1 millisecond'"
                        + " FROM c, unnest(?::text[]) AS h (handler)"
                        + " UNION SELECT DISTINCT c.event_id, r.handler, 'PENDING', NULL::text, NULL::timestamptz"
                        + " FROM c JOIN node_route r ON r.job_type_id = c.job_type_id"
                        + " JOIN node n ON n.node_id = r.node_id WHERE n.node_id <> ?"
                        + " AND n.heartbeat_at > clock_timestamp() - ? * INTERVAL '1 millisecond'"
                        + " AND r.handler <> ALL (?::text[])"
                        + " ON CONFLICT DO NOTHING RETURNING 1) SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM d)";
        boolean inserted;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, context.eventId());
            ps.setObject(i++, PostgresReads.timestamp(now));
            ps.setString(i++, settings.nodeId());
            ps.setString(i++, idem == null ? null : idem.key());
            ps.setString(i++, idem == null ? null : idem.requestHash());
            ps.setObject(i++, idem == null ? null : PostgresReads.timestamp(expiry(now, idem.ttl())));
            ps.setBoolean(i++, handlers != null);
            ps.setObject(i++, context.agentId());
            ps.setString(i++, context.username());
            ps.setString(i++, context.clientMachine());
            ps.setString(i++, context.jobResult().name());
            ps.setObject(i++, context.jobId());
            ps.setString(i++, context.jobType());
            ps.setObject(i++, context.jobTypeId());
            ps.setString(i++, context.operationType().name());
            ps.setObject(i++, context.certificateId());
            ps.setObject(i++, PostgresReads.timestamp(context.requestTimestamp()));
            ps.setObject(i++, context.requestTimestamp() == null ? null : context.requestTimestamp().getNano());
            ps.setInt(i++, context.currentRetryCount());
            ps.setInt(i++, context.deliveryAttempt());
            ps.setString(i++, context.source().name());
            if (handlers != null) {
                java.sql.Array names = c.createArrayOf("text", handlers.toArray());
                ps.setString(i++, settings.nodeId());
                ps.setLong(i++, settings.lease().toMillis());
                ps.setArray(i++, names);
                ps.setString(i++, settings.nodeId());
                ps.setLong(i++, settings.lease().toMillis());
                ps.setArray(i, names);
            }
            try (ResultSet rs = ps.executeQuery()) {
                inserted = rs.next() && (handlers == null || rs.getLong(1) > 0);
            }
        }
        if (inserted) {
            return new Acceptance(context.eventId(), Acceptance.Status.ACCEPTED);
        }
        if (!exists(c, context.eventId())) {
            return null; // the key, taken by a concurrent append
        }
        // the same event again: nothing new but the deliveries it lacks
        if (handlers != null) {
            match(c, context.eventId(), handlers, settings);
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

    private static void releaseKey(Connection c, UUID eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE completion SET idempotency_key = NULL,"
                + " request_hash = NULL, key_expires_at = NULL WHERE event_id = ?")) {
            ps.setObject(1, eventId);
            ps.executeUpdate();
        }
    }

    private static boolean exists(Connection c, UUID eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM completion WHERE event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Marks a journaled completion matched; adds, held by this node, the deliveries to {@code handlers} it lacks; and
     * adds, held by no node, a delivery to every handler that only other live nodes host for its job type.
     */
    static void match(Connection c, UUID eventId, List<String> handlers, PostgresJournalSettings settings)
            throws SQLException {
        UUID jobTypeId;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE completion SET matched = TRUE WHERE event_id = ? RETURNING job_type_id")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("No completion " + eventId + " is journaled");
                }
                jobTypeId = rs.getObject(1, UUID.class);
            }
        }
        if (!handlers.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO delivery (event_id, handler, state, owner,"
                    + " lease_until) SELECT ?, h, 'PENDING', ?, clock_timestamp() + ? * INTERVAL '1 millisecond'"
                    + " FROM unnest(?::text[]) AS h ON CONFLICT DO NOTHING")) {
                ps.setObject(1, eventId);
                ps.setString(2, settings.nodeId());
                ps.setLong(3, settings.lease().toMillis());
                ps.setArray(4, c.createArrayOf("text", handlers.toArray()));
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO delivery (event_id, handler, state)"
                + " SELECT DISTINCT ?::uuid, r.handler, 'PENDING' FROM node_route r JOIN node n ON n.node_id = r.node_id"
                + " WHERE r.job_type_id = ? AND n.node_id <> ?"
                + " AND n.heartbeat_at > clock_timestamp() - ? * INTERVAL '1 millisecond'"
                + " ON CONFLICT DO NOTHING")) {
            ps.setObject(1, eventId);
            ps.setObject(2, jobTypeId);
            ps.setString(3, settings.nodeId());
            ps.setLong(4, settings.lease().toMillis());
            ps.executeUpdate();
        }
    }

    /**
     * Moves a delivery this node holds and records the attempt.
     *
     * @return the refusal when the delivery is not journaled or another node holds it now; null once written
     */
    static RuntimeException attempt(Connection c, Attempt attempt, DeliveryState newState, String node)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE delivery SET state = ?, attempts = attempts + 1,"
                + " lease_until = CASE WHEN ? THEN lease_until END WHERE event_id = ? AND handler = ? AND owner = ?")) {
            ps.setString(1, newState.name());
            ps.setBoolean(2, newState == DeliveryState.PENDING);
            ps.setObject(3, attempt.eventId());
            ps.setString(4, attempt.handler());
            ps.setString(5, node);
            if (ps.executeUpdate() == 0) {
                return refusal(c, attempt, node);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO attempt (event_id, handler, number, outcome,"
                + " detail, handler_version, started_at, duration_ms, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, attempt.eventId());
            ps.setString(2, attempt.handler());
            ps.setInt(3, attempt.number());
            ps.setString(4, attempt.outcome().name());
            ps.setString(5, cut(attempt.detail(), PostgresJournal.MAX_DETAIL));
            ps.setString(6, cut(attempt.handlerVersion(), 200));
            ps.setObject(7, PostgresReads.timestamp(attempt.startedAt()));
            ps.setLong(8, attempt.duration().toMillis());
            ps.setString(9, node);
            ps.executeUpdate();
        }
        return null;
    }

    private static RuntimeException refusal(Connection c, Attempt attempt, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT owner FROM delivery WHERE event_id = ? AND handler = ?")) {
            ps.setObject(1, attempt.eventId());
            ps.setString(2, attempt.handler());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new IllegalArgumentException("No delivery of completion " + attempt.eventId() + " to "
                            + attempt.handler() + " is journaled");
                }
                String owner = rs.getString(1);
                return new IllegalStateException("The delivery of completion " + attempt.eventId() + " to "
                        + attempt.handler() + " is held by " + (owner == null ? "no node" : "node " + owner)
                        + ", not by node " + node + ": its attempt " + attempt.number() + " here is not recorded");
            }
        }
    }

    /** Takes over PENDING deliveries of {@code handlers} that no live node holds, for this node. */
    static List<Delivery> claim(Connection c, List<String> handlers, int limit, PostgresJournalSettings settings)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH due AS ("
                + " SELECT d.event_id, d.handler, c.seq FROM delivery d JOIN completion c ON c.event_id = d.event_id"
                + " WHERE d.state = 'PENDING' AND d.handler = ANY (?::text[]) AND d.owner IS DISTINCT FROM ?"
                + " AND (d.owner IS NULL OR d.lease_until < clock_timestamp())"
                + " ORDER BY c.seq LIMIT ? FOR UPDATE OF d SKIP LOCKED)"
                + ", claimed AS (UPDATE delivery d SET owner = ?,"
                + " lease_until = clock_timestamp() + ? * INTERVAL '1 millisecond',"
                + " claims = d.claims + CASE WHEN d.owner IS NULL THEN 0 ELSE 1 END"
                + " FROM due WHERE d.event_id = due.event_id AND d.handler = due.handler"
                + " RETURNING d.event_id, d.handler, d.state, d.attempts, due.seq)"
                + " SELECT event_id, handler, state, attempts FROM claimed ORDER BY seq, handler")) {
            ps.setArray(1, c.createArrayOf("text", handlers.toArray()));
            ps.setString(2, settings.nodeId());
            ps.setInt(3, limit);
            ps.setString(4, settings.nodeId());
            ps.setLong(5, settings.lease().toMillis());
            return PostgresReads.deliveries(ps);
        }
    }

    /** @return how many leases were renewed */
    static int renew(Connection c, PostgresJournalSettings settings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE delivery SET lease_until = clock_timestamp()"
                + " + ? * INTERVAL '1 millisecond' WHERE owner = ? AND state = 'PENDING'")) {
            ps.setLong(1, settings.lease().toMillis());
            ps.setString(2, settings.nodeId());
            return ps.executeUpdate();
        }
    }

    static void heartbeat(Connection c, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO node (node_id, started_at, heartbeat_at)"
                + " VALUES (?, clock_timestamp(), clock_timestamp())"
                + " ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = clock_timestamp()")) {
            ps.setString(1, node);
            ps.executeUpdate();
        }
    }

    static void routes(Connection c, String node, Map<String, Set<UUID>> routes) throws SQLException {
        heartbeat(c, node);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM node_route WHERE node_id = ?")) {
            ps.setString(1, node);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO node_route (node_id, handler, job_type_id) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Set<UUID>> e : routes.entrySet()) {
                for (UUID jobType : e.getValue()) {
                    ps.setString(1, node);
                    ps.setString(2, e.getKey());
                    ps.setObject(3, jobType);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** A FAILED delivery PENDING again, held by this node, for a replay. */
    static Optional<Delivery> reopen(Connection c, UUID eventId, String handler, PostgresJournalSettings settings)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE delivery SET state = 'PENDING', owner = ?,"
                + " lease_until = clock_timestamp() + ? * INTERVAL '1 millisecond'"
                + " WHERE event_id = ? AND handler = ? AND state = 'FAILED' RETURNING attempts")) {
            ps.setString(1, settings.nodeId());
            ps.setLong(2, settings.lease().toMillis());
            ps.setObject(3, eventId);
            ps.setString(4, handler);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Delivery(eventId, handler, DeliveryState.PENDING, rs.getInt(1)))
                        : Optional.empty();
            }
        }
    }

    static void checkpoint(Connection c, String name, String value, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO checkpoint (name, checkpoint_value, saved_at)"
                + " VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET checkpoint_value = EXCLUDED.checkpoint_value,"
                + " saved_at = EXCLUDED.saved_at")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.setObject(3, PostgresReads.timestamp(now));
            ps.executeUpdate();
        }
    }

    /** @return how many finished completions accepted before {@code cutoff} were removed (at most {@code chunk}) */
    static int purge(Connection c, Instant cutoff, int chunk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM completion WHERE event_id IN ("
                + " SELECT c.event_id FROM completion c WHERE c.accepted_at < ? AND c.matched AND NOT EXISTS"
                + " (SELECT 1 FROM delivery d WHERE d.event_id = c.event_id AND d.state = 'PENDING')"
                + " LIMIT ? FOR UPDATE SKIP LOCKED)")) {
            ps.setObject(1, PostgresReads.timestamp(cutoff));
            ps.setInt(2, chunk);
            return ps.executeUpdate();
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
