package io.jobhook.runtime.poller.internal;

import io.jobhook.runtime.spi.PollerStatus;
import io.jobhook.runtime.spi.PollerStatusSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.Guids;
import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.Agent;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.JobHistoryEntry;
import io.jobhook.api.command.JobHistoryStatus;
import io.jobhook.api.command.PagedQuery;
import io.jobhook.api.command.Query;
import io.jobhook.backoff.Backoff;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Checkpoints;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.JournalUnavailableException;

/**
 * Polls one Command's job history and hands every finished row to the {@link CompletionIntake}, exactly
 * once. Plain Java: the caller decides when to poll ({@link #pollOnce()} returns the wait before the
 * next poll); the component calls it from one scheduler thread, tests call it step by step.
 *
 * <h2>What a poll reads</h2>
 * {@code GET /OrchestratorJobs/JobHistory} sorted by {@code JobHistoryId} ascending (a response field, so
 * a valid {@code SortField}), {@code pageSize} rows a page, with the filter
 * {@code OperationStart -ge "<since>" OR OperationStart -eq NULL}. {@code JobHistoryId} is not one of the
 * query fields Command documents, so the poller does not filter on it: it filters on the documented
 * {@code OperationStart}, with a window that starts {@link #WINDOW_MARGIN} before the oldest row it may
 * still need, and skips the rows at or below its checkpoint itself. Rows without a start (waiting ones)
 * are always read.
 *
 * <h2>What a row becomes</h2>
 * {@code Completed}, {@code CompletedWillRetry} and {@code Acknowledged} rows are finished: each becomes a
 * context (source {@code POLL}) accepted with the idempotency key {@code jobhistory:<Command>:<JobHistoryId>}, so
 * the same row is never journaled twice, not even after a crash between accepting it and saving the
 * checkpoint. {@code InProcess}, {@code Waiting} and {@code Unknown} rows are running: the checkpoint stays
 * below the oldest of them, and rows above it already accepted are remembered (and would be recognised by
 * their key anyway), so a running row is delivered once it finishes and nothing is delivered twice.
 * A row running for more than {@link #STALE_AFTER} stops holding the checkpoint back: it is
 * <em>watched</em> instead (looked up by its {@code JobId}, a documented query field, every poll) for up to
 * {@link #WATCH_FOR}.
 *
 * <h2>Failures</h2>
 * A poll that fails (Command unreachable or answering an error, the journal unavailable) stops where it
 * is; what it accepted stays accepted and the checkpoint stays where the accepted rows put it. The next
 * poll waits {@code interval × 2^(failures-1)}, at most {@link #MAX_BACKOFF} (or the interval, if longer),
 * or longer when the journal asks for it. The first failure of an outage is logged at WARN, the others at
 * DEBUG, the recovery at INFO; {@link #status()} shows the error until a poll succeeds.
 */
final class JobHistoryPoller {

    private static final Logger LOG = LoggerFactory.getLogger(JobHistoryPoller.class);

    /** How long an idempotency key is remembered by the journal. */
    static final Duration IDEMPOTENCY_TTL = Duration.ofDays(30);
    /** How much earlier than the oldest row still needed a scan starts: room for clock skew between rows. */
    static final Duration WINDOW_MARGIN = Duration.ofMinutes(10);
    /** A row running longer than this stops holding the checkpoint back and is watched by job id instead. */
    static final Duration STALE_AFTER = Duration.ofHours(24);
    /** How long a watched row is looked for before the poller gives up on it. */
    static final Duration WATCH_FOR = Duration.ofDays(7);
    /** The longest wait between failed polls (unless the interval is longer). */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    /** The prefix of the idempotency key of a polled row; the row's JobHistoryId follows. */
    static final String KEY_PREFIX = "jobhistory:";
    /** The response field job history is sorted by. */
    static final String SORT_FIELD = "JobHistoryId";
    /** Rows read to tell a row's retry count, when the scan has not seen its job's earlier rows. */
    static final int RETRY_LOOKBACK = 20;

    private static final DateTimeFormatter COMMAND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final CommandApi api;
    private final String keyPrefix;
    private final CompletionIntake intake;
    private final Checkpoints journal;
    private final DoubleSupplier jitter;
    private final PollerSettings settings;
    private final Clock clock;
    private final String checkpointName;
    private final JobTypeDirectory jobTypes;
    private final AgentDirectory agents;

    /** Set from another thread to end a poll in progress at the next row (its progress is saved). */
    private volatile boolean stopping;

