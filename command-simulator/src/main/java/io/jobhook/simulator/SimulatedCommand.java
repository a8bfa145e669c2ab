package io.jobhook.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.jobhook.simulator.internal.AnsweredRequest;
import io.jobhook.simulator.internal.AuthScheme;
import io.jobhook.simulator.internal.CommandModel;
import io.jobhook.simulator.internal.ScheduleJson;
import io.jobhook.simulator.internal.SimulatorSettings;
import io.jobhook.simulator.internal.StandaloneSimulator;

/**
 * A simulated Keyfactor Command on a free loopback port, for tests: the instance of Keyfactor's sample
 * handler (orchestrator {@code fa406103-d84a-43ea-8bfd-99bc1f064281}, {@code orchestrator.kftrain.lab};
 * WinCert job types {@code 49b3a17d-cada-4ec8-84c6-7719bf5beef3} inventory,
 * {@code 4be14534-55b0-4cd7-9871-536b55b5e973} management, {@code e868b3f8-9b6a-48b1-91c8-683d71d94f61}
 * reenrollment; a WinCert store, certificates 11 to 13 and the custom job type {@code RestartService}),
 * answering Command's REST API with Command's JSON. It runs no jobs of its own, so all that happens to it
 * is what the test does. It accepts HTTP Basic only, for one generated account.
 *
 * <pre>{@code
 * try (SimulatedCommand command = SimulatedCommand.start()) {
 *     CommandApi client = CommandClients.basic(command.baseUri(), command.username(), command.password());
 *     client.storeTypeByName("WinCert");
 *     assertThat(command.requests()).extracting(SimulatedCommand.Request::path)
 *             .containsExactly("/CertificateStoreTypes/Name/WinCert");
 * }
 * }</pre>
 *
 * <p>{@link #builder()} sets what a test needs fixed (the seed its GUIDs derive from, a clock it moves, known
 * credentials, OAuth beside Basic, a larger catalogue of store types). The job methods
 * ({@link #scheduleManagementAdd}, {@link #startDueJobs}, {@link #completeRunningJobs}, {@link #addJobHistory}, …)
 * drive the instance as its orchestrators would, for a test of something that reads Command's job history.
 *
 * <p>Thread-safe. In OSGi it needs {@code com.sun.net.httpserver} from the framework (JDK module
 * {@code jdk.httpserver}).
 */
public final class SimulatedCommand implements AutoCloseable {

    private final StandaloneSimulator simulator;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SimulatedCommand(StandaloneSimulator simulator) {
        this.simulator = simulator;
    }

    /**
     * Starts a simulated Command without faults.
     *
     * @throws UncheckedIOException when no loopback port can be bound
     */
    public static SimulatedCommand start() {
        return start("");
    }

    /**
     * Starts a simulated Command with faults in force from its first request.
     *
     * @param faults a fault spec as {@link #faults(String)} takes it; null or empty for none
     * @throws IllegalArgumentException naming the bad item of the spec
     * @throws UncheckedIOException when no loopback port can be bound
     */
    public static SimulatedCommand start(String faults) {
        return builder().faults(faults).start();
    }

    /**
     * @return a builder of a simulated Command: seed 1, the system clock, Basic only with account
     *         {@code KFTRAIN\svc} and a generated password, the built-in store types, no faults
     * @since 1.1
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Replaces the faults in force; they apply to the API's requests from the next one on. A spec is
     * {@code name=value} items separated by {@code ;}: a trigger is a rate in [0,1] or a count {@code <n>x}
     * ("the next n requests"). Items: {@code status500}, {@code status503}, {@code status429} (with
     * {@code Retry-After: retryAfterSeconds}, default 1), {@code disconnect}, {@code truncate},
     * {@code malformed} (triggers), {@code latencyMs} and {@code retryAfterSeconds} (numbers). For example
     * {@code status503=1x} makes the next request answer 503, {@code status500=1.0} makes every one
     * answer 500. A 500, 503, 429 or disconnect comes before the request is acted on (nothing changes).
     *
     * @param spec the faults, null or empty for none
     * @throws IllegalArgumentException naming the bad item; then the faults in force stay
     */
    public void faults(String spec) {
        simulator.faults().set(spec == null ? "" : spec);
    }

    /** @return the API's base URI, e.g. {@code http://127.0.0.1:PORT/KeyfactorAPI/} (with the slash) */
    public URI baseUri() {
        return simulator.baseUri();
    }

