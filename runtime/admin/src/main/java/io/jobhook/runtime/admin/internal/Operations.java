package io.jobhook.runtime.admin.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.CommandRequest;
import io.jobhook.api.command.CommandResponse;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryControl;
import io.jobhook.runtime.spi.EventQuery;
import io.jobhook.runtime.spi.HandlerStatus;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.runtime.spi.JournaledCompletion;
import io.jobhook.runtime.spi.PollerStatus;

/** What operators see and do, whatever the channel (admin API, Gogo). Thread-safe. */
final class Operations {

    /** How long a Command reachability probe is trusted, so health checks do not hammer Command. */
    static final Duration PROBE_TTL = Duration.ofSeconds(10);

    /** A completion with its deliveries. */
    record EventSummary(JournaledCompletion completion, List<Delivery> deliveries) {
    }

    /** A completion with its deliveries and every attempt. */
    record EventDetail(JournaledCompletion completion, List<Delivery> deliveries, List<Attempt> attempts) {
    }

    /**
     * The runtime's health: UP when the journal takes writes and Command answers.
     *
     * @param deadLetters handlers with dead letters, and how many (up to 1000 counted)
     */
    record Health(boolean up, boolean journalWritable, String journalError, String commandUrl,
            boolean commandReachable, String productVersion, String commandError, Map<String, Integer> deadLetters,
            PollerStatus poller) {
    }

    private record Probe(Instant at, boolean reachable, String version, String error) {
    }

    private final Journal journal;
    private final DeliveryControl control;
    private final CompletionIntake intake;
    private final Supplier<CommandApi> client;
    private final Supplier<PollerStatus> poller;
    private final Clock clock;
    private volatile Probe lastProbe;

    /** @param poller the job history poller's status, answering null when no poller is installed */
    Operations(Journal journal, DeliveryControl control, CompletionIntake intake, Supplier<CommandApi> client,
            Supplier<PollerStatus> poller, Clock clock) {
        this.journal = journal;
        this.control = control;
        this.intake = intake;
        this.client = client;
        this.poller = poller;
        this.clock = clock;
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

    Health health() {
        boolean writable;
        String journalError = null;
        try {
            journal.saveCheckpoint("health:probe", clock.instant().toString());
            writable = true;
        } catch (RuntimeException e) {
            writable = false;
            journalError = e.getMessage();
        }
        CommandApi api = client.get();
        Probe probe = api == null ? new Probe(clock.instant(), false, null, "no Command API configured") : probe(api);
        Map<String, Integer> dead = new TreeMap<>();
        if (writable) {
            journal.deadLetters(null, 1000).forEach(d -> dead.merge(d.handler(), 1, Integer::sum));
        }
        return new Health(writable && probe.reachable(), writable, journalError,
                api == null ? null : api.baseUri().toString(), probe.reachable(), probe.version(), probe.error(), dead,
                poller.get());
    }

    private Probe probe(CommandApi api) {
        Probe last = lastProbe;
        if (last != null && Duration.between(last.at(), clock.instant()).compareTo(PROBE_TTL) < 0) {
            return last;
        }
        Probe fresh;
        try {
            CommandResponse r = api.send(CommandRequest.get("/Status/Endpoints"));
            fresh = new Probe(clock.instant(), true, r.header("X-Keyfactor-Product-Version").orElse(null), null);
        } catch (CommandApiException e) {
            fresh = new Probe(clock.instant(), false, null, e.getMessage());
        }
        lastProbe = fresh;
        return fresh;
    }

    private CommandApi requireClient() {
        CommandApi api = client.get();
        if (api == null) {
            throw new IllegalStateException("No Command API is configured (etc/io.jobhook.command.cfg)");
        }
        return api;
    }
}
