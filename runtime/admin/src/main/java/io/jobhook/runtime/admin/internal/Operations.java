package io.jobhook.runtime.admin.internal;

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
            PollerStatus poller, java.util.List<io.jobhook.runtime.spi.JournalNode> nodes) {
    }

    private final EventHistory journal;
    private final JournalHealth journalHealth;
    private final DeliveryControl control;
    private final CompletionIntake intake;
    private final Supplier<CommandApi> client;
    private final Supplier<PollerStatus> poller;
    private final CommandProbe command;

    /**
     * @param poller the job history poller's status, answering null when no poller is installed
     * @param probes runs the calls that ask whether Command answers, off the health check's thread
     */
    Operations(EventHistory journal, JournalHealth journalHealth, DeliveryControl control, CompletionIntake intake, Supplier<CommandApi> client,
            Supplier<PollerStatus> poller, Clock clock, Executor probes) {
        this.journal = journal;
        this.journalHealth = journalHealth;
        this.control = control;
        this.intake = intake;
        this.client = client;
        this.poller = poller;
        this.command = new CommandProbe(client, clock, PROBE_INTERVAL, PROBE_WAIT, probes);
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
     * Writes nothing, and asks Command at most once per {@link #PROBE_INTERVAL}.
     *
     * @param details whether to count dead letters (a read of the journal) too
     */
    Health health(boolean details) {
        Optional<String> problem = journalHealth.writeProblem();
        CommandProbe.Result probe = command.current();
        Map<String, Integer> dead = new TreeMap<>();
        if (details && problem.isEmpty()) {
            journal.deadLetters(null, 1000).forEach(d -> dead.merge(d.handler(), 1, Integer::sum));
        }
        Status status = problem.isPresent() ? Status.DOWN : probe.reachable() ? Status.UP : Status.DEGRADED;
        CommandApi api = client.get();
        java.util.List<io.jobhook.runtime.spi.JournalNode> nodes = details && problem.isEmpty() ? nodes()
                : java.util.List.of();
        return new Health(status, problem.isEmpty(), problem.orElse(null), api == null ? null : api.baseUri().toString(),
                probe.reachable(), probe.productVersion(), probe.error(), dead, details ? poller.get() : null, nodes);
    }

    /** @return UP when the journal takes writes (the ingress can accept), DOWN when not; writes nothing */
    Health readiness() {
        Optional<String> problem = journalHealth.writeProblem();
        return new Health(problem.isEmpty() ? Status.UP : Status.DOWN, problem.isEmpty(), problem.orElse(null), null,
                false, null, null, Map.of(), null, java.util.List.of());
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