    // Poller thread only.
    private long poll;
    /** Rows above the checkpoint accepted (or skipped) while a running row held the checkpoint back. */
    private final TreeSet<Long> settledAbove = new TreeSet<>();
    /** Since when this process has seen running rows that have no OperationStart. */
    private final Map<Long, Instant> firstSeenRunning = new HashMap<>();
    private final Set<String> warnedJobTypes = new HashSet<>();
    private final Set<String> warnedAgents = new HashSet<>();

    // Read by status() from any thread.
    private final Object statusLock = new Object();
    private long checkpoint;
    /** Whether another runtime polls this Command (the journal's lead refused at the last poll). */
    private volatile boolean standingBy;
    private int heldBack;
    private int watched;
    private Instant lastPollAt;
    private Instant lastSuccessAt;
    private String lastError;
    private Instant lastErrorAt;
    private int consecutiveFailures;
    private Instant outageSince;
    private Instant nextPollAt;
    private long accepted;
    private long skipped;

    /**
     * @param api the Command to poll
     * @param intake where completions go (journaled before {@code accept} returns)
     * @param journal where the checkpoint is kept
     * @param settings interval, page size, starting point
     * @param clock the time of polls, staleness and the status
     */
    JobHistoryPoller(CommandApi api, CompletionIntake intake, Checkpoints journal, PollerSettings settings, Clock clock) {
        this(api, intake, journal, settings, clock, Math::random);
    }

    /** @param jitter where a failed poll's wait falls between half its backoff and all of it: [0, 1], 1 for all */
    JobHistoryPoller(CommandApi api, CompletionIntake intake, Checkpoints journal, PollerSettings settings, Clock clock,
            DoubleSupplier jitter) {
        this.jitter = jitter;
        this.api = api;
        this.keyPrefix = keyPrefix(api);
        this.intake = intake;
        this.journal = journal;
        this.settings = settings;
        this.clock = clock;
        this.checkpointName = checkpointName(api);
        this.jobTypes = new JobTypeDirectory(api);
        this.agents = new AgentDirectory(api, settings.pageSize());
    }

    /** @return the journal's name of the checkpoint for this Command, {@code poller:<baseUri>} */
    static String checkpointName(CommandApi api) {
        return "poller:" + api.baseUri();
    }

    /**
     * Reads job history once, from the checkpoint to its end, and accepts every finished row not accepted
     * before. Never throws for Command's or the journal's errors: they go into the status and the log.
     *
     * @return how long to wait before the next poll
     */
    Duration pollOnce() {
        if (stopping) {
            return settings.interval();
        }
        Instant started = clock.instant();
        poll++;
        synchronized (statusLock) {
            lastPollAt = started;
        }
        try {
            if (!journal.lead(checkpointName)) {
                return standingBy(started);
            }
            if (standingBy) {
                standingBy = false;
                LOG.info("Job history of {}: this runtime polls it now (from the shared checkpoint)", api.baseUri());
            }
            PollerCheckpoint cp = loadOrStart();
            cp = checkWatched(cp);
            scan(cp);
            return succeeded(started);
        } catch (CommandApiException e) {
            return failed(started, "Command API: " + e.getMessage(), null);
        } catch (JournalUnavailableException e) {
            return failed(started, "Journal unavailable: " + e.getMessage(), e.retryAfter());
        } catch (RuntimeException e) {
            LOG.debug("Job history poll failed", e);
            return failed(started, e.toString(), null);
        }
    }

    /** Another runtime on the shared journal polls this Command: nothing to do here but be ready to take over. */
    private Duration standingBy(Instant at) {
        if (!standingBy) {
            standingBy = true;
            LOG.info("Job history of {} is polled by another runtime sharing the journal: this one stands by",
                    api.baseUri());
        }
        synchronized (statusLock) {
            lastError = null;
            lastErrorAt = null;
            consecutiveFailures = 0;
        }
        return settings.interval();
    }

    /**
     * Asks a poll in progress to end after the row it is at, saving its progress, and later polls to do
     * nothing. Interrupting the poller's thread instead could interrupt the journal's file I/O.
     */
    void stop() {
        stopping = true;
    }

    /** Records when the next poll is due, for the status. */
    void scheduled(Instant at) {
        synchronized (statusLock) {
            nextPollAt = at;
        }
    }

