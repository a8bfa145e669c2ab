package io.jobhook.runtime.journal.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.runtime.journal.metrics.CommitMetrics;
import io.jobhook.runtime.spi.Checkpoints;
import io.jobhook.runtime.spi.DeliveryJournal;
import io.jobhook.runtime.spi.EventHistory;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournalBackup;
import io.jobhook.runtime.spi.JournalHealth;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The {@link Journal} service: {@link H2Journal} in the directory named by the framework property
 * {@code jobhook.data} (default {@code data} under the working directory), purged by
 * {@link RetentionPurger} with {@code retentionDays} from PID {@code io.jobhook.journal}. A change of the
 * retention is applied in place ({@link Modified}): re-activating would close the database under the
 * dispatcher and the ingress.
 */
@Component(service = {}, configurationPid = JournalComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = JournalConfig.class)
public final class JournalComponent {

    private static final Logger LOG = LoggerFactory.getLogger(JournalComponent.class);

    /** The configuration PID (runtime/journal/README.md). */
    static final String PID = "io.jobhook.journal";
    /** The framework property naming the data directory. */
    static final String DATA_PROPERTY = "jobhook.data";
    /** The value of {@code store} that opens this journal (the default), and the one another bundle serves. */
    static final String H2 = "h2";
    static final String POSTGRESQL = "postgresql";
    /** The data directory when the framework property is absent, under the working directory. */
    static final String DEFAULT_DATA = "data";
    /** How often the retention is applied. */
    static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    /** What the journal is registered as: the whole, and each role its users ask for. */
    static final String[] SERVICES = {Journal.class.getName(), DeliveryJournal.class.getName(),
        EventHistory.class.getName(), Checkpoints.class.getName(), JournalHealth.class.getName(),
        JournalBackup.class.getName()};

    private final H2Journal journal;
    private final RetentionPurger purger;
    /** Null when constructed for a test without a framework. */
    private final ServiceRegistration<?> registration;
    private final CommitMetrics metrics;

    /**
     * Opens the journal and registers it, the {@link H2Journal} itself, as {@link #SERVICES}: a component that
     * handed each call on would be one more layer for nothing.
     */
    @Activate
    public JournalComponent(BundleContext context, JournalConfig config) {
        this(dataDir(context.getProperty(DATA_PROPERTY)), Clock.systemUTC(), config, PURGE_INTERVAL, context,
                PrometheusRegistry.defaultRegistry);
    }

    JournalComponent(Path dataDir, Clock clock, JournalConfig config, Duration purgeInterval) {
        this(dataDir, clock, config, purgeInterval, null, new PrometheusRegistry());
    }

    /** @param registry where its writers' series go: the process's, or a test's own */
    private JournalComponent(Path dataDir, Clock clock, JournalConfig config, Duration purgeInterval,
            BundleContext context, PrometheusRegistry registry) {
        if (!opensH2(config.store())) {
            LOG.info("Journal store is {}: the embedded H2 journal is not opened", POSTGRESQL);
            journal = null;
            purger = null;
            registration = null;
            metrics = null;
            return;
        }
        Duration retention = retention(config);
        H2Journal opened;
        try {
            opened = new H2Journal(dataDir, clock);
        } catch (RuntimeException e) {
            LOG.error("Journal not started: {}", e.getMessage());
            throw e;
        }
        this.journal = opened;
        this.metrics = new CommitMetrics(registry);
        journal.observe(metrics);
        try {
            this.purger = new RetentionPurger(journal::purge, clock, retention, purgeInterval);
        } catch (RuntimeException e) {
            journal.close();
            metrics.close();
            throw e;
        }
        if (context != null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Constants.SERVICE_DESCRIPTION, "Jobhook journal (embedded H2, group commit)");
            registration = context.registerService(SERVICES, journal, props);
        } else {
            registration = null;
        }
        LOG.info("Journal open at {}, retention {} days", journal.dataDir(), retention.toDays());
    }

    /**
     * @return whether {@code store} names this journal; false for PostgreSQL's
     * @throws IllegalArgumentException for any other value, naming it and the two that work
     */
    static boolean opensH2(String store) {
        String s = store == null ? "" : store.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.isEmpty() || s.equals(H2)) {
            return true;
        }
        if (s.equals(POSTGRESQL)) {
            return false;
        }
        String message = "Configuration " + PID + " refused: key 'store' must be " + H2 + " or " + POSTGRESQL
                + ", was '" + store.trim() + "'";
        LOG.error(message);
        throw new IllegalArgumentException(message);
    }

    static Path dataDir(String property) {
        String dir = property == null || property.isBlank() ? DEFAULT_DATA : property.trim();
        return Path.of(dir).toAbsolutePath().normalize();
    }

    private static Duration retention(JournalConfig config) {
        try {
            return RetentionPurger.retentionDays(PID, config.retentionDays());
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
    }

    @Modified
    void modified(JournalConfig config) {
        if (journal == null || !opensH2(config.store())) {
            // Exactly one journal: the one chosen at start stays until the next start.
            LOG.warn("Configuration {}: key 'store' is read at start; the journal changes to '{}' at the next start",
                    PID, config.store().trim());
            return;
        }
        Duration retention = retention(config);
        purger.retention(retention);
        LOG.info("Journal retention now {} days", retention.toDays());
    }

    @Deactivate
    void deactivate() {
        if (journal == null) {
            return;
        }
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("Journal service already unregistered");
            }
        }
        purger.close();
        journal.close();
        metrics.close();
        LOG.debug("Journal at {} closed", journal.dataDir());
    }

    /** @return the journal registered as the services (tests) */
    H2Journal journal() {
        return journal;
    }
}
