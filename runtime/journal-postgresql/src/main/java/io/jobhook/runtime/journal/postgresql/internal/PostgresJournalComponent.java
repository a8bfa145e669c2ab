package io.jobhook.runtime.journal.postgresql.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.jobhook.runtime.journal.metrics.CommitMetrics;
import io.jobhook.runtime.spi.Checkpoints;
import io.jobhook.runtime.spi.DeliveryJournal;
import io.jobhook.runtime.spi.EventHistory;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournalHealth;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Opens the {@link PostgresJournal} when PID {@code io.jobhook.journal} says {@code store = postgresql}, and registers
 * it itself, by hand, as the journal and each of its roles (as the H2 journal's component does). With any other
 * store it does nothing: the H2 journal's bundle serves that. A configuration that cannot work is one ERROR line naming
 * the keys, and no journal. A database that cannot be reached (or has a newer schema) is one ERROR line naming it; the
 * journal is registered all the same and refuses appends as unavailable, so the ingress answers 503, until it can.
 */
@Component(service = {}, configurationPid = PostgresJournalComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = PostgresJournalConfig.class)
public final class PostgresJournalComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresJournalComponent.class);

    static final String PID = "io.jobhook.journal";
    static final String STORE = "postgresql";
    static final int DEFAULT_POOL_SIZE = 10;
    static final int DEFAULT_LEASE_SECONDS = 30;
    static final int DEFAULT_RETENTION_DAYS = 30;
    /** How long taking a connection may wait: a database that does not answer is refused, never waited on. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    static final String[] SERVICES = {Journal.class.getName(), DeliveryJournal.class.getName(),
        EventHistory.class.getName(), Checkpoints.class.getName(), JournalHealth.class.getName()};

    private final HikariDataSource pool;
    private final PostgresJournal journal;
    private final ScheduledExecutorService purger;
    private final ServiceRegistration<?> registration;
    private final CommitMetrics metrics;

    @Activate
    public PostgresJournalComponent(BundleContext context, PostgresJournalConfig config) {
        if (!STORE.equals(config.store().trim().toLowerCase(Locale.ROOT)) || anotherJournalOpen(context)) {
            pool = null;
            journal = null;
            purger = null;
            registration = null;
            metrics = null;
            return;
        }
        Settings s;
        try {
            s = settings(config, context.getProperty("org.osgi.service.http.port"));
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        this.pool = pool(s.url, s.username, config._password(), s.poolSize, s.nodeId);
        // Registered even when the database cannot be reached yet: appends are then refused as unavailable (503
        // with Retry-After at the ingress) until it can, and health says why.
        this.journal = new PostgresJournal(pool, s.url, new PostgresJournalSettings(s.nodeId,
                Duration.ofSeconds(s.leaseSeconds), RETRY_AFTER), Clock.systemUTC());
        this.metrics = new CommitMetrics(PrometheusRegistry.defaultRegistry);
        journal.observe(metrics);
        Duration retention = Duration.ofDays(s.retentionDays);
        this.purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jobhook-journal-purge");
            t.setDaemon(true);
            return t;
        });
        purger.scheduleWithFixedDelay(() -> purge(retention), 0, PURGE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_DESCRIPTION, "Jobhook journal (PostgreSQL, shared by several runtimes)");
        this.registration = context.registerService(SERVICES, journal, props);
        LOG.info("Journal {} on PostgreSQL at {} as node {}, lease {} s, pool {}, retention {} days",
                journal.ready() ? "open" : "registered, not ready,", s.url,
                s.nodeId, s.leaseSeconds, s.poolSize, s.retentionDays);
    }

    /** Exactly one journal: one chosen at start (H2's) stays until the next start. */
    private static boolean anotherJournalOpen(BundleContext context) {
        try {
            if (context.getServiceReferences(Journal.class, null).isEmpty()) {
                return false;
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        LOG.warn("Configuration {}: key 'store' is read at start; the journal changes to '{}' at the next start", PID,
                STORE);
        return true;
    }

    /** The validated keys; the password stays in the configuration, read only by the pool. */
    record Settings(String url, String username, int poolSize, int leaseSeconds, String nodeId, int retentionDays) {
    }

    /**
     * @param httpPort the framework's HTTP port, for the default node id
     * @throws IllegalArgumentException naming every key that cannot work (never the password's value)
     */
    static Settings settings(PostgresJournalConfig config, String httpPort) {
        List<String> problems = new ArrayList<>();
        String url = config.url().trim();
        if (url.isEmpty()) {
            problems.add("key 'url' is missing (jdbc:postgresql://host:port/database)");
        } else if (!url.startsWith("jdbc:postgresql://")) {
            problems.add("key 'url' must start with jdbc:postgresql://, was '" + withoutQuery(url) + "'");
        } else if (url.contains("password=")) {
            problems.add("key 'url' must not carry the password: set '.password'");
        }
        if (config.username().isBlank()) {
            problems.add("key 'username' is missing");
        }
        if (config.poolSize() < 2) {
            problems.add("key 'poolSize' must be 2 or more, was " + config.poolSize());
        }
        if (config.leaseSeconds() < 1) {
            problems.add("key 'leaseSeconds' must be 1 or more, was " + config.leaseSeconds());
        }
        if (config.retentionDays() < 1) {
            problems.add("key 'retentionDays' must be 1 or more, was " + config.retentionDays());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + PID + " refused: " + String.join("; ", problems));
        }
        String nodeId = config.nodeId().isBlank() ? defaultNodeId(httpPort) : config.nodeId().trim();
        return new Settings(url, config.username().trim(), config.poolSize(), config.leaseSeconds(), nodeId,
                config.retentionDays());
    }

    private static String withoutQuery(String url) {
        return url.split("\\?", 2)[0];
    }

    /** The host name and the HTTP port: unique per runtime on a network, and stable across restarts. */
    static String defaultNodeId(String httpPort) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return httpPort == null || httpPort.isBlank() ? host : host + ":" + httpPort.trim();
    }

    /** The pool the journal uses: also how tests build one. */
    static HikariDataSource pool(String url, String username, String password, int size, String nodeId) {
        // PgJDBC's own DataSource, not DriverManager: nothing to find through a class loader in OSGi.
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        pg.setUser(username);
        pg.setPassword(password);
        pg.setConnectTimeout((int) CONNECTION_TIMEOUT.toSeconds());
        pg.setApplicationName("jobhook " + nodeId);
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(pg);
        hc.setPoolName("jobhook-journal");
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(Math.min(2, size));
        hc.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // The journal's promise: a completion is on the database's disk before its 202, whatever the server's default.
        hc.setConnectionInitSql("SET synchronous_commit = on");
        // The database is checked by the journal's first statement, which names it when it cannot be reached.
        hc.setInitializationFailTimeout(-1);
        hc.setRegisterMbeans(false);
        return new HikariDataSource(hc);
    }

    private void purge(Duration retention) {
        try {
            int removed = journal.purge(Clock.systemUTC().instant().minus(retention));
            if (removed > 0) {
                LOG.info("Journal retention: removed {} finished completions older than {} days", removed,
                        retention.toDays());
            }
        } catch (RuntimeException e) {
            LOG.warn("Journal retention not applied: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        if (journal == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            LOG.debug("Journal service already unregistered");
        }
        purger.shutdownNow();
        journal.close();
        pool.close();
        metrics.close();
    }

    /** @return the journal opened, or null when another store is configured (tests) */
    PostgresJournal journal() {
        return journal;
    }
}