    /** @return the poller's status now */
    PollerStatus status() {
        Instant now = clock.instant();
        synchronized (statusLock) {
            return new PollerStatus(true, api.baseUri().toString(), checkpoint, heldBack, watched, lastPollAt,
                    lastSuccessAt, lastSuccessAt == null ? null : Duration.between(lastSuccessAt, now), lastError,
                    lastErrorAt, consecutiveFailures, nextPollAt, accepted, skipped, standingBy);
        }
    }

    // ----- the checkpoint ------------------------------------------------------------------------------

    private PollerCheckpoint loadOrStart() {
        Optional<String> saved = journal.checkpoint(checkpointName);
        if (saved.isPresent()) {
            PollerCheckpoint cp = PollerCheckpoint.parse(saved.get());
            publish(cp, heldBackNow());
            return cp;
        }
        PollerCheckpoint cp;
        if (settings.startAt() != null) {
            cp = new PollerCheckpoint(0, settings.startAt(), settings.startAt(), List.of());
            LOG.info("Job history poller of {} starts with rows whose OperationStart is at or after {}", api.baseUri(),
                    settings.startAt());
        } else {
            List<JobHistoryEntry> newest = api.jobHistory(new PagedQuery(null, 1, 1, SORT_FIELD, false));
            if (newest.isEmpty()) {
                cp = new PollerCheckpoint(0, null, null, List.of());
            } else {
                JobHistoryEntry row = newest.get(0);
                Instant t = row.operationStart() != null ? row.operationStart()
                        : row.operationEnd() != null ? row.operationEnd() : clock.instant().minus(Duration.ofDays(1));
                cp = new PollerCheckpoint(row.jobHistoryId(), t.minus(WINDOW_MARGIN), null, List.of());
            }
            LOG.info("Job history poller of {} starts now: rows after JobHistoryId {}", api.baseUri(), cp.through());
        }
        save(cp);
        return cp;
    }

    private void save(PollerCheckpoint cp) {
        journal.saveCheckpoint(checkpointName, cp.format());
    }

    private int heldBackNow() {
        synchronized (statusLock) {
            return heldBack;
        }
    }

    private void publish(PollerCheckpoint cp, int held) {
        synchronized (statusLock) {
            checkpoint = cp.through();
            watched = cp.watched().size();
            heldBack = held;
        }
    }

    // ----- the scan ------------------------------------------------------------------------------------

    private void scan(PollerCheckpoint start) throws JournalUnavailableException {
        Query filter = start.since() == null ? null
                : Query.field("OperationStart").ge(commandTime(start.since()))
                        .or(Query.field("OperationStart").isNull());
        PagedQuery page = new PagedQuery(filter, 1, settings.pageSize(), SORT_FIELD, true);
        Set<Long> watchedIds = new HashSet<>();
        start.watched().forEach(w -> watchedIds.add(w.jobHistoryId()));
        List<PollerCheckpoint.Watched> watching = new ArrayList<>(start.watched());
        RetryChains chains = new RetryChains();
        Instant now = clock.instant();

        PollerCheckpoint cp = start;
        long through = start.through();
        Instant throughStart = null;
        Instant heldStart = null;
        int held = 0;
        int acceptedNow = 0;
        while (true) {
            List<JobHistoryEntry> rows = api.jobHistory(page);
            for (JobHistoryEntry row : rows) {
                if (stopping) {
                    break;
                }
                long id = row.jobHistoryId();
                if (id <= start.through() || watchedIds.contains(id)) {
                    chains.see(row);
                    continue;
                }
                boolean settled;
                if (settledAbove.contains(id)) {
                    settled = true; // accepted or skipped by an earlier poll while a running row held the checkpoint
                } else if (start.floor() != null && row.operationStart() != null && row.operationStart().isBefore(start.floor())) {
                    settled = true;
                } else if (row.status() != null && row.status().isFinished()) {
                    if (deliver(row, chains)) {
                        acceptedNow++;
                    }
                    settled = true;
                } else if (stale(row, now) && watching.size() < PollerCheckpoint.MAX_WATCHED) {
                    watching.add(new PollerCheckpoint.Watched(id, row.jobId(), row.operationStart(), now));
                    watchedIds.add(id);
                    LOG.warn("Job history row {} (job {}, {}) has been {} since {}: it no longer holds the checkpoint "
                            + "back, and is looked up by its JobId until it finishes (for up to {} days)", id, row.jobId(),
                            row.jobType(), row.status(), runningSince(row, now), WATCH_FOR.toDays());
                    settled = true;
                } else {
                    settled = false;
                    held++;
                    firstSeenRunning.putIfAbsent(id, now);
                    if (row.operationStart() != null && (heldStart == null || row.operationStart().isBefore(heldStart))) {
                        heldStart = row.operationStart();
                    }
                }
                chains.see(row);
                if (settled) {
                    firstSeenRunning.remove(id);
                    if (held == 0) {
                        through = id;
                        throughStart = row.operationStart() != null ? row.operationStart() : throughStart;
                    } else {
                        settledAbove.add(id);
                    }
                }
            }
            // Save progress page by page: a long catch-up interrupted by an error keeps what it did.
            if (through != cp.through() || !watching.equals(cp.watched())) {
                cp = new PollerCheckpoint(through, since(start.since(), throughStart, heldStart), start.floor(), watching);
                save(cp);
                settledAbove.headSet(through, true).clear();
                publish(cp, held);
            }
            if (rows.size() < page.returnLimit() || stopping || Thread.currentThread().isInterrupted()) {
                break;
            }
            page = page.nextPage();
        }
        long settledThrough = cp.through();
        firstSeenRunning.keySet().removeIf(id -> id <= settledThrough && !watchedIds.contains(id));
        publish(cp, held);
        if (acceptedNow > 0) {
            LOG.info("Job history poll of {}: {} completion(s) accepted, checkpoint at JobHistoryId {}{}", api.baseUri(),
                    acceptedNow, cp.through(), held > 0 ? ", " + held + " row(s) still running" : "");
        } else {
            LOG.debug("Job history poll of {}: nothing new, checkpoint at JobHistoryId {}, {} row(s) still running",
                    api.baseUri(), cp.through(), held);
        }
    }

