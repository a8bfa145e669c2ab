package io.jobhook.runtime.journal.postgresql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.EventQuery;
import io.jobhook.runtime.spi.JournalNode;
import io.jobhook.runtime.spi.JournaledCompletion;

/** The journal's reads on PostgreSQL, each on a connection {@link PostgresJournal} lends it. */
final class PostgresReads {

    private static final String COMPLETION_COLUMNS = "c.event_id, c.accepted_at, c.matched, c.agent_id, c.username,"
            + " c.client_machine, c.job_result, c.job_id, c.job_type, c.job_type_id, c.operation_type, c.certificate_id,"
            + " c.request_timestamp, c.request_nanos, c.current_retry_count, c.delivery_attempt, c.source";

    private static final String DELIVERY_COLUMNS = "d.event_id, d.handler, d.state, d.attempts";

    private PostgresReads() {
    }

    static Optional<JournaledCompletion> completion(Connection c, UUID eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COMPLETION_COLUMNS
                + " FROM completion c WHERE c.event_id = ?")) {
            ps.setObject(1, eventId);
            List<JournaledCompletion> found = completions(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    static List<JournaledCompletion> unmatched(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COMPLETION_COLUMNS
                + " FROM completion c WHERE NOT c.matched ORDER BY c.accepted_at, c.seq LIMIT ?")) {
            ps.setInt(1, limit);
            return completions(ps);
        }
    }

    /** The PENDING deliveries {@code node} holds, oldest completion first. */
    static List<Delivery> pendingHeldBy(Connection c, String node, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS
                + " FROM delivery d JOIN completion c ON c.event_id = d.event_id"
                + " WHERE d.state = 'PENDING' AND d.owner = ?"
                + " ORDER BY c.accepted_at, c.seq, d.handler LIMIT ?")) {
            ps.setString(1, node);
            ps.setInt(2, limit);
            return deliveries(ps);
        }
    }

    static List<Delivery> deliveries(Connection c, UUID eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS
                + " FROM delivery d WHERE d.event_id = ? ORDER BY d.handler")) {
            ps.setObject(1, eventId);
            return deliveries(ps);
        }
    }

    static List<Attempt> attempts(Connection c, UUID eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT event_id, handler, number, outcome, detail,"
                + " handler_version, started_at, duration_ms, node FROM attempt WHERE event_id = ? ORDER BY seq")) {
            ps.setObject(1, eventId);
            List<Attempt> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Attempt(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                            AttemptOutcome.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                            instant(rs, 7), Duration.ofMillis(rs.getLong(8)), rs.getString(9)));
                }
            }
            return list;
        }
    }

    static List<Delivery> deadLetters(Connection c, String handler, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS
                + " FROM delivery d JOIN completion c ON c.event_id = d.event_id WHERE d.state = 'FAILED'"
                + (handler == null ? "" : " AND d.handler = ?") + " ORDER BY c.seq DESC, d.handler LIMIT ?")) {
            int i = 1;
            if (handler != null) {
                ps.setString(i++, handler);
            }
            ps.setInt(i, limit);
            return deliveries(ps);
        }
    }

    /** The runtimes that ever connected, by name; alive while their heartbeat is younger than {@code lease}. */
    static List<JournalNode> nodes(Connection c, String self, Duration lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT node_id, started_at, heartbeat_at,"
                + " heartbeat_at > clock_timestamp() - ? * INTERVAL '1 millisecond' FROM node ORDER BY node_id")) {
            ps.setLong(1, lease.toMillis());
            List<JournalNode> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new JournalNode(rs.getString(1), instant(rs, 2), instant(rs, 3), rs.getBoolean(4),
                            rs.getString(1).equals(self)));
                }
            }
            return list;
        }
    }

    static Optional<String> checkpoint(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT checkpoint_value FROM checkpoint WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static List<JournaledCompletion> recent(Connection c, EventQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COMPLETION_COLUMNS).append(" FROM completion c WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (query.jobId() != null) {
            sql.append(" AND c.job_id = ?");
            args.add(query.jobId());
        }
        if (query.jobType() != null) {
            sql.append(" AND LOWER(c.job_type) = LOWER(?)");
            args.add(query.jobType());
        }
        if (query.result() != null) {
            sql.append(" AND c.job_result = ?");
            args.add(query.result().name());
        }
        if (query.state() != null || query.handler() != null) {
            // One delivery that is in the state and to the handler asked for (a handler's dead letters)
            sql.append(" AND EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = c.event_id");
            if (query.state() != null) {
                sql.append(" AND d.state = ?");
                args.add(query.state().name());
            }
            if (query.handler() != null) {
                sql.append(" AND d.handler = ?");
                args.add(query.handler());
            }
            sql.append(")");
        }
        if (query.since() != null) {
            sql.append(" AND c.accepted_at >= ?");
            args.add(timestamp(query.since()));
        }
        if (query.until() != null) {
            sql.append(" AND c.accepted_at < ?");
            args.add(timestamp(query.until()));
        }
        if (query.unmatched() != null) {
            sql.append(query.unmatched() ? " AND c.matched AND NOT EXISTS" : " AND EXISTS")
                    .append(" (SELECT 1 FROM delivery d WHERE d.event_id = c.event_id)");
        }
        sql.append(" ORDER BY c.seq DESC LIMIT ?");
        args.add(query.limit());
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return completions(ps);
        }
    }

    private static List<JournaledCompletion> completions(PreparedStatement ps) throws SQLException {
        List<JournaledCompletion> list = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant requested = instant(rs, 13);
                if (requested != null) {
                    requested = requested.plusNanos(rs.getInt(14) - requested.getNano());
                }
                OrchestratorJobCompleteHandlerContext context = OrchestratorJobCompleteHandlerContext.builder()
                        .eventId(rs.getObject(1, UUID.class))
                        .agentId(rs.getObject(4, UUID.class))
                        .username(rs.getString(5))
                        .clientMachine(rs.getString(6))
                        .jobResult(JobResult.valueOf(rs.getString(7)))
                        .jobId(rs.getObject(8, UUID.class))
                        .jobType(rs.getString(9))
                        .jobTypeId(rs.getObject(10, UUID.class))
                        .operationType(OperationType.valueOf(rs.getString(11)))
                        .certificateId(rs.getObject(12, Integer.class))
                        .requestTimestamp(requested)
                        .currentRetryCount(rs.getInt(15))
                        .deliveryAttempt(rs.getInt(16))
                        .source(CompletionSource.valueOf(rs.getString(17)))
                        .build();
                list.add(new JournaledCompletion(context, instant(rs, 2), rs.getBoolean(3)));
            }
        }
        return list;
    }

    static List<Delivery> deliveries(PreparedStatement ps) throws SQLException {
        List<Delivery> list = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                list.add(new Delivery(rs.getObject(1, UUID.class), rs.getString(2),
                        DeliveryState.valueOf(rs.getString(3)), rs.getInt(4)));
            }
        }
        return list;
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
