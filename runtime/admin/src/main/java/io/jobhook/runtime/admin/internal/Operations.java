package io.jobhook.runtime.admin.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApi;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryControl;
import io.jobhook.runtime.spi.EventHistory;
import io.jobhook.runtime.spi.EventQuery;
import io.jobhook.runtime.spi.HandlerStatus;
import io.jobhook.runtime.spi.JournalBackup;
import io.jobhook.runtime.spi.JournalHealth;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.runtime.spi.JournaledCompletion;
import io.jobhook.runtime.spi.PollerStatus;

/** What operators see and do, whatever the channel (admin API, Gogo). Thread-safe. */
final class Operations {

    /** How long an answer of Command is kept, so health checks do not hammer Command, whatever their rate. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(10);
    /** The longest a health check waits for Command when it has no earlier answer. */
    static final Duration PROBE_WAIT = Duration.ofSeconds(2);

    /** The runtime's state as health checks report it. */
    enum Status {
        /** The journal takes writes and Command answers. */
        UP(200),
        /** The journal takes writes, Command does not answer: pushed completions are still journaled, delivered later. */
        DEGRADED(200),
        /** The journal cannot take writes: pushed completions are refused. */
        DOWN(503);

        final int httpStatus;

        Status(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    /** A completion with its deliveries. */
    record EventSummary(JournaledCompletion completion, List<Delivery> deliveries) {
    }

    /** A completion with its deliveries and every attempt. */
    record EventDetail(JournaledCompletion completion, List<Delivery> deliveries, List<Attempt> attempts) {
    }

    /**
     * The runtime's health, read without writing anything.
     *
     * @param deadLetters handlers with dead letters, and how many (up to 1000 counted); empty unless asked for
     * @param nodes the runtimes sharing the journal, this one among them; empty for a journal of one runtime, and
     *        unless asked for
     */
    record Health(Status status, boolean journalWritable, String journalError, String commandUrl,
            boolean commandReachable, String productVersion, String commandError, Map<String, Integer> deadLetters,
            PollerStatus poller, java.util.List<io.jobhook.runtime.spi.JournalNode> nodes,
            List<HealthChecks.Outcome> checks) {
    }

    private final EventHistory journal;
    private final JournalHealth journalHealth;
    private final DeliveryControl control;
    private final CompletionIntake intake;
    private final Supplier<CommandApi> client;
    private final Supplier<PollerStatus> poller;
    private final CommandProbe command;
    private final HealthChecks checks;
    private final Supplier<JournalBackup> backup;

    /**
     * @param poller the job history poller's status, answering null when no poller is installed
     * @param probes runs the calls that ask whether Command answers, off the health check's thread
     */
    Operations(EventHistory journal, JournalHealth journalHealth, DeliveryControl control, CompletionIntake intake, Supplier<CommandApi> client,
            Supplier<PollerStatus> poller, Clock clock, Executor probes) {
        this(journal, journalHealth, control, intake, client, poller, clock, probes, DEFAULT_LAG_WARNING, () -> null);
    }

    /** A poller further behind Command than this, by default, is a warning of the poller's health check. */
    static final Duration DEFAULT_LAG_WARNING = Duration.ofMinutes(5);

    /**
     * @param lagWarning a poller further behind than this is a warning
     * @param backup the journal's online backup, answering null where the journal offers none
     */
    Operations(EventHistory journal, JournalHealth journalHealth, DeliveryControl control, CompletionIntake intake,
            Supplier<CommandApi> client, Supplier<PollerStatus> poller, Clock clock, Executor probes,
            Duration lagWarning, Supplier<JournalBackup> backup) {
        this.backup = backup;
        this.journal = journal;
        this.journalHealth = journalHealth;
        this.control = control;
        this.intake = intake;
        this.client = client;
        this.poller = poller;
        this.command = new CommandProbe(client, clock, PROBE_INTERVAL, PROBE_WAIT, probes);
        this.checks = new HealthChecks(journalHealth, journal, command, client, poller, lagWarning);
    }

    /**
     * Writes a consistent online backup of the journal to {@code target}.
     *
     * @throws IllegalStateException when the journal offers no backup (PostgreSQL's is the database's own)
     * @throws IOException when the file cannot be written (it exists, its folder does not)
     */
    Path backup(Path target) throws IOException {
        JournalBackup b = backup.get();
        if (b == null) {
            throw new IllegalStateException("This journal offers no backup of its own: a journal on PostgreSQL is "
                    + "backed up with the database's tools (pg_dump)");
        }
        return b.backup(target);
    }

    /** @return the health checks, as registered with Felix Health Checks and run by {@link #health} */
    HealthChecks checks() {
        return checks;
    }

    List<HandlerStatus> handlers() {
        return control.handlers();
    }

    List<EventSummary> events(EventQuery query) {
        return journal.recent(query).stream()
                .map(c -> new EventSummary(c, journal.deliveries(c.context().eventId()))).toList();
    }

    Optional<EventDetail> event(UUID eventId) {
        return journal.completion(eventId)
                .map(c -> new EventDetail(c, journal.deliveries(eventId), journal.attempts(eventId)));
    }

    /**
     * @param eventId the dead letter's completion, or null for every dead letter of the handler
     * @return how many deliveries were replayed
     */
    int replay(UUID eventId, String handler) {
        if (handler == null || handler.isBlank()) {
            throw new IllegalArgumentException("A replay names the handler identity");
        }
        return eventId == null ? control.replayAll(handler) : control.replay(eventId, handler) ? 1 : 0;
    }

    /** Injects a completion by hand, as a source of its own ({@code MANUAL}). */
    Acceptance fire(OrchestratorJobCompleteHandlerContext context) throws JournalUnavailableException {
        return intake.accept(context.toBuilder().source(CompletionSource.MANUAL).client(null).build(), null);
    }

    /**
     * The seed's step 2 in one call: a store type's job-type GUIDs from the connected Command.
     *
     * @throws IllegalStateException when no Command is configured
     */
    Optional<CertificateStoreType> jobTypes(String storeType) {
        return requireClient().storeTypeByName(storeType);
    }

    /**
     * Runs every health check; writes nothing, and asks Command at most once per {@link #PROBE_INTERVAL}.
     *
     * @param details whether to list the runtimes sharing the journal and the poller's state too
     */
    Health health(boolean details) {
        return health(details, List.of());
    }

    /**
     * Runs the health checks with any of {@code tags} (all of them when empty): the status is their worst, a
     * critical one DOWN, a warning DEGRADED.
     *
     * @throws IllegalArgumentException for a tag no check carries
     */
    Health health(boolean details, java.util.Collection<String> tags) {
        List<HealthChecks.Outcome> outcomes = HealthChecks.tagged(tags).stream().map(checks::outcome).toList();
        org.apache.felix.hc.api.Result.Status worst = org.apache.felix.hc.api.Result.Status.OK;
        for (HealthChecks.Outcome o : outcomes) {
            if (o.worseThan(worst)) {
                worst = o.status();
            }
        }
        Status status = switch (worst) {
            case OK -> Status.UP;
            case WARN, TEMPORARILY_UNAVAILABLE -> Status.DEGRADED;
            default -> Status.DOWN;
        };
        Optional<String> problem = journalHealth.writeProblem();
        CommandProbe.Result probe = command.current();
        Map<String, Integer> dead = details && problem.isEmpty() ? checks.deadLetters() : Map.of();
        CommandApi api = client.get();
        java.util.List<io.jobhook.runtime.spi.JournalNode> nodes = details && problem.isEmpty() ? nodes()
                : java.util.List.of();
        return new Health(status, problem.isEmpty(), problem.orElse(null), api == null ? null : api.baseUri().toString(),
                probe.reachable(), probe.productVersion(), probe.error(), new TreeMap<>(dead),
                details ? poller.get() : null, nodes, outcomes);
    }

    /** @return UP when the journal takes writes (the ingress can accept), DOWN when not; writes nothing */
    Health readiness() {
        Optional<String> problem = journalHealth.writeProblem();
        return new Health(problem.isEmpty() ? Status.UP : Status.DOWN, problem.isEmpty(), problem.orElse(null), null,
                false, null, null, Map.of(), null, java.util.List.of(), List.of());
    }

    /** The runtimes sharing the journal; a journal that cannot say (its database just went) lists none. */
    private java.util.List<io.jobhook.runtime.spi.JournalNode> nodes() {
        try {
            return journalHealth.nodes();
        } catch (RuntimeException e) {
            return java.util.List.of();
        }
    }

    private CommandApi requireClient() {
        CommandApi api = client.get();
        if (api == null) {
            throw new IllegalStateException("No Command API is configured (etc/io.jobhook.command.cfg)");
        }
        return api;
    }
}