    /** @return the new scan window's start: never earlier than before, a margin before the oldest row needed */
    private static Instant since(Instant before, Instant throughStart, Instant heldStart) {
        Instant oldest = heldStart == null ? throughStart
                : throughStart == null || heldStart.isBefore(throughStart) ? heldStart : throughStart;
        if (oldest == null) {
            return before;
        }
        Instant candidate = oldest.minus(WINDOW_MARGIN);
        return before == null || candidate.isAfter(before) ? candidate : before;
    }

    private boolean stale(JobHistoryEntry row, Instant now) {
        return runningSince(row, now).plus(STALE_AFTER).isBefore(now);
    }

    private Instant runningSince(JobHistoryEntry row, Instant now) {
        return row.operationStart() != null ? row.operationStart()
                : firstSeenRunning.getOrDefault(row.jobHistoryId(), now);
    }

    // ----- watched rows --------------------------------------------------------------------------------

    private PollerCheckpoint checkWatched(PollerCheckpoint cp) throws JournalUnavailableException {
        if (cp.watched().isEmpty()) {
            return cp;
        }
        Instant now = clock.instant();
        List<PollerCheckpoint.Watched> still = new ArrayList<>();
        for (PollerCheckpoint.Watched w : cp.watched()) {
            Optional<JobHistoryEntry> row = findWatched(w);
            if (row.isEmpty()) {
                LOG.warn("Job history row {} (job {}) is no longer in Command's job history: it is not delivered",
                        w.jobHistoryId(), w.jobId());
                skippedOne();
            } else if (row.get().status() != null && row.get().status().isFinished()) {
                deliver(row.get(), new RetryChains());
            } else if (w.watchedSince().plus(WATCH_FOR).isBefore(now)) {
                LOG.warn("Job history row {} (job {}) still {} after {} days of watching: given up, it will not be "
                        + "delivered", w.jobHistoryId(), w.jobId(), row.get().status(), WATCH_FOR.toDays());
                skippedOne();
            } else {
                still.add(w);
            }
        }
        if (still.size() == cp.watched().size()) {
            return cp;
        }
        PollerCheckpoint next = cp.withWatched(still);
        save(next);
        publish(next, heldBackNow());
        return next;
    }

    private Optional<JobHistoryEntry> findWatched(PollerCheckpoint.Watched w) {
        // A row watched before it had a start gets one later than it was watched.
        Instant from = w.operationStart() != null ? w.operationStart() : w.watchedSince().minus(WINDOW_MARGIN);
        Query q = Query.field("JobId").eq(w.jobId()).and(Query.field("OperationStart").ge(commandTime(from))
                .or(Query.field("OperationStart").isNull()));
        PagedQuery page = new PagedQuery(q, 1, RETRY_LOOKBACK, SORT_FIELD, true);
        while (true) {
            List<JobHistoryEntry> rows = api.jobHistory(page);
            for (JobHistoryEntry r : rows) {
                if (r.jobHistoryId() == w.jobHistoryId()) {
                    return Optional.of(r);
                }
                if (r.jobHistoryId() > w.jobHistoryId()) {
                    return Optional.empty();
                }
            }
            if (rows.size() < page.returnLimit()) {
                return Optional.empty();
            }
            page = page.nextPage();
        }
    }

