package io.jobhook.runtime.journal.postgresql.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leader per name among the nodes sharing the database: PostgreSQL's session advisory locks
 * ({@code pg_try_advisory_lock}), held on one connection this node keeps for them. A node that dies or loses that
 * connection loses its locks with the session, and the next node that asks holds them; one that closes gives them
 * up first (its connection returns to a pool, where the session would live on).
 */
final class Leadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final DataSource dataSource;
    private Connection session;
    private final Set<String> held = new HashSet<>();

    Leadership(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return whether this node holds {@code name} (taking it when no live node does) */
    synchronized boolean lead(String name) {
        try {
            if (session == null || !session.isValid(2)) {
                if (session != null) {
                    LOG.warn("Journal: the connection holding this node's leads was lost; leads {} are given up", held);
                    held.clear();
                    closeQuietly();
                }
                session = dataSource.getConnection();
                session.setAutoCommit(true);
            }
            if (held.contains(name)) {
                return true;
            }
            try (PreparedStatement ps = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key(name));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        held.add(name);
                        return true;
                    }
                    return false;
                }
            }
        } catch (SQLException e) {
            LOG.warn("Journal: could not ask for the lead of {}: {}", name, e.getMessage());
            held.clear();
            closeQuietly();
            return false;
        }
    }

    /** The lock's key: the first 8 bytes of SHA-256 of the name, the same on every node. */
    static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("jobhook lead " + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Gives the session's locks up before the connection goes back to its pool (where the session lives on); a
     * session already gone took them with it.
     */
    private void closeQuietly() {
        if (session != null) {
            try (PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock_all()")) {
                ps.setQueryTimeout(2);
                ps.execute();
            } catch (SQLException e) {
                LOG.debug("Giving the leads up: {}", e.toString());
            }
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debug("Closing the leads' connection: {}", e.toString());
            }
            session = null;
        }
    }

    /** Gives every lead up (the session's locks go with it). */
    @Override
    public synchronized void close() {
        held.clear();
        closeQuietly();
    }
}
