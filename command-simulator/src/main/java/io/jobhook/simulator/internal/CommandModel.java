package io.jobhook.simulator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.simulator.Completion;
import io.jobhook.simulator.HistoryRow;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJob;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.simulator.SimOperationType;
import io.jobhook.simulator.SimSchedule;

/**
 * The live state of one simulated Command instance: store types, orchestrators, stores, certificates,
 * custom job types, jobs and job history, and the engine that runs due jobs. Thread-safe: every method
 * may be called from any thread; reads return snapshots.
 *
 * <p>The default instance (any seed) has one approved orchestrator ({@code orchestrator.kftrain.lab},
 * with the default seed AgentId {@code fa406103-d84a-43ea-8bfd-99bc1f064281}), one WinCert store
 * {@code iistarget.kftrain.lab} path {@code My} inventoried every minute, three certificates (ids 11 to
 * 13; the next one gets 14), and the custom job type {@code RestartService}.
 *
 * <p>Jobs: {@link #startDueJobs} writes an InProcess row for each due job, {@link #completeRunningJobs}
 * completes them (Success unless {@link #planResults} says otherwise). A failed one-off job is marked
 * {@code CompletedWillRetry} and runs again {@link #RETRY_DELAY} later with its retry count raised, up to
 * {@link #MAX_RETRIES} times. {@link #runDueJobs} does both in one step.
 */
public final class CommandModel {

    private static final Logger LOG = LoggerFactory.getLogger(CommandModel.class);

    /** How long after a failed run a one-off job is retried. */
    public static final Duration RETRY_DELAY = Duration.ofSeconds(30);
    /** How many times a failed one-off job is retried. */
    public static final int MAX_RETRIES = 3;
    /** The first JobHistoryId of a fresh instance (the captured sample's first row). */
    public static final long FIRST_JOB_HISTORY_ID = 2168;
    /** The name of the built-in custom job type. */
    public static final String RESTART_SERVICE = "RestartService";

    private static final int FIRST_STORE_TYPE_ID = 101;

    private final Object lock = new Object();
    private final long seed;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final List<SimStoreType> storeTypes;
    private final Map<UUID, SimAgent> agents = new LinkedHashMap<>();
    private final Map<UUID, SimStore> stores = new LinkedHashMap<>();
    private final TreeMap<Integer, SimCertificate> certificates = new TreeMap<>();
    private final Map<UUID, SimCustomJobType> customJobTypes = new LinkedHashMap<>();
    private final Map<UUID, SimJob> jobs = new LinkedHashMap<>();
    private final TreeMap<Long, HistoryRow> history = new TreeMap<>();
    private final Map<Long, UUID> running = new LinkedHashMap<>();
    private final Map<UUID, Deque<SimJobResult>> plannedResults = new LinkedHashMap<>();
    private final List<Consumer<Completion>> listeners = new CopyOnWriteArrayList<>();
    private long nextHistoryId = FIRST_JOB_HISTORY_ID;
    private int nextCertificateId = 14;
    private int agentOrdinal;
    private int storeOrdinal;