    // ----- one row -------------------------------------------------------------------------------------

    /**
     * Accepts a finished row, or skips it (logged) when it cannot be matched.
     *
     * @return whether the intake accepted it now (false for a duplicate, a conflict or a skip)
     */
    private boolean deliver(JobHistoryEntry row, RetryChains chains) throws JournalUnavailableException {
        Optional<UUID> jobTypeId = jobTypes.resolve(row.jobType(), poll);
        if (jobTypeId.isEmpty()) {
            if (warnedJobTypes.add(String.valueOf(row.jobType()).toLowerCase(Locale.ROOT))) {
                LOG.warn("Job history rows of job type '{}' are skipped: neither a store type (Capability + Inventory, "
                        + "Management, Discovery or Reenrollment) nor a custom job type of Command {} has that name, so "
                        + "no job-type GUID can match a handler (first: row {}, job {})", row.jobType(), api.baseUri(),
                        row.jobHistoryId(), row.jobId());
            }
            skippedOne();
            return false;
        }
        if (row.jobId() == null) {
            LOG.warn("Job history row {} has no JobId: skipped", row.jobHistoryId());
            skippedOne();
            return false;
        }
        Optional<Agent> agent = agents.find(row.agentMachine(), poll);
        if (agent.isEmpty() && warnedAgents.add(String.valueOf(row.agentMachine()).toLowerCase(Locale.ROOT))) {
            LOG.warn("Orchestrator '{}' of job history row {} is not among Command's agents: its completions carry "
                    + "the nil AgentId and no Username", row.agentMachine(), row.jobHistoryId());
        }
        int retries = chains.knows(row.jobId()) ? chains.before(row.jobId()) : retriesFromHistory(row);
        OrchestratorJobCompleteHandlerContext context = OrchestratorJobCompleteHandlerContext.builder()
                .agentId(agent.map(Agent::agentId).orElse(Guids.NIL))
                .username(agent.map(Agent::username).orElse(null))
                .clientMachine(agent.map(Agent::clientMachine).orElse(row.agentMachine()))
                .jobResult(row.result() == null ? JobResult.UNKNOWN : row.result())
                .jobId(row.jobId())
                .jobType(row.jobType())
                .jobTypeId(jobTypeId.get())
                .operationType(OperationType.UNKNOWN)
                .certificateId(null)
                .requestTimestamp(row.operationStart())
                .currentRetryCount(retries)
                .source(CompletionSource.POLL)
                .build();
        Acceptance acceptance;
        MDC.put("eventId", context.eventId().toString());
        MDC.put("jobId", row.jobId().toString());
        MDC.put("jobType", row.jobType());
        try {
            acceptance = intake.accept(context, idempotency(keyPrefix, row));
            switch (acceptance.status()) {
                case ACCEPTED -> LOG.debug("Job history row {} accepted as event {}: {} {} {} (retry {})",
                        row.jobHistoryId(), acceptance.eventId(), row.jobType(), row.jobId(), context.jobResult(), retries);
                case DUPLICATE -> LOG.debug("Job history row {} was accepted before, as event {}", row.jobHistoryId(),
                        acceptance.eventId());
                case CONFLICT -> LOG.warn("Job history row {} (job {}) was journaled before with other content, as event "
                        + "{} (the key {}{} was used for another Command's row?): not delivered again", row.jobHistoryId(),
                        row.jobId(), acceptance.eventId(), keyPrefix, row.jobHistoryId());
            }
        } finally {
            MDC.remove("eventId");
            MDC.remove("jobId");
            MDC.remove("jobType");
        }
        if (acceptance.status() == Acceptance.Status.ACCEPTED) {
            synchronized (statusLock) {
                accepted++;
            }
            return true;
        }
        return false;
    }

    private void skippedOne() {
        synchronized (statusLock) {
            skipped++;
        }
    }

    /**
     * The key of a row: {@code jobhistory:<first 8 hex digits of the SHA-256 of Command's base URL>:<JobHistoryId>},
     * so the same id from another Command instance is another completion, not a conflict.
     */
    static Idempotency idempotency(String keyPrefix, JobHistoryEntry row) {
        String identity = row.jobHistoryId() + "|" + row.jobId() + "|" + row.jobType() + "|" + row.result() + "|"
                + row.operationStart();
        return new Idempotency(keyPrefix + row.jobHistoryId(), sha256(identity), IDEMPOTENCY_TTL);
    }

