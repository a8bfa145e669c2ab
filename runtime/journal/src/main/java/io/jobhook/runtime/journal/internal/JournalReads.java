package io.jobhook.runtime.journal.internal;

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
import io.jobhook.runtime.spi.JournaledCompletion;

/**
 * The journal's reads as SQL, each on the connection of a transaction {@link H2Journal} opens (which also waits for
 * the attempts handed over before the read began). Plain SQL that PostgreSQL also takes.
 */
final class JournalReads {

    static final String SELECT_COMPLETION = "SELECT event_id, accepted_at, matched, agent_id, username,"
            + " client_machine, job_result, job_id, job_type, job_type_id, operation_type, certificate_id,"
            + " request_timestamp, current_retry_count, delivery_attempt, source FROM completion";

    static Optional<JournaledCompletion> completion(Connection c, UUID eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_COMPLETION + " WHERE event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(completion(rs)) : Optional.<JournaledCompletion>empty();
            }
        }
    }

    static List<JournaledCompletion> unmatched(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_COMPLETION
                + " WHERE matched = FALSE ORDER BY accepted_at, seq FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, limit);
            List<JournaledCompletion> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(completion(rs));
                }
            }
            return list;
        }
    }

    static List<Delivery> pendingDeliveries(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT d.event_id, d.handler, d.state, d.attempts"
                + " FROM delivery d JOIN completion c ON c.event_id = d.event_id WHERE d.state = 'PENDING'"
                + " ORDER BY c.accepted_at, c.seq, d.handler FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, limit);
            return deliveries(ps);
        }
    }

    static List<Delivery> deliveries(Connection c, UUID eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT event_id, handler, state, attempts FROM delivery"
                + " WHERE event_id = ? ORDER BY handler")) {
            ps.setObject(1, eventId);
            return deliveries(ps);
        }
    }

    static List<Attempt> attempts(Connection c, UUID eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT event_id, handler, number, outcome, detail,"
                + " handler_version, started_at, duration_ms FROM attempt WHERE event_id = ? ORDER BY seq")) {
            ps.setObject(1, eventId);
            List<Attempt> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Attempt(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                            AttemptOutcome.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                            instant(rs, 7), Duration.ofMillis(rs.getLong(8))));
                }
            }
            return list;
        }
    }

    static List<Delivery> deadLetters(Connection c, String handler, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT d.event_id, d.handler, d.state, d.attempts"
                + " FROM delivery d JOIN completion c ON c.event_id = d.event_id WHERE d.state = 'FAILED'"
                + (handler == null ? "" : " AND d.handler = ?")
                + " ORDER BY c.seq DESC, d.handler FETCH FIRST ? ROWS ONLY")) {
            int i = 1;
            if (handler != null) {
                ps.setString(i++, handler);
            }
            ps.setInt(i, limit);
            return deliveries(ps);
        }
    }

    static Optional<String> checkpoint(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT checkpoint_value FROM checkpoint WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        }
    }

    static List<JournaledCompletion> recent(Connection c, EventQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT_COMPLETION).append(" c WHERE 1 = 1");
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
            sql.append(query.unmatched() ? " AND c.matched = TRUE AND NOT EXISTS" : " AND EXISTS")
                    .append(" (SELECT 1 FROM delivery d WHERE d.event_id = c.event_id)");
        }
        sql.append(" ORDER BY c.seq DESC FETCH FIRST ? ROWS ONLY");
        args.add(query.limit());
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<JournaledCompletion> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(completion(rs));
                }
            }
            return list;
        }
    
    }

    static JournaledCompletion completion(ResultSet rs) throws SQLException {
        Integer certificateId = rs.getObject(12, Integer.class);
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
                .certificateId(certificateId)
                .requestTimestamp(instant(rs, 13))
                .currentRetryCount(rs.getInt(14))
                .deliveryAttempt(rs.getInt(15))
                .source(CompletionSource.valueOf(rs.getString(16)))
                .build();
        return new JournaledCompletion(context, instant(rs, 2), rs.getBoolean(3));
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
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private JournalReads() {
    }
}
