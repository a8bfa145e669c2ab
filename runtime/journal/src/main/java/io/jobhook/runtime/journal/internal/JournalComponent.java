package io.jobhook.runtime.journal.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.propertytypes.ServiceDescription;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.EventQuery;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.runtime.spi.JournaledCompletion;

/**
 * The {@link Journal} service: {@link H2Journal} in the directory named by the framework property
 * {@code jobhook.data} (default {@code data} under the working directory), purged by
 * {@link RetentionPurger} with {@code retentionDays} from PID {@code io.jobhook.journal}. A change of the
 * retention is applied in place ({@link Modified}): re-activating would close the database under the
 * dispatcher and the ingress.
 */
@Component(service = Journal.class, configurationPid = JournalComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = JournalConfig.class)
@ServiceDescription("Jobhook journal (embedded H2, group commit)")
public final class JournalComponent implements Journal {

    private static final Logger LOG = LoggerFactory.getLogger(JournalComponent.class);

    /** The configuration PID (runtime/journal/README.md). */
    static final String PID = "io.jobhook.journal";
    /** The framework property naming the data directory. */
    static final String DATA_PROPERTY = "jobhook.data";
    /** The data directory when the framework property is absent, under the working directory. */
    static final String DEFAULT_DATA = "data";
    /** How often the retention is applied. */
    static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    private final H2Journal journal;
    private final RetentionPurger purger;

    @Activate
    public JournalComponent(BundleContext context, JournalConfig config) {
        this(dataDir(context.getProperty(DATA_PROPERTY)), Clock.systemUTC(), config, PURGE_INTERVAL);
    }

    JournalComponent(Path dataDir, Clock clock, JournalConfig config, Duration purgeInterval) {
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
            this.purger = new RetentionPurger(journal, clock, retention, purgeInterval);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
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
        purger.close();
        journal.close();
        LOG.debug("Journal at {} closed", journal.dataDir());
    }

    /** @return the journal behind the service (tests) */
    H2Journal journal() {
        return journal;
    }

    @Override
    public Acceptance append(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException {
        return journal.append(context, idempotency);
    }

    @Override
    public Acceptance appendMatched(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
            Collection<String> handlers) throws JournalUnavailableException {
        return journal.appendMatched(context, idempotency, handlers);
    }

    @Override
    public void recordMatches(UUID eventId, Collection<String> handlers) {
        journal.recordMatches(eventId, handlers);
    }

    @Override
    public void recordAttempt(Attempt attempt, DeliveryState newState) {
        journal.recordAttempt(attempt, newState);
    }

    @Override
    public CompletionStage<Void> recordAttemptLater(Attempt attempt, DeliveryState newState) {
        return journal.recordAttemptLater(attempt, newState);
    }

    @Override
    public Optional<JournaledCompletion> completion(UUID eventId) {
        return journal.completion(eventId);
    }

    @Override
    public List<JournaledCompletion> unmatched(int limit) {
        return journal.unmatched(limit);
    }

    @Override
    public List<Delivery> pendingDeliveries(int limit) {
        return journal.pendingDeliveries(limit);
    }

    @Override
    public List<Delivery> deliveries(UUID eventId) {
        return journal.deliveries(eventId);
    }

    @Override
    public List<Attempt> attempts(UUID eventId) {
        return journal.attempts(eventId);
    }

    @Override
    public int purge(Instant cutoff) {
        return journal.purge(cutoff);
    }

    @Override
    public List<JournaledCompletion> recent(EventQuery query) {
        return journal.recent(query);
    }

    @Override
    public List<Delivery> deadLetters(String handler, int limit) {
        return journal.deadLetters(handler, limit);
    }

    @Override
    public Optional<Delivery> reopen(UUID eventId, String handler) {
        return journal.reopen(eventId, handler);
    }

    @Override
    public Optional<String> writeProblem() {
        return journal.writeProblem();
    }

    @Override
    public Optional<String> checkpoint(String name) {
        return journal.checkpoint(name);
    }

    @Override
    public void saveCheckpoint(String name, String value) {
        journal.saveCheckpoint(name, value);
    }
}