    /** @return the Basic account's {@code DOMAIN\\user}: {@code KFTRAIN\svc} */
    public String username() {
        return simulator.settings().user();
    }

    /** @return the Basic account's password, generated for this instance */
    public String password() {
        return simulator.settings().password();
    }

    /**
     * @return every API request answered so far, in the order the answers were made, those answered with
     *         a fault included; requests outside the API (the simulator's own control endpoints) are not
     *         listed
     */
    public List<Request> requests() {
        return simulator.simulator().answeredRequests().stream().map(SimulatedCommand::request).toList();
    }

    private static Request request(AnsweredRequest r) {
        return new Request(r.method(), r.path(), r.rawQuery(), r.status());
    }

    /**
     * @return every custom job scheduled so far ({@code POST /OrchestratorJobs/Custom}, what
     *         {@code CommandApi.scheduleCustomJob} sends), in the order scheduled; none of them runs
     */
    public List<ScheduledCustomJob> scheduledCustomJobs() {
        return simulator.model().customJobs().stream().map(SimulatedCommand::customJob).toList();
    }

    private static ScheduledCustomJob customJob(SimJob j) {
        return new ScheduledCustomJob(j.jobId(), j.jobTypeName(), j.agentId(), j.jobFields(),
                ScheduleJson.toJson(j.schedule()).toString(), j.requested());
    }

    /**
     * Writes the job history Keyfactor's sample README shows for its WinCert inventory job (job
     * {@code 0b4b411a-4b26-4492-a575-a10adb43a08a}: three runs done, one still running), so a handler that asks
     * Command about that job gets the answer a live Command gave.
     */
    public void addSampleHistory() {
        simulator.model().addSampleHistory();
    }

    /**
     * Runs every scheduled job that is due (an immediate custom job, for one), as orchestrators would, each
     * leaving its row in the job history. Nothing runs unless asked: the simulated Command has no clock of its own.
     */
    public void runDueJobs() {
        simulator.model().runDueJobs(Instant.now().plusSeconds(1));
    }

    /** Stops listening; the lists stay readable. A second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            simulator.close();
        }
    }

    /**
     * @return the OAuth token endpoint, e.g. {@code http://127.0.0.1:PORT/oauth2/token}; it answers only when
     *         the builder enabled OAuth
     * @since 1.1
     */
    public URI tokenUri() {
        return simulator.tokenUri();
    }

    /** @return the OAuth client's id; {@code jobhook} unless the builder named another */
    public String clientId() {
        return simulator.settings().clientId();
    }

    /** @return the OAuth client's secret, generated unless the builder gave one */
    public String clientSecret() {
        return simulator.settings().clientSecret();
    }

    /**
     * @param pathSuffix the end of a path below the API's base path, any case, e.g. {@code /OrchestratorJobs/Custom};
     *        empty for every path
     * @return how many API requests to such paths arrived, faulted ones included
     * @since 1.1
     */
    public long requestCount(String pathSuffix) {
        return simulator.requestCount(pathSuffix == null ? "" : pathSuffix);
    }

    /** @return how many faults of each kind were injected so far, e.g. {@code status503=2} */
    public Map<String, Long> injectedFaults() {
        return simulator.faults().injected();
    }

    /** @return the short names of the instance's store types, e.g. {@code WinCert} */
    public List<String> storeTypeNames() {
        return model().storeTypes().stream().map(t -> t.shortName()).toList();
    }

    /** @return the orchestrators' AgentIds, the sample's first */
    public List<UUID> orchestratorIds() {
        return model().agents().stream().map(a -> a.agentId()).toList();
    }

    /** @return the sample's orchestrator, {@code orchestrator.kftrain.lab} */
    public UUID defaultOrchestratorId() {
        return model().defaultAgent().agentId();
    }

    /**
     * Adds an approved orchestrator.
     *
     * @param clientMachine its host name
     * @param capabilities e.g. {@code CertStores.WinCert.Inventory}
     * @return its AgentId
     * @since 1.1
     */
    public UUID addOrchestrator(String clientMachine, List<String> capabilities) {
        return model().addAgent(clientMachine, capabilities).agentId();
    }

    /** @return the sample's WinCert store ({@code iistarget.kftrain.lab}, path {@code My}) */
    public UUID defaultStoreId() {
        return model().defaultStore().id();
    }

