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

import io.jobhook.runtime.spi.Checkpoints;
import io.jobhook.runtime.spi.DeliveryJournal;
import io.jobhook.runtime.spi.EventHistory;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournalHealth;

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
    /** The data directory when the framework property is absent, under the working directory. */
    static final String DEFAULT_DATA = "data";
    /** How often the retention is applied. */
    static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    /** What the journal is registered as: the whole, and each role its users ask for. */
    static final String[] SERVICES = {Journal.class.getName(), DeliveryJournal.class.getName(),
        EventHistory.class.getName(), Checkpoints.class.getName(), JournalHealth.class.getName()};

    private final H2Journal journal;
    private final RetentionPurger purger;
    /** Null when constructed for a test without a framework. */
    private final ServiceRegistration<?> registration;

    /**
     * Opens the journal and registers it, the {@link H2Journal} itself, as {@link #SERVICES}: a component that
     * handed each call on would be one more layer for nothing.
     */
    @Activate
    public JournalComponent(BundleContext context, JournalConfig config) {
        this(dataDir(context.getProperty(DATA_PROPERTY)), Clock.systemUTC(), config, PURGE_INTERVAL, context);
    }

    JournalComponent(Path dataDir, Clock clock, JournalConfig config, Duration purgeInterval) {
        this(dataDir, clock, config, purgeInterval, null);
    }

    private JournalComponent(Path dataDir, Clock clock, JournalConfig config, Duration purgeInterval,
            BundleContext context) {
        Duration retention = retention(config);
        H2Journal opened;
        try {
            opened = new H2Journal(dataDir, clock);
        } catch (RuntimeException e) {
            LOG.error("Journal not started: {}", e.getMessage());
            throw e;
        }
        this.journal = opened;
        try {
            this.purger = new RetentionPurger(journal::purge, clock, retention, purgeInterval);
        } catch (RuntimeException e) {
            journal.close();
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
        Duration retention = retention(config);
        purger.retention(retention);
        LOG.info("Journal retention now {} days", retention.toDays());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("Journal service already unregistered");
            }
        }
        purger.close();
        journal.close();
        LOG.debug("Journal at {} closed", journal.dataDir());
    }

    /** @return the journal registered as the services (tests) */
    H2Journal journal() {
        return journal;
    }
}
