package io.jobhook.runtime.journal.postgresql.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's tables on PostgreSQL, created and migrated when a runtime connects. Each migration runs once, in
 * order, in one transaction with the version it reaches (PostgreSQL's DDL is transactional), under a transaction
 * advisory lock: runtimes starting together on an empty database wait for each other instead of racing.
 * <p>
 * PostgreSQL keeps microseconds, the journal's contract nanoseconds: a completion's {@code request_timestamp} keeps
 * its nanosecond of the second beside it ({@code request_nanos}).
 */
final class PostgresSchema {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSchema.class);

    /** The key of the advisory lock migrations hold ("jobhook" in ASCII). */
    static final long MIGRATION_LOCK = 0x6a6f62686f6f6bL;

    /** Migration {@code i} brings the schema from version {@code i} to {@code i + 1}. */
    static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE completion ("
                    + " seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,"
                    + " event_id UUID PRIMARY KEY,"
                    + " accepted_at TIMESTAMPTZ NOT NULL,"
                    + " accepted_by TEXT NOT NULL,"
                    + " idempotency_key VARCHAR(200) UNIQUE,"
                    + " request_hash VARCHAR(1000),"
                    + " key_expires_at TIMESTAMPTZ,"
                    + " matched BOOLEAN NOT NULL DEFAULT FALSE,"
                    + " agent_id UUID NOT NULL,"
                    + " username TEXT,"
                    + " client_machine TEXT,"
                    + " job_result VARCHAR(32) NOT NULL,"
                    + " job_id UUID NOT NULL,"
                    + " job_type TEXT NOT NULL,"
                    + " job_type_id UUID NOT NULL,"
                    + " operation_type VARCHAR(32) NOT NULL,"
                    + " certificate_id INTEGER,"
                    + " request_timestamp TIMESTAMPTZ,"
                    + " request_nanos INTEGER,"
                    + " current_retry_count INTEGER NOT NULL,"
                    + " delivery_attempt INTEGER NOT NULL,"
                    + " source VARCHAR(16) NOT NULL)",
            "CREATE INDEX completion_accepted ON completion (accepted_at)",
            "CREATE INDEX completion_unmatched ON completion (accepted_at, seq) WHERE NOT matched",
            "CREATE INDEX completion_job ON completion (job_id)",
            // owner and lease_until: which runtime holds a PENDING delivery, until when (renewed while it lives);
            // claims: how often it was taken over from another runtime
            "CREATE TABLE delivery ("
                    + " event_id UUID NOT NULL REFERENCES completion (event_id) ON DELETE CASCADE,"
                    + " handler TEXT NOT NULL,"
                    + " state VARCHAR(16) NOT NULL,"
                    + " attempts INTEGER NOT NULL DEFAULT 0,"
                    + " owner TEXT,"
                    + " lease_until TIMESTAMPTZ,"
                    + " claims INTEGER NOT NULL DEFAULT 0,"
                    + " PRIMARY KEY (event_id, handler))",
            "CREATE INDEX delivery_pending ON delivery (owner, lease_until) WHERE state = 'PENDING'",
            "CREATE INDEX delivery_failed ON delivery (handler) WHERE state = 'FAILED'",
            "CREATE TABLE attempt ("
                    + " seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,"
                    + " event_id UUID NOT NULL,"
                    + " handler TEXT NOT NULL,"
                    + " number INTEGER NOT NULL,"
                    + " outcome VARCHAR(16) NOT NULL,"
                    + " detail VARCHAR(4000),"
                    + " handler_version VARCHAR(200),"
                    + " started_at TIMESTAMPTZ NOT NULL,"
                    + " duration_ms BIGINT NOT NULL,"
                    + " node TEXT NOT NULL,"
                    + " PRIMARY KEY (event_id, handler, number),"
                    + " FOREIGN KEY (event_id, handler) REFERENCES delivery (event_id, handler) ON DELETE CASCADE)",
            "CREATE TABLE checkpoint ("
                    + " name TEXT PRIMARY KEY,"
                    + " checkpoint_value TEXT NOT NULL,"
                    + " saved_at TIMESTAMPTZ NOT NULL)",
            // the runtimes sharing the journal: alive while their heartbeat is younger than a lease
            "CREATE TABLE node ("
                    + " node_id TEXT PRIMARY KEY,"
                    + " started_at TIMESTAMPTZ NOT NULL,"
                    + " heartbeat_at TIMESTAMPTZ NOT NULL)",
            // which job types each runtime's handlers take, for completions accepted by a runtime without them
            "CREATE TABLE node_route ("
                    + " node_id TEXT NOT NULL REFERENCES node (node_id) ON DELETE CASCADE,"
                    + " handler TEXT NOT NULL,"
                    + " job_type_id UUID NOT NULL,"
                    + " PRIMARY KEY (node_id, handler, job_type_id))",
            "CREATE INDEX node_route_job_type ON node_route (job_type_id)"));

    /** The version this bundle writes. */
    static final int LATEST = MIGRATIONS.size();

    private PostgresSchema() {
    }

    /**
     * Creates or migrates the schema.
     *
     * @return the version found before migrating (0 for a new database)
     * @throws IllegalStateException when the database was written by a newer schema
     */
    static int migrate(Connection connection, String where) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            st.execute("CREATE TABLE IF NOT EXISTS jobhook_schema (version INTEGER NOT NULL)");
            int found;
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM jobhook_schema")) {
                rs.next();
                found = rs.getInt(1);
            }
            if (found > LATEST) {
                throw new IllegalStateException("The journal at " + where + " has schema version " + found
                        + ", newer than this bundle's " + LATEST + ": it was written by a newer Jobhook");
            }
            for (int v = found; v < LATEST; v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    st.execute(sql);
                }
                st.execute("DELETE FROM jobhook_schema");
                st.execute("INSERT INTO jobhook_schema (version) VALUES (" + (v + 1) + ")");
                LOG.info("Journal schema at {} migrated to version {}", where, v + 1);
            }
            connection.commit(); // also releases the advisory lock
            return found;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