    /**
     * Builds the default instance.
     *
     * @throws IllegalArgumentException when the settings' store types file cannot be loaded
     */
    public CommandModel(SimulatorSettings settings, Clock clock, ObjectMapper mapper) {
        this.seed = settings.seed();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        List<StoreTypeDefinition> defs = StoreTypeCatalog.builtIn();
        if (settings.storeTypesFile().isPresent()) {
            defs = StoreTypeCatalog.merge(defs, StoreTypeCatalog.load(settings.storeTypesFile().get(), mapper));
        }
        List<SimStoreType> types = new ArrayList<>();
        for (StoreTypeDefinition d : defs) {
            types.add(SimStoreType.of(FIRST_STORE_TYPE_ID + types.size(), d, seed));
        }
        this.storeTypes = List.copyOf(types);
        SampleInstance.seed(this, now());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** @return the seed the GUIDs derive from */
    public long seed() {
        return seed;
    }

    // ----- store types ---------------------------------------------------------------------------

    /** @return every store type, in id order */
    public List<SimStoreType> storeTypes() {
        return storeTypes;
    }

    /** @return the store type with this short name (any case) */
    public Optional<SimStoreType> storeType(String shortName) {
        return storeTypes.stream().filter(t -> t.shortName().equalsIgnoreCase(shortName)).findFirst();
    }

    /** @return the store type with this id */
    public Optional<SimStoreType> storeType(int id) {
        return storeTypes.stream().filter(t -> t.storeType() == id).findFirst();
    }

    /** @return the WinCert store type */
    public SimStoreType winCert() {
        return storeType("WinCert").orElseThrow(() -> new IllegalStateException("No WinCert store type"));
    }

    // ----- orchestrators -------------------------------------------------------------------------

    /** Adds (or replaces) an orchestrator. */
    public SimAgent addAgent(SimAgent agent) {
        synchronized (lock) {
            agents.put(agent.agentId(), agent);
            agentOrdinal++;
            return agent;
        }
    }

    /** Adds an approved Universal Orchestrator with a GUID derived from the seed and its ordinal. */
    public SimAgent addAgent(String clientMachine, List<String> capabilities) {
        synchronized (lock) {
            return addAgent(new SimAgent(GuidDerivation.agentId(seed, agentOrdinal + 1), clientMachine,
                    "KFTRAIN\\SVC_Orchestrator", SimAgent.PLATFORM_UNIVERSAL, "10.4.1.0", SimAgent.STATUS_APPROVED,
                    now(), capabilities));
        }
    }

    public List<SimAgent> agents() {
        synchronized (lock) {
            return List.copyOf(agents.values());
        }
    }

    public Optional<SimAgent> agent(UUID agentId) {
        synchronized (lock) {
            return Optional.ofNullable(agents.get(agentId));
        }
    }

    /** @return the first orchestrator */
    public SimAgent defaultAgent() {
        synchronized (lock) {
            return agents.values().iterator().next();
        }
    }

    // ----- stores --------------------------------------------------------------------------------

    /**
     * Adds a store with a recurring inventory job, first due one interval from now.
     *
     * @throws IllegalArgumentException for an unknown store type or orchestrator
     */
    public SimStore addStore(String storeTypeShortName, String clientMachine, String storePath, UUID agentId,
            int inventoryIntervalMinutes, Map<String, Object> properties) {
        SimStoreType type = storeType(storeTypeShortName)
                .orElseThrow(() -> new IllegalArgumentException("Unknown store type '" + storeTypeShortName + "'"));
        synchronized (lock) {
            if (!agents.containsKey(agentId)) {
                throw new IllegalArgumentException("Unknown orchestrator " + agentId);
            }
            storeOrdinal++;
            SimSchedule schedule = SimSchedule.interval(inventoryIntervalMinutes);
            SimStore store = new SimStore(GuidDerivation.derive(seed, "store:" + storeOrdinal), clientMachine,
                    storePath, type.storeType(), agentId, GuidDerivation.inventoryJobId(seed, storeOrdinal), schedule,
                    properties);
            stores.put(store.id(), store);
            Instant now = now();
            jobs.put(store.inventoryJobId(), new SimJob(store.inventoryJobId(), agentId,
                    type.jobTypeName(StoreJobKind.INVENTORY), type.inventoryJobType(), store.id(), schedule, now,
                    schedule.nextRun(now, true), SimOperationType.UNKNOWN, null, Map.of(), 0));
            return store;
        }
    }

    public List<SimStore> stores() {
        synchronized (lock) {
            return List.copyOf(stores.values());
        }
    }

    public Optional<SimStore> store(UUID id) {
        synchronized (lock) {
            return Optional.ofNullable(stores.get(id));
        }
    }

    /** @return the first store (the WinCert store {@code iistarget.kftrain.lab My}) */
    public SimStore defaultStore() {
        synchronized (lock) {
            return stores.values().iterator().next();
        }
    }

    // ----- certificates --------------------------------------------------------------------------

    /** Adds a certificate with the next id, in no store. */
    public SimCertificate addCertificate(String commonName) {
        synchronized (lock) {
            SimCertificate c = SimCertificate.issued(seed, nextCertificateId, commonName, now(), List.of());
            putCertificate(c);
            return c;
        }
    }

    /**
     * Adds a certificate as given.
     *
     * @throws IllegalArgumentException when its id is taken
     */
    public SimCertificate addCertificate(SimCertificate certificate) {
        synchronized (lock) {
            if (certificates.containsKey(certificate.id())) {
                throw new IllegalArgumentException("Certificate id " + certificate.id() + " is taken");
            }
            putCertificate(certificate);
            return certificate;
        }
    }

    private void putCertificate(SimCertificate c) {
        certificates.put(c.id(), c);
        nextCertificateId = Math.max(nextCertificateId, c.id() + 1);
    }

    public Optional<SimCertificate> certificate(int id) {
        synchronized (lock) {
            return Optional.ofNullable(certificates.get(id));
        }
    }

    public List<SimCertificate> certificates() {
        synchronized (lock) {
            return List.copyOf(certificates.values());
        }
    }

    // ----- custom job types ----------------------------------------------------------------------

    /** Adds (or replaces) a custom job type. */
    public SimCustomJobType addCustomJobType(SimCustomJobType type) {
        synchronized (lock) {
            customJobTypes.put(type.id(), type);
            return type;
        }
    }

    public List<SimCustomJobType> customJobTypes() {
        synchronized (lock) {
            return List.copyOf(customJobTypes.values());
        }
    }

    public Optional<SimCustomJobType> customJobType(String name) {
        synchronized (lock) {
            return customJobTypes.values().stream().filter(t -> t.jobTypeName().equalsIgnoreCase(name)).findFirst();
        }
    }

    // ----- jobs ----------------------------------------------------------------------------------

    /**
     * Schedules a custom job, as {@code POST /OrchestratorJobs/Custom} does: fields missing get their
     * defaults; values are kept as text.
     *
     * @throws IllegalArgumentException naming the problem: unknown or unapproved orchestrator, unknown
     *         job type, unknown field, missing required field, value of the wrong type
     */
    public SimJob scheduleCustomJob(UUID agentId, String jobTypeName, SimSchedule schedule, Map<String, ?> fields) {
        synchronized (lock) {
            SimAgent agent = agents.get(agentId);
            if (agent == null) {
                throw new IllegalArgumentException("Orchestrator " + agentId + " does not exist");
            }
            if (!agent.approved()) {
                throw new IllegalArgumentException("Orchestrator " + agentId + " is not approved");
            }
            SimCustomJobType type = customJobType(jobTypeName).orElseThrow(() -> new IllegalArgumentException(
                    "Custom job type '" + jobTypeName + "' does not exist"));
            Map<String, String> values = type.fieldValues(fields);
            SimSchedule s = schedule == null ? SimSchedule.immediate() : schedule;
            Instant now = now();
            SimJob job = new SimJob(UUID.randomUUID(), agentId, type.jobTypeName(), type.id(), null, s, now,
                    s.nextRun(now, true), SimOperationType.UNKNOWN, null, values, 0);
            jobs.put(job.jobId(), job);
            LOG.debug("Scheduled custom job {} ({}) on {}", job.jobId(), type.jobTypeName(), agent.clientMachine());
            return job;
        }
    }

    /**
     * Schedules a management Add to run now. On success a new certificate (the next id) is created in
     * the store, unless {@code certificateId} names an existing one, which is then added to the store.
     */
    public SimJob scheduleManagementAdd(UUID storeId, Integer certificateId) {
        return scheduleStoreJob(storeId, StoreJobKind.MANAGEMENT, SimOperationType.ADD, certificateId);
    }

    /** Schedules a management Remove of the certificate from the store, to run now. */
    public SimJob scheduleManagementRemove(UUID storeId, int certificateId) {
        return scheduleStoreJob(storeId, StoreJobKind.MANAGEMENT, SimOperationType.REMOVE, certificateId);
    }

    /** Schedules a reenrollment in the store, to run now; on success a new certificate is in the store. */
    public SimJob scheduleReenrollment(UUID storeId) {
        return scheduleStoreJob(storeId, StoreJobKind.REENROLLMENT, SimOperationType.UNKNOWN, null);
    }

    private SimJob scheduleStoreJob(UUID storeId, StoreJobKind kind, SimOperationType op, Integer certificateId) {
        synchronized (lock) {
            SimStore store = stores.get(storeId);
            if (store == null) {
                throw new IllegalArgumentException("Certificate store " + storeId + " does not exist");
            }
            SimStoreType type = storeType(store.certStoreType()).orElseThrow();
            UUID jobTypeId = type.jobTypeId(kind).orElseThrow(() -> new IllegalArgumentException(
                    "Store type " + type.shortName() + " does not support " + kind.suffix() + " jobs"));
            if (certificateId != null && !certificates.containsKey(certificateId)) {
                throw new IllegalArgumentException("Certificate " + certificateId + " does not exist");
            }
            Instant now = now();
            SimJob job = new SimJob(UUID.randomUUID(), store.agentId(), type.jobTypeName(kind), jobTypeId, storeId,
                    SimSchedule.immediate(), now, now, op, certificateId, Map.of(), 0);
            jobs.put(job.jobId(), job);
            return job;
        }
    }

    /**
     * The start of a live instance's day, as in Keyfactor's sample: the default store's inventory runs
     * now, a certificate is added to the store, another one is removed from it, and the store's
     * certificate is re-enrolled, one job of each kind the sample handler traces.
     *
     * @return the one-off jobs scheduled (add, remove, reenrollment)
     */
    public List<SimJob> scheduleSampleJobs() {
        synchronized (lock) {
            SimStore store = defaultStore();
            SimJob inventory = jobs.get(store.inventoryJobId());
            jobs.put(inventory.jobId(), inventory.next(now(), inventory.retryCount(), inventory.certificateId()));
            int removed = certificates.keySet().stream().min(Integer::compare).orElseThrow();
            return List.of(scheduleManagementAdd(store.id(), null), scheduleManagementRemove(store.id(), removed),
                    scheduleReenrollment(store.id()));
        }
    }

    /**
     * Plans the results of the job's next runs, in order; runs beyond the plan succeed.
     *
     * @throws IllegalArgumentException for an unknown job
     */
    public void planResults(UUID jobId, SimJobResult... results) {
        synchronized (lock) {
            if (!jobs.containsKey(jobId)) {
                throw new IllegalArgumentException("Job " + jobId + " does not exist");
            }
            plannedResults.computeIfAbsent(jobId, k -> new ArrayDeque<>()).addAll(List.of(results));
        }
    }

    /** @return the jobs still due to run (recurring ones and one-off ones not yet run), by next run */
    public List<SimJob> scheduledJobs() {
        synchronized (lock) {
            return jobs.values().stream().filter(j -> j.nextRun() != null).toList();
        }
    }

    /**
     * @return every custom job scheduled on the instance ({@link #scheduleCustomJob}, which
     *         {@code POST /OrchestratorJobs/Custom} calls), in the order scheduled, whether it ran or not
     */
    public List<SimJob> customJobs() {
        synchronized (lock) {
            // Custom jobs are the jobs without a store (store jobs always have one).
            return jobs.values().stream().filter(j -> j.storeId() == null).toList();
        }
    }

    public Optional<SimJob> job(UUID jobId) {
        synchronized (lock) {
            return Optional.ofNullable(jobs.get(jobId));
        }
    }

    /** Registers a listener for every completion (called outside the model's lock). */
    public void addCompletionListener(Consumer<Completion> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeCompletionListener(Consumer<Completion> listener) {
        listeners.remove(listener);
    }

    /**
     * One deterministic engine step: completes the runs in process, starts every job due at
     * {@code now} and completes those too.
     *
     * @return the completions, in order
     */
    public List<Completion> runDueJobs(Instant now) {
        List<Completion> done;
        synchronized (lock) {
            done = new ArrayList<>(completeRunningLocked(now));
            startDueLocked(now);
            done.addAll(completeRunningLocked(now));
        }
        notifyListeners(done);
        return done;
    }

    /** Starts every job due at {@code now}: an InProcess row each. @return the rows */
    public List<HistoryRow> startDueJobs(Instant now) {
        synchronized (lock) {
            return startDueLocked(now);
        }
    }

    /** Completes every run in process. @return the completions */
    public List<Completion> completeRunningJobs(Instant now) {
        List<Completion> done;
        synchronized (lock) {
            done = completeRunningLocked(now);
        }
        notifyListeners(done);
        return done;
    }

    private void notifyListeners(List<Completion> done) {
        for (Completion c : done) {
            for (Consumer<Completion> l : listeners) {
                try {
                    l.accept(c);
                } catch (RuntimeException e) {
                    LOG.warn("A completion listener failed for job history row {}", c.jobHistoryId(), e);
                }
            }
        }
    }

    private List<HistoryRow> startDueLocked(Instant now) {
        Instant t = now.truncatedTo(ChronoUnit.SECONDS);
        List<HistoryRow> started = new ArrayList<>();
        for (SimJob job : List.copyOf(jobs.values())) {
            if (job.nextRun() == null || job.nextRun().isAfter(now) || running.containsValue(job.jobId())) {
                continue;
            }
            SimAgent agent = agents.get(job.agentId());
            if (agent == null || !agent.approved()) {
                continue;
            }
            SimStore store = job.storeId() == null ? null : stores.get(job.storeId());
            HistoryRow row = new HistoryRow(nextHistoryId++, agent.clientMachine(), job.jobId(), job.schedule(),
                    job.jobTypeName(), t, null, "", SimJobResult.UNKNOWN, SimHistoryStatus.IN_PROCESS,
                    store == null ? null : store.storePath(), store == null ? null : store.clientMachine(), null,
                    agent.agentId(), job.jobTypeId(), job.retryCount());
            history.put(row.jobHistoryId(), row);
            running.put(row.jobHistoryId(), job.jobId());
            agents.put(agent.agentId(), new SimAgent(agent.agentId(), agent.clientMachine(), agent.username(),
                    agent.agentPlatform(), agent.version(), agent.status(), t, agent.capabilities()));
            Instant next = job.schedule().recurring() ? job.schedule().nextRun(max(job.nextRun(), t), false) : null;
            jobs.put(job.jobId(), job.next(next, job.retryCount(), job.certificateId()));
            started.add(row);
        }
        return started;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private List<Completion> completeRunningLocked(Instant now) {
        Instant t = now.truncatedTo(ChronoUnit.SECONDS);
        List<Completion> done = new ArrayList<>();
        for (Map.Entry<Long, UUID> e : List.copyOf(running.entrySet())) {
            running.remove(e.getKey());
            HistoryRow row = history.get(e.getKey());
            SimJob job = jobs.get(e.getValue());
            if (row == null || job == null) {
                continue;
            }
            Deque<SimJobResult> plan = plannedResults.get(job.jobId());
            SimJobResult result = plan == null || plan.isEmpty() ? SimJobResult.SUCCESS : plan.poll();
            Integer certificateId = job.certificateId();
            String data = null;
            if (result != SimJobResult.FAILURE) {
                certificateId = applyEffects(job, t);
                if (!job.jobFields().isEmpty() || job.storeId() == null) {
                    data = JsonShapes.customJobData(mapper, job, result, t);
                }
            }
            boolean retry = result == SimJobResult.FAILURE && !job.schedule().recurring()
                    && job.retryCount() < MAX_RETRIES;
            SimHistoryStatus status = retry ? SimHistoryStatus.COMPLETED_WILL_RETRY : SimHistoryStatus.COMPLETED;
            String message = switch (result) {
                case FAILURE -> "Simulated failure of " + job.jobTypeName() + (retry ? "; Command will retry" : "");
                case WARNING -> "Simulated warning from " + job.jobTypeName();
                default -> "";
            };
            HistoryRow finished = row.completed(t, message, result, status, data);
            history.put(finished.jobHistoryId(), finished);
            if (retry) {
                jobs.put(job.jobId(), job.next(t.plus(RETRY_DELAY), job.retryCount() + 1, job.certificateId()));
            } else if (!job.schedule().recurring()) {
                jobs.put(job.jobId(), job.next(null, job.retryCount(), certificateId));
            }
            SimAgent agent = agents.get(job.agentId());
            done.add(new Completion(finished.jobHistoryId(), job.agentId(), agent == null ? null : agent.username(),
                    agent == null ? null : agent.clientMachine(), result, job.jobId(), job.jobTypeName(),
                    job.jobTypeId(), job.operationType(), certificateId, job.requested(), job.retryCount(), status));
            LOG.info("Job {} ({}) run {} completed: {} / {}", job.jobId(), job.jobTypeName(),
                    finished.jobHistoryId(), result.keyfactorName(), status.keyfactorName());
        }
        return done;
    }

    private Integer applyEffects(SimJob job, Instant t) {
        SimStore store = job.storeId() == null ? null : stores.get(job.storeId());
        if (store == null) {
            return job.certificateId();
        }
        SimCertificate.Location here = new SimCertificate.Location(store.id(), store.clientMachine(),
                store.storePath(), store.certStoreType(), null);
        boolean reenroll = job.jobTypeName().toLowerCase(Locale.ROOT).endsWith("reenrollment");
        if (job.operationType() == SimOperationType.ADD || reenroll) {
            SimCertificate cert;
            if (job.certificateId() != null && !reenroll) {
                cert = certificates.get(job.certificateId());
            } else {
                cert = SimCertificate.issued(seed, nextCertificateId, "renewed" + nextCertificateId + ".kftrain.lab", t,
                        List.of());
                putCertificate(cert);
            }
            List<SimCertificate.Location> locs = new ArrayList<>(cert.locations());
            if (!locs.contains(here)) {
                locs.add(here);
            }
            certificates.put(cert.id(), cert.withLocations(locs));
            return cert.id();
        }
        if (job.operationType() == SimOperationType.REMOVE && job.certificateId() != null) {
            SimCertificate cert = certificates.get(job.certificateId());
            if (cert != null) {
                List<SimCertificate.Location> locs = new ArrayList<>(cert.locations());
                locs.removeIf(l -> l.certStoreId().equals(store.id()));
                certificates.put(cert.id(), cert.withLocations(locs));
            }
        }
        return job.certificateId();
    }

    // ----- job history ---------------------------------------------------------------------------

    /** @return every job history row, by JobHistoryId */
    public List<HistoryRow> jobHistory() {
        synchronized (lock) {
            return List.copyOf(history.values());
        }
    }

    public Optional<HistoryRow> jobHistoryRow(long jobHistoryId) {
        synchronized (lock) {
            return Optional.ofNullable(history.get(jobHistoryId));
        }
    }

    /**
     * Adds a row as given; later rows get higher ids.
     *
     * @throws IllegalArgumentException when its id is taken
     */
    public HistoryRow addJobHistory(HistoryRow row) {
        synchronized (lock) {
            if (history.containsKey(row.jobHistoryId())) {
                throw new IllegalArgumentException("JobHistoryId " + row.jobHistoryId() + " is taken");
            }
            history.put(row.jobHistoryId(), row);
            nextHistoryId = Math.max(nextHistoryId, row.jobHistoryId() + 1);
            return row;
        }
    }

    /**
     * Adds a finished run of the default store's inventory job with the next id.
     */
    public HistoryRow addJobHistory(SimJobResult result, SimHistoryStatus status, Instant start, String message) {
        synchronized (lock) {
            return addJobHistoryLocked(result, status, start, message);
        }
    }

    private HistoryRow addJobHistoryLocked(SimJobResult result, SimHistoryStatus status, Instant start,
            String message) {
        SimStore store = stores.values().iterator().next();
        SimJob job = jobs.get(store.inventoryJobId());
        SimAgent agent = agents.get(store.agentId());
        boolean finished = status != SimHistoryStatus.IN_PROCESS && status != SimHistoryStatus.WAITING;
        HistoryRow row = new HistoryRow(nextHistoryId++, agent.clientMachine(), job.jobId(), job.schedule(),
                job.jobTypeName(), start, finished ? start : null, message == null ? "" : message, result, status,
                store.storePath(), store.clientMachine(), null, agent.agentId(), job.jobTypeId(), 0);
        history.put(row.jobHistoryId(), row);
        return row;
    }

    /**
     * Adds {@code count} successful runs of the default store's inventory job, one a minute from
     * {@code firstStart}, quickly (for paging tests).
     */
    public List<HistoryRow> addJobHistory(int count, Instant firstStart) {
        synchronized (lock) {
            List<HistoryRow> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                rows.add(addJobHistoryLocked(SimJobResult.SUCCESS, SimHistoryStatus.COMPLETED,
                        firstStart.plus(Duration.ofMinutes(i)), ""));
            }
            return rows;
        }
    }

    /**
     * Adds the four rows of Keyfactor's captured JobHistory sample (ids 2168 to 2171, the last still
     * running), as runs of the default store's inventory job.
     *
     * @throws IllegalArgumentException when those ids are taken
     */
    public List<HistoryRow> addSampleHistory() {
        return SampleInstance.history(this);
    }

    /**
     * Acknowledges finished rows ({@code Acknowledged}).
     *
     * @throws IllegalArgumentException naming ids that do not exist (then nothing changes)
     */
    public void acknowledge(List<Long> jobHistoryIds) {
        synchronized (lock) {
            requireRows(jobHistoryIds);
            for (Long id : jobHistoryIds) {
                HistoryRow row = history.get(id);
                if (row.status() == SimHistoryStatus.COMPLETED || row.status() == SimHistoryStatus.COMPLETED_WILL_RETRY) {
                    history.put(id, row.withStatus(SimHistoryStatus.ACKNOWLEDGED));
                }
            }
        }
    }

    /**
     * Runs the rows' jobs again as soon as the engine next runs.
     *
     * @throws IllegalArgumentException naming ids that do not exist (then nothing changes)
     */
    public void reschedule(List<Long> jobHistoryIds) {
        synchronized (lock) {
            requireRows(jobHistoryIds);
            Instant now = now();
            for (Long id : jobHistoryIds) {
                SimJob job = jobs.get(history.get(id).jobId());
                if (job != null && !running.containsValue(job.jobId())) {
                    jobs.put(job.jobId(), job.next(now, job.schedule().recurring() ? 0 : job.retryCount(),
                            job.certificateId()));
                }
            }
        }
    }

    private void requireRows(List<Long> ids) {
        List<Long> missing = ids.stream().filter(id -> !history.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Job history rows not found: " + missing);
        }
    }
}