    /** @return the GUID of a custom job type by name, e.g. {@code RestartService} */
    public Optional<UUID> customJobTypeId(String name) {
        return model().customJobType(name).map(t -> t.id());
    }

    /**
     * Schedules an immediate management add to a store.
     *
     * @param certificateId the certificate to add, or null for a new one
     * @throws IllegalArgumentException for an unknown store
     * @since 1.1
     */
    public SimJob scheduleManagementAdd(UUID storeId, Integer certificateId) {
        return model().scheduleManagementAdd(storeId, certificateId);
    }

    /** Schedules an immediate reenrollment of a store. */
    public SimJob scheduleReenrollment(UUID storeId) {
        return model().scheduleReenrollment(storeId);
    }

    /**
     * Schedules a custom job, as {@code POST /OrchestratorJobs/Custom} does.
     *
     * @param schedule when it runs; null for immediately
     * @param fields its fields by name; defaults fill the others
     * @throws IllegalArgumentException naming the unknown orchestrator, type or field, or a missing required field
     * @since 1.1
     */
    public SimJob scheduleCustomJob(UUID orchestratorId, String jobTypeName, SimSchedule schedule, Map<String, ?> fields) {
        return model().scheduleCustomJob(orchestratorId, jobTypeName, schedule, fields);
    }

    /**
     * Schedules the sample's immediate jobs on its store: a management add, a management remove and a
     * reenrollment (the store's inventory recurs anyway).
     *
     * @return those three jobs, in that order, then the store's inventory
     * @since 1.1
     */
    public List<SimJob> scheduleSampleJobs() {
        return model().scheduleSampleJobs();
    }

    /**
     * Sets the results of a job's next runs, in order; runs beyond them succeed. A failed one-off job is
     * retried 30 s later, at most three times.
     *
     * @since 1.1
     */
    public void planResults(UUID jobId, SimJobResult... results) {
        model().planResults(jobId, results);
    }

    /** @return every job the instance knows, recurring and one-off */
    public List<SimJob> scheduledJobs() {
        return model().scheduledJobs();
    }

    /** @return a job by its GUID */
    public Optional<SimJob> job(UUID jobId) {
        return model().job(jobId);
    }

    /**
     * Starts every job due at {@code now}: each gets an InProcess row in the job history.
     *
     * @return the rows written
     * @since 1.1
     */
    public List<HistoryRow> startDueJobs(Instant now) {
        return model().startDueJobs(now);
    }

    /**
     * Completes every running job at {@code now}, with its planned result or Success.
     *
     * @return the completions, as Command would hand them to its handlers
     * @since 1.1
     */
    public List<Completion> completeRunningJobs(Instant now) {
        return model().completeRunningJobs(now);
    }

    /**
     * {@link #startDueJobs} and {@link #completeRunningJobs} in one step.
     *
     * @since 1.1
     */
    public List<Completion> runDueJobs(Instant now) {
        return model().runDueJobs(now);
    }

    /** Calls {@code listener} with every completion from now on, on the thread that completes the job. */
    public void onCompletion(Consumer<Completion> listener) {
        model().addCompletionListener(listener);
    }

    /** @return the job history, oldest row first */
    public List<HistoryRow> jobHistory() {
        return model().jobHistory();
    }

    /** @return one row of the job history */
    public Optional<HistoryRow> jobHistoryRow(long jobHistoryId) {
        return model().jobHistoryRow(jobHistoryId);
    }

    /**
     * Writes a row as it is, for a history no job of this instance made (another orchestrator, an unknown job type).
     *
     * @return the row
     * @throws IllegalArgumentException when its JobHistoryId is taken
     * @since 1.1
     */
    public HistoryRow addJobHistory(HistoryRow row) {
        return model().addJobHistory(row);
    }

    /**
     * Writes a finished run of the store's inventory.
     *
     * @return the row, with the next JobHistoryId
     * @since 1.1
     */
    public HistoryRow addJobHistory(SimJobResult result, SimHistoryStatus status, Instant start, String message) {
        return model().addJobHistory(result, status, start, message);
    }

    /**
     * Writes {@code count} successful runs of the store's inventory, a minute apart from {@code firstStart}.
     *
     * @since 1.1
     */
    public List<HistoryRow> addJobHistory(int count, Instant firstStart) {
        return model().addJobHistory(count, firstStart);
    }

    private CommandModel model() {
        return simulator.model();
    }