    static String keyPrefix(CommandApi api) {
        return KEY_PREFIX + sha256(api.baseUri().toString()).substring(0, 8) + ":";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The retry count of a row whose job's earlier rows the scan did not see: the {@code CompletedWillRetry}
     * rows of the same job immediately before it, read from Command.
     */
    private int retriesFromHistory(JobHistoryEntry row) {
        Query q = Query.field("JobId").eq(row.jobId());
        if (row.operationStart() != null) {
            q = q.and(Query.field("OperationStart").le(commandTime(row.operationStart())));
        }
        List<JobHistoryEntry> earlier = api.jobHistory(new PagedQuery(q, 1, RETRY_LOOKBACK, SORT_FIELD, false));
        int n = 0;
        for (JobHistoryEntry r : earlier) {
            if (r.jobHistoryId() >= row.jobHistoryId()) {
                continue;
            }
            if (r.status() != JobHistoryStatus.COMPLETED_WILL_RETRY) {
                break;
            }
            n++;
        }
        return n;
    }

    /**
     * Per job, how many {@code CompletedWillRetry} rows came last among the finished rows a scan has seen
     * (in ascending id order); a job is known once the scan has seen one of its finished rows that is not a
     * retry. Running rows change nothing: a running row is the retry itself.
     */
    private static final class RetryChains {
        private final Map<UUID, Integer> chains = new HashMap<>();

        void see(JobHistoryEntry row) {
            if (row.jobId() == null || row.status() == null || !row.status().isFinished()) {
                return;
            }
            if (row.status() != JobHistoryStatus.COMPLETED_WILL_RETRY) {
                chains.put(row.jobId(), 0);
            } else if (chains.containsKey(row.jobId())) {
                chains.merge(row.jobId(), 1, Integer::sum);
            }
            // A job's first row seen being a retry says nothing of the rows before it: the job stays unknown.
        }

        boolean knows(UUID jobId) {
            return chains.containsKey(jobId);
        }

        int before(UUID jobId) {
            return chains.getOrDefault(jobId, 0);
        }
    }

    // ----- outcome of a poll ---------------------------------------------------------------------------

    private Duration succeeded(Instant started) {
        int failures;
        Instant outage;
        synchronized (statusLock) {
            failures = consecutiveFailures;
            outage = outageSince;
            lastSuccessAt = started;
            lastError = null;
            consecutiveFailures = 0;
            outageSince = null;
        }
        if (failures > 0) {
            LOG.info("Job history poller of {} recovered after {} failed poll(s) over {} s", api.baseUri(), failures,
                    Duration.between(outage, clock.instant()).toSeconds());
        }
        return settings.interval();
    }

    private Duration failed(Instant started, String error, Duration retryAfter) {
        int failures;
        synchronized (statusLock) {
            failures = ++consecutiveFailures;
            lastError = error;
            lastErrorAt = started;
            if (outageSince == null) {
                outageSince = started;
            }
        }
        Duration delay = new Backoff(settings.interval(), cap(settings.interval())).after(failures, jitter);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter.compareTo(cap(settings.interval())) > 0 ? cap(settings.interval()) : retryAfter;
        }
        if (Thread.currentThread().isInterrupted()) {
            LOG.debug("Job history poll interrupted (stopping): {}", error);
        } else if (failures == 1) {
            LOG.warn("Job history poll of {} failed: {}; nothing is lost, retrying in {} s (until it recovers, further "
                    + "failures are logged at DEBUG)", api.baseUri(), error, delay.toSeconds());
        } else {
            LOG.debug("Job history poll of {} failed again ({} in a row): {}; retrying in {} s", api.baseUri(), failures,
                    error, delay.toSeconds());
        }
        return delay;
    }

    /**
     * @return the longest wait after {@code failures} failed polls in a row: doubling from the interval, capped (the
     *         project's one backoff; a failed poll waits between half of it and all of it)
     */
    static Duration backoff(Duration interval, int failures) {
        return new Backoff(interval, cap(interval)).ceiling(failures);
    }

    private static Duration cap(Duration interval) {
        return interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF;
    }

    /** @return the instant as Command writes timestamps: UTC, whole seconds, no offset */
    static String commandTime(Instant instant) {
        return COMMAND_TIME.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }
}
