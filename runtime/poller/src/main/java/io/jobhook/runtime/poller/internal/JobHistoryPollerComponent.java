package io.jobhook.runtime.poller.internal;

import io.jobhook.runtime.spi.PollerStatus;
import io.jobhook.runtime.spi.PollerStatusSource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceDescription;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.command.CommandApi;
import io.jobhook.runtime.spi.Checkpoints;
import io.jobhook.runtime.spi.CompletionIntake;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The job history poller, configured by PID {@code io.jobhook.poller}: runs a {@link JobHistoryPoller}
 * on one scheduler thread (the next poll is planned when one ends: the interval after a success, the
 * backoff after a failure), or nothing when {@code enabled=false} (the default) or the configuration is
 * invalid (one ERROR line naming the PID, the key and the value). Publishes its {@link PollerStatus} as a
 * {@link PollerStatusSource}.
 *
 * <p>All three references are static and mandatory: without a {@link CommandApi} service (no Command
 * configured) there is nothing to poll and the component is not active; a new Command configuration, a
 * new journal or dispatcher re-activates it, and it continues from the checkpoint in the journal. A
 * configuration change re-activates it too.
 */
@Component(service = PollerStatusSource.class, immediate = true, configurationPid = PollerSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PollerConfig.class)
@ServiceDescription("Jobhook job history poller")
public final class JobHistoryPollerComponent implements PollerStatusSource {

    private static final Logger LOG = LoggerFactory.getLogger(JobHistoryPollerComponent.class);
    /** How long deactivation waits for a poll in progress to stop. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String command;
    private final Clock clock;
    private final PollerStatus inactive;
    private final JobHistoryPoller poller;
    private final ScheduledExecutorService scheduler;
    /** Registered by the framework's constructor, where the process's registry is. */
    private PollerMetrics metrics;

    /**
     * @param config the configuration
     * @param api the Command to poll (static, mandatory)
     * @param intake where completions go (static, mandatory)
     * @param journal where the checkpoint is kept (static, mandatory)
     */
    @Activate
    public JobHistoryPollerComponent(PollerConfig config, @Reference(name = "commandApi") CommandApi api,
            @Reference(name = "intake") CompletionIntake intake, @Reference(name = "journal") Checkpoints journal) {
        this(Checked.of(config), api, intake, journal, Clock.systemUTC());
        if (poller != null) {
            metrics = new PollerMetrics(PrometheusRegistry.defaultRegistry, this::status);
        }
    }

    private JobHistoryPollerComponent(Checked checked, CommandApi api, CompletionIntake intake, Checkpoints journal,
            Clock clock) {
        this(checked.settings(), checked.refusal(), api, intake, journal, clock);
    }

    /**
     * @param settings the checked settings, or null when refused
     * @param refusal why the configuration was refused, or null
     */
    JobHistoryPollerComponent(PollerSettings settings, String refusal, CommandApi api, CompletionIntake intake,
            Checkpoints journal, Clock clock) {
        this.command = api.baseUri().toString();
        this.clock = clock;
        if (settings == null || !settings.enabled()) {
            this.inactive = PollerStatus.disabled(command, refusal, clock.instant());
            this.poller = null;
            this.scheduler = null;
            if (settings != null) {
                LOG.debug("Job history poller disabled ({} enabled=false)", PollerSettings.PID);
            }
            return;
        }
        this.inactive = null;
        this.poller = new JobHistoryPoller(api, intake, journal, settings, clock);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jobhook-poller");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a planned poll is dropped at stop
        this.scheduler = executor;
        LOG.info("Job history poller of {} started ({})", command, settings);
        schedule(Duration.ZERO);
    }

    /** The configuration checked: settings, or (after one ERROR line) why they were refused. */
    private record Checked(PollerSettings settings, String refusal) {
        static Checked of(PollerConfig c) {
            try {
                return new Checked(PollerSettings.of(c.enabled(), c.intervalSeconds(), c.pageSize(), c.startAt()), null);
            } catch (IllegalArgumentException e) {
                LOG.error("{}; the job history poller does not poll", e.getMessage());
                return new Checked(null, e.getMessage());
            }
        }
    }

    private void schedule(Duration delay) {
        poller.scheduled(clock.instant().plus(delay));
        try {
            scheduler.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Job history poller stopped: no further poll");
        }
    }

    private void run() {
        Duration next;
        try {
            next = poller.pollOnce();
        } catch (RuntimeException e) { // pollOnce catches Command's and the journal's errors; anything else is a bug
            LOG.error("Job history poll failed unexpectedly; polling again in {} s", JobHistoryPoller.MAX_BACKOFF
                    .toSeconds(), e);
            next = JobHistoryPoller.MAX_BACKOFF;
        }
        if (!scheduler.isShutdown() && !Thread.currentThread().isInterrupted()) {
            schedule(next);
        }
    }

    @Override
    public PollerStatus status() {
        return poller == null ? inactive : poller.status();
    }

    @Deactivate
    void deactivate() {
        if (metrics != null) {
            metrics.close();
        }
        if (scheduler == null) {
            return;
        }
        // Gently first: the poll in progress ends after its current row (a Command request ends within the
        // client's timeout); interrupting it could interrupt the journal's file I/O.
        poller.stop();
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Job history poller of {}: the poll in progress did not end within {} s; interrupting it",
                        command, STOP_WAIT.toSeconds());
                scheduler.shutdownNow();
                scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        poller.scheduled(null);
        LOG.info("Job history poller of {} stopped", command);
    }
}