    /** @return the base URI, never the password */
    @Override
    public String toString() {
        return "SimulatedCommand[" + baseUri() + "]";
    }

    /**
     * An API request the simulated Command answered.
     *
     * @param method e.g. {@code GET}
     * @param path the path below the API's base path, as sent (still percent-encoded), e.g.
     *        {@code /OrchestratorJobs/JobHistory}
     * @param query the query as sent (still percent-encoded), e.g. {@code pq.queryString=JobId%20-eq%20...},
     *        or null when there was none
     * @param status the status answered; 0 when the connection was closed without an answer (fault
     *        {@code disconnect})
     */
    public record Request(String method, String path, String query, int status) {

        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A custom job as the simulated Command holds it.
     *
     * @param jobId the job's GUID, the {@code JobId} Command answered with
     * @param jobTypeName the custom job type's name, e.g. {@code RestartService}, as the type spells it
     * @param agentId the orchestrator it is for
     * @param jobFields its fields, named as the type spells them, values as text: those sent, plus the
     *        defaults of those not sent
     * @param schedule its schedule as Keyfactor's JSON, e.g. {@code {"Immediate":true}},
     *        {@code {"Interval":{"Minutes":30}}}, {@code {"ExactlyOnce":{"Time":"2024-05-01T12:00:00Z"}}}
     * @param requested when it was scheduled
     */
    public record ScheduledCustomJob(UUID jobId, String jobTypeName, UUID agentId, Map<String, String> jobFields,
            String schedule, Instant requested) {

        public ScheduledCustomJob {
            Objects.requireNonNull(jobTypeName, "jobTypeName");
            jobFields = jobFields == null ? Map.of() : Map.copyOf(jobFields);
        }
    }

    /**
     * How to start a simulated Command.
     *
     * @since 1.1
     */
    public static final class Builder {

        private SimulatorSettings settings = SimulatorSettings.defaults()
                .withJobIntervalSeconds(0)   // no engine: a test's Command does nothing it was not asked to
                .withAuth(EnumSet.of(AuthScheme.BASIC));
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** @param seed what the instance's GUIDs derive from; 1, the sample's, unless set */
        public Builder seed(long seed) {
            settings = settings.withSeed(seed);
            return this;
        }

        /** @param clock what the instance reads the time from: a test's own clock makes job times its to choose */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param domainUser the Basic account, e.g. {@code KFTRAIN\svc}
         * @throws IllegalArgumentException for a blank user, a user with ':' or an empty password
         */
        public Builder user(String domainUser, String password) {
            settings = settings.withUser(domainUser, password);
            return this;
        }

        /**
         * Accepts OAuth 2.0 client credentials beside Basic, at {@link SimulatedCommand#tokenUri()}.
         *
         * @throws IllegalArgumentException for a blank client id or secret
         */
        public Builder oauthClient(String clientId, String secret) {
            settings = settings.withClient(clientId, secret).withAuth(EnumSet.allOf(AuthScheme.class));
            return this;
        }

        /**
         * @param file store type definitions in {@code kfutil}'s JSON, served beside the built-in ones
         * @throws IllegalArgumentException when the file cannot be read (on {@link #start()})
         */
        public Builder storeTypesFile(Path file) {
            settings = settings.withStoreTypesFile(file);
            return this;
        }

        /**
         * @param faults a fault spec as {@link SimulatedCommand#faults(String)} takes it, in force from the first request
         * @throws IllegalArgumentException naming the bad item of the spec
         */
        public Builder faults(String faults) {
            settings = settings.withFaults(faults);
            return this;
        }

        /**
         * @throws UncheckedIOException when no loopback port can be bound
         * @throws IllegalArgumentException when the store types file cannot be loaded
         */
        public SimulatedCommand start() {
            // The JDK's HTTP server holds each answer's last bytes back (Nagle's algorithm): some 40 ms a call on loopback.
            // It reads this once, when its first server starts; a test's own setting wins.
            if (System.getProperty("sun.net.httpserver.nodelay") == null) {
                System.setProperty("sun.net.httpserver.nodelay", "true");
            }
            StandaloneSimulator sim;
            try {
                sim = StandaloneSimulator.start(0, settings, clock);
            } catch (IOException e) {
                throw new UncheckedIOException("The simulated Command could not listen on a loopback port", e);
            }
            sim.simulator().recordRequests();
            return new SimulatedCommand(sim);
        }
    }
}
