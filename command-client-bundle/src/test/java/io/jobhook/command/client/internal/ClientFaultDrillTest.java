package io.jobhook.command.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jobhook.api.command.Agent;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.CustomJobRequest;
import io.jobhook.api.command.JobHistoryEntry;
import io.jobhook.api.command.JobHistoryStatus;
import io.jobhook.api.command.PagedQuery;
import io.jobhook.api.command.Query;
import io.jobhook.api.command.ScheduledCustomJob;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJob;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.simulator.SimulatedCommand;

/**
 * The simulator's fault modes against the client (issue 8, item 5): for many rounds a random, seeded mix
 * of fault rates and counts is set on the simulator and a stream of calls goes through real clients (Basic
 * and OAuth) over loopback: job history pages, store types, agent pages, and custom jobs scheduled. Every
 * call is checked: a read returns exactly what a fault-free read returned, a failure is a
 * {@link CommandApiException} naming the call and Command's error or the cause, nothing else escapes, no
 * message holds a secret, and the simulator holds exactly one job per custom job the client reported
 * scheduled, none for one Command refused unseen (429, 503, 401), at most one otherwise.
 *
 * <p>Calls run one at a time, so the simulator's request and injection counters, read around each call,
 * say exactly which faults met it and how many requests (retries included) it took. Rounds, calls per
 * round and the seed come from {@code drill.faults.rounds}, {@code drill.faults.calls} and
 * {@code drill.faults.seed} (quick in every build; {@code -Pdrills} runs it long); the counts go to
 * {@code target/drill-client-faults.md}.
 */
class ClientFaultDrillTest {

    static final int ROUNDS = Integer.getInteger("drill.faults.rounds", 6);
    static final int CALLS = Integer.getInteger("drill.faults.calls", 60);
    static final Path REPORT = Path.of("target", "drill-client-faults.md");
    /** Seeds the drill's choices and the simulator's fault draws: the same seed replays the same run. */
    static final long SEED = seed();

    /** Fault kinds as the simulator names them, in its precedence order. */
    static final List<String> KINDS = List.of("disconnect", "truncate", "malformed", "status500", "status503",
            "status429", "expireTokens");
    /** A round with added latency runs its calls through clients with this deadline (a few attempts fit, not all). */
    static final Duration TIGHT_TIMEOUT = Duration.ofMillis(450);
    static final Duration NORMAL_TIMEOUT = Duration.ofSeconds(10);

    // Secrets of this run only; the drill asserts none of them appears in any message.
    final String password = "drill-password-" + UUID.randomUUID();
    final String clientSecret = "drill-client-secret-" + UUID.randomUUID();
    final String user = "KFTRAIN\\drill";

    enum Op {
        JOB_HISTORY("jobHistory page", "/OrchestratorJobs/JobHistory"),
        STORE_TYPES("storeTypes", "/CertificateStoreTypes"),
        AGENTS("agents page", "/Agents"),
        SCHEDULE("scheduleCustomJob", "/OrchestratorJobs/Custom");

        final String label;
        final String path;

        Op(String label, String path) {
            this.label = label;
            this.path = path;
        }
    }

    enum Auth { BASIC, OAUTH }

    enum Outcome { FIRST_TRY, AFTER_RETRIES, FAILED, WRONG_DATA, ESCAPED }

    /** One call: what it was, what it came to, what the simulator saw of it. */
    record Call(int round, Op op, Auth auth, boolean tight, Outcome outcome, long requests, long baseRequests,
            Map<String, Long> injected, CommandApiException failure, String marker, ScheduledCustomJob scheduled,
            long millis) {
        long retries() {
            return Math.max(0, requests - baseRequests);
        }
    }

    record Round(int number, String spec, int calls, long ok, long afterRetries, long failed, long requests,
            long injected) {
    }

    static final String RESTART_SERVICE = "RestartService";

    SimulatedCommand sim;
    final Map<String, HttpCommandApi> clients = new HashMap<>();
    final List<PagedQuery> historyQueries = new ArrayList<>();
    final Map<PagedQuery, List<JobHistoryEntry>> historyPages = new HashMap<>();
    final List<PagedQuery> agentQueries = new ArrayList<>();
    final Map<PagedQuery, List<Agent>> agentPages = new HashMap<>();
    List<CertificateStoreType> storeTypes;
    long storeTypesRequests;
    UUID agentId;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatedCommand.builder().seed(SEED).user(user, password).oauthClient("jobhook-drill", clientSecret)
                .start();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        sim.addJobHistory(230, t);
        for (int i = 0; i < 12; i++) {
            sim.addJobHistory(SimJobResult.FAILURE, i % 2 == 0 ? SimHistoryStatus.COMPLETED_WILL_RETRY
                    : SimHistoryStatus.COMPLETED, t.plus(Duration.ofHours(5 + i)), "failure " + i);
        }
        for (int i = 0; i < 24; i++) {
            sim.addOrchestrator("orchestrator-" + i + ".drill.lab", List.of("WinCert"));
        }
        agentId = sim.defaultOrchestratorId();
        for (Auth auth : Auth.values()) {
            clients.put(auth + "/normal", client(auth, NORMAL_TIMEOUT));
            clients.put(auth + "/tight", client(auth, TIGHT_TIMEOUT));
        }
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    HttpCommandApi client(Auth auth, Duration requestTimeout) {
        Map<String, Object> p = new HashMap<>();
        p.put("url", sim.baseUri().toString());
        p.put("requestTimeout", requestTimeout.toMillis());
        if (auth == Auth.BASIC) {
            p.put("username", user);
            p.put(".password", password);
        } else {
            p.put("auth", "oauth");
            p.put("tokenUrl", sim.tokenUri().toString());
            p.put("clientId", "jobhook-drill");
            p.put(".clientSecret", clientSecret);
        }
        ClientSettings settings = ClientSettings.from(ClientSettingsTest.config(p));
        Random jitter = new Random(auth.ordinal());
        return HttpCommandApi.create(settings, Clock.systemUTC(),
                new RetryPolicy(settings.maxAttempts, Duration.ofMillis(5), Duration.ofMillis(50), jitter::nextDouble),
                d -> Thread.sleep(d.toMillis()));
    }

    long requests() {
        return sim.requestCount("");
    }

    /** The fault-free reads every faulted read is compared with. */
    void readBaseline() {
        sim.faults("");
        HttpCommandApi api = clients.get("BASIC/normal");
        List<Query> filters = new ArrayList<>();
        filters.add(null);
        filters.add(Query.field("Status").eq(JobHistoryStatus.COMPLETED));
        for (int f = 0; f < filters.size(); f++) {
            int limit = f == 0 ? 25 : 20;
            for (int page = 1; ; page++) {
                PagedQuery q = new PagedQuery(filters.get(f), page, limit, "JobHistoryId", f == 0);
                List<JobHistoryEntry> rows = api.jobHistory(q);
                historyQueries.add(q);
                historyPages.put(q, rows);
                if (rows.size() < limit) {
                    break;
                }
            }
        }
        for (int page = 1; ; page++) {
            PagedQuery q = new PagedQuery(null, page, 10, "AgentId", true);
            List<Agent> agents = api.agents(q);
            agentQueries.add(q);
            agentPages.put(q, agents);
            if (agents.size() < 10) {
                break;
            }
        }
        long before = requests();
        storeTypes = api.storeTypes();
        storeTypesRequests = requests() - before;
        // The same through OAuth: the two auth modes read the same instance.
        assertThat(clients.get("OAUTH/normal").storeTypes()).isEqualTo(storeTypes);
        assertThat(historyPages.values().stream().mapToInt(List::size).sum()).isGreaterThan(240);
        assertThat(agentPages.values().stream().mapToInt(List::size).sum()).isEqualTo(sim.orchestratorIds().size());
    }

    /** A seeded mix: each kind present or not, as a rate or a count; now and then one kind in a storm. */
    static String faultSpec(Random r, boolean tight) {
        StringJoiner spec = new StringJoiner(";");
        spec.add("retryAfterSeconds=0");
        if (tight) {
            spec.add("latencyMs=" + (120 + r.nextInt(140)));
        } else if (r.nextDouble() < 0.3) {
            spec.add("latencyMs=" + (1 + r.nextInt(8)));
        }
        String storm = r.nextDouble() < 0.12 ? KINDS.get(r.nextInt(KINDS.size())) : null;
        for (String kind : KINDS) {
            if (kind.equals(storm)) {
                spec.add(kind + "=" + (60 + r.nextInt(35)) / 100.0);
            } else if (r.nextDouble() < 0.45) {
                spec.add(kind + "=" + (r.nextDouble() < 0.2 ? (1 + r.nextInt(4)) + "x" : r.nextInt(31) / 100.0));
            }
        }
        return spec.toString();
    }

    @Test
    void faultsNeverYieldWrongDataADuplicateJobAnEscapingExceptionOrALeakedSecret() throws IOException {
        long seed = SEED;
        System.out.println("ClientFaultDrillTest: seed " + seed + " (rerun with -Ddrill.faults.seed=" + seed + "), "
                + ROUNDS + " rounds of " + CALLS + " calls");
        Random r = new Random(seed);
        readBaseline();

        List<Call> calls = new ArrayList<>();
        List<Round> rounds = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        int seq = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            boolean tight = r.nextDouble() < 0.1;
            String spec = faultSpec(r, tight);
            sim.faults(spec);
            int n = tight ? Math.max(2, CALLS / 10) : CALLS;
            long before = requests();
            List<Call> mine = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double pick = r.nextDouble();
                Op op = pick < 0.35 ? Op.JOB_HISTORY : pick < 0.55 ? Op.AGENTS : pick < 0.7 ? Op.STORE_TYPES : Op.SCHEDULE;
                Auth auth = r.nextBoolean() ? Auth.BASIC : Auth.OAUTH;
                Call c = call(round, op, auth, tight, r, "drill-" + seed + "-" + (++seq), violations);
                mine.add(c);
            }
            calls.addAll(mine);
            rounds.add(new Round(round, spec, n, count(mine, Outcome.FIRST_TRY) + count(mine, Outcome.AFTER_RETRIES),
                    count(mine, Outcome.AFTER_RETRIES), count(mine, Outcome.FAILED), requests() - before,
                    mine.stream().mapToLong(c -> c.injected().values().stream().mapToLong(Long::longValue).sum()).sum()));
        }
        sim.faults("");
        // A fault-free call after the last round: Command is still there and still answers the same.
        assertThat(clients.get("OAUTH/normal").storeTypes()).isEqualTo(storeTypes);

        Map<String, Integer> jobsByMarker = new HashMap<>();
        Map<String, UUID> jobIdByMarker = new HashMap<>();
        for (SimJob job : sim.scheduledJobs()) {
            String m = job.jobFields().get("ServiceName");
            if (m != null && m.startsWith("drill-")) {
                jobsByMarker.merge(m, 1, Integer::sum);
                jobIdByMarker.put(m, job.jobId());
            }
        }
        Map<String, long[]> jobs = checkCustomJobs(calls, jobsByMarker, jobIdByMarker, violations);

        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report(seed, calls, rounds, jobs), StandardCharsets.UTF_8);
        System.out.println(Files.readString(REPORT));

        assertThat(violations).as("drill violations (seed %d)", seed).isEmpty();
        assertThat(calls.stream().mapToLong(c -> c.injected().values().stream().mapToLong(Long::longValue).sum()).sum())
                .as("faults injected").isPositive();
        assertThat(count(calls, Outcome.AFTER_RETRIES)).as("calls that succeeded after retries").isPositive();
    }

    static long seed() {
        String text = System.getProperty("drill.faults.seed", "");
        return text.isBlank() ? System.nanoTime() : Long.parseLong(text.trim());
    }

    static long count(List<Call> calls, Outcome o) {
        return calls.stream().filter(c -> c.outcome() == o).count();
    }

    Call call(int round, Op op, Auth auth, boolean tight, Random r, String marker, List<String> violations) {
        HttpCommandApi api = clients.get(auth + (tight ? "/tight" : "/normal"));
        Map<String, Long> injectedBefore = sim.injectedFaults();
        long requestsBefore = requests();
        long startNanos = System.nanoTime();
        long base = op == Op.STORE_TYPES ? storeTypesRequests : 1;
        boolean right = true;
        String what = op.label;
        CommandApiException failure = null;
        ScheduledCustomJob scheduled = null;
        Throwable escaped = null;
        try {
            switch (op) {
                case JOB_HISTORY -> {
                    PagedQuery q = historyQueries.get(r.nextInt(historyQueries.size()));
                    what += " " + q.parameters();
                    right = api.jobHistory(q).equals(historyPages.get(q));
                }
                case AGENTS -> {
                    PagedQuery q = agentQueries.get(r.nextInt(agentQueries.size()));
                    what += " " + q.parameters();
                    right = api.agents(q).equals(agentPages.get(q));
                }
                case STORE_TYPES -> right = api.storeTypes().equals(storeTypes);
                case SCHEDULE -> {
                    what += " " + marker;
                    scheduled = api.scheduleCustomJob(new CustomJobRequest(agentId, RESTART_SERVICE, null,
                            Map.of("ServiceName", marker, "TimeoutSeconds", 7)));
                    right = agentId.equals(scheduled.orchestratorId()) && scheduled.jobId() != null
                            && RESTART_SERVICE.equals(scheduled.jobTypeName())
                            && marker.equals(scheduled.jobFields().get("ServiceName"));
                }
            }
        } catch (CommandApiException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            escaped = e;
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        long requests = requests() - requestsBefore;
        Map<String, Long> injectedAfter = sim.injectedFaults();
        Map<String, Long> injected = new LinkedHashMap<>();
        injectedAfter.forEach((k, v) -> {
            long d = v - injectedBefore.getOrDefault(k, 0L);
            if (d > 0) {
                injected.put(k, d);
            }
        });
        String context = "round " + round + ", " + auth + ", " + what + ", faults met " + injected;
        Outcome outcome;
        if (escaped != null) {
            outcome = Outcome.ESCAPED;
            violations.add(context + ": " + escaped + " escaped (not a CommandApiException)");
        } else if (failure != null) {
            outcome = Outcome.FAILED;
            checkFailure(op, failure, context, violations);
        } else if (!right) {
            outcome = Outcome.WRONG_DATA;
            violations.add(context + ": returned data that differs from the fault-free read");
        } else {
            outcome = requests > base ? Outcome.AFTER_RETRIES : Outcome.FIRST_TRY;
        }
        return new Call(round, op, auth, tight, outcome, requests, base, injected, failure, marker, scheduled, millis);
    }

    static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_-]{40,}");

    /** A failure must name the call and what Command said or what broke, and hold no secret. */
    void checkFailure(Op op, CommandApiException e, String context, List<String> violations) {
        String message = e.getMessage();
        String expectedMethod = op == Op.SCHEDULE ? "POST" : "GET";
        if (!message.startsWith("Command API " + expectedMethod + " " + op.path) || !op.path.equals(e.path())) {
            violations.add(context + ": the message does not name the call: " + message);
        }
        if (e.status() == CommandApiException.NO_RESPONSE) {
            if (e.getCause() == null || !message.contains(e.getCause().getClass().getSimpleName())) {
                violations.add(context + ": no answer, but the message does not name the cause: " + message);
            }
        } else if (!message.contains("answered " + e.status())) {
            violations.add(context + ": the message does not name the status: " + message);
        } else if (e.status() == 500 && !message.contains("Simulated server error")) {
            violations.add(context + ": the message does not carry Command's Message: " + message);
        }
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()) + " " + t;
            for (String secret : List.of(password, clientSecret, basic)) {
                if (text.contains(secret)) {
                    violations.add(context + ": a secret is in the message: " + t.getClass().getSimpleName());
                }
            }
            if (TOKEN_LIKE.matcher(text).find() || text.toLowerCase(Locale.ROOT).contains("bearer ")) {
                violations.add(context + ": something like a token is in the message: " + text);
            }
        }
    }

    /** Custom jobs: what the client reported against what the simulator holds. @return the counts for the report */
    Map<String, long[]> checkCustomJobs(List<Call> calls, Map<String, Integer> jobsByMarker,
            Map<String, UUID> jobIdByMarker, List<String> violations) {
        // per category: requests, of them in Command once, of them not in Command, more than once
        Map<String, long[]> counts = new TreeMap<>();
        for (Call c : calls) {
            if (c.op() != Op.SCHEDULE) {
                continue;
            }
            int held = jobsByMarker.getOrDefault(c.marker(), 0);
            String category;
            if (c.outcome() == Outcome.FIRST_TRY || c.outcome() == Outcome.AFTER_RETRIES) {
                category = "reported scheduled";
                if (held != 1 || !jobIdByMarker.get(c.marker()).equals(c.scheduled().jobId())) {
                    violations.add("custom job " + c.marker() + " reported scheduled as " + c.scheduled().jobId()
                            + ", but Command holds " + held + " job(s) for it");
                }
            } else if (c.outcome() == Outcome.FAILED && refusedUnseen(c.failure())) {
                category = "reported failed, refused unseen (" + c.failure().status() + ")";
                if (held != 0) {
                    violations.add("custom job " + c.marker() + " reported refused (" + c.failure().getMessage()
                            + "), but Command holds " + held + " job(s) for it");
                }
            } else {
                category = c.outcome() == Outcome.FAILED ? "reported failed, Command may have acted ("
                        + statusLabel(c.failure().status()) + ")" : "wrong data or escaped";
                if (held > 1) {
                    violations.add("custom job " + c.marker() + " is in Command " + held + " times");
                }
            }
            long[] n = counts.computeIfAbsent(category, k -> new long[4]);
            n[0]++;
            n[held == 1 ? 1 : held == 0 ? 2 : 3]++;
        }
        return counts;
    }

    /** Command did not act: it refused the request before looking at it. */
    static boolean refusedUnseen(CommandApiException e) {
        return e.status() == 429 || e.status() == 503 || e.status() == 401;
    }

    static String statusLabel(int status) {
        return status == CommandApiException.NO_RESPONSE ? "no answer" : status == 200 ? "200, garbled" : "" + status;
    }

    /** Failure causes, one line each: the status and what the client made of it. */
    static String cause(CommandApiException e) {
        String m = e.getMessage();
        String why = m.contains("not retried") ? "not retried (a write Command may have acted on)"
                : m.contains("deadline") || m.contains("HttpTimeoutException") ? "deadline"
                : m.contains("gave up") ? "gave up after retries"
                : "not retried";
        return statusLabel(e.status()) + ": " + why;
    }

    // ----- the report ------------------------------------------------------------------------------------

    static void faultRow(StringBuilder md, String name, String injected, List<Call> met) {
        List<Call> reads = met.stream().filter(c -> c.op() != Op.SCHEDULE).toList();
        List<Call> writes = met.stream().filter(c -> c.op() == Op.SCHEDULE).toList();
        md.append("| ").append(name).append(" | ").append(injected).append(" | ").append(met.size()).append(" | ")
                .append(count(reads, Outcome.AFTER_RETRIES)).append(" | ").append(count(reads, Outcome.FAILED))
                .append(" | ").append(count(writes, Outcome.AFTER_RETRIES)).append(" | ")
                .append(count(writes, Outcome.FAILED)).append(" | ")
                .append(met.isEmpty() ? "–" : String.format(Locale.ROOT, "%.1f",
                        met.stream().mapToLong(Call::millis).average().orElse(0)))
                .append(" | ").append(met.stream().mapToLong(Call::millis).max().orElse(0)).append(" |\n");
    }

    String report(long seed, List<Call> calls, List<Round> rounds, Map<String, long[]> jobs) {
        StringBuilder md = new StringBuilder();
        long injections = calls.stream().mapToLong(c -> c.injected().values().stream().mapToLong(Long::longValue).sum())
                .sum();
        md.append("# The simulator's fault modes against the client\n\n");
        md.append("`command-client-bundle` `ClientFaultDrillTest`: seed ").append(seed).append(", ").append(rounds.size())
                .append(" rounds, ").append(calls.size()).append(" calls, ")
                .append(calls.stream().mapToLong(Call::requests).sum()).append(" API requests, ").append(injections)
                .append(" faults injected.\n\n");

        md.append("## Per operation\n\n");
        md.append("| operation | auth | calls | OK first try | OK after retries | failed (CommandApiException) "
                + "| wrong data | other exception | requests | retries |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Op op : Op.values()) {
            for (Auth auth : Auth.values()) {
                List<Call> mine = calls.stream().filter(c -> c.op() == op && c.auth() == auth).toList();
                md.append("| ").append(op.label).append(" | ").append(auth == Auth.BASIC ? "Basic" : "OAuth").append(" | ")
                        .append(mine.size()).append(" | ").append(count(mine, Outcome.FIRST_TRY)).append(" | ")
                        .append(count(mine, Outcome.AFTER_RETRIES)).append(" | ").append(count(mine, Outcome.FAILED))
                        .append(" | ").append(count(mine, Outcome.WRONG_DATA)).append(" | ")
                        .append(count(mine, Outcome.ESCAPED)).append(" | ")
                        .append(mine.stream().mapToLong(Call::requests).sum()).append(" | ")
                        .append(mine.stream().mapToLong(Call::retries).sum()).append(" |\n");
            }
        }
        md.append("| **all** | | ").append(calls.size()).append(" | ").append(count(calls, Outcome.FIRST_TRY))
                .append(" | ").append(count(calls, Outcome.AFTER_RETRIES)).append(" | ")
                .append(count(calls, Outcome.FAILED)).append(" | ").append(count(calls, Outcome.WRONG_DATA))
                .append(" | ").append(count(calls, Outcome.ESCAPED)).append(" | ")
                .append(calls.stream().mapToLong(Call::requests).sum()).append(" | ")
                .append(calls.stream().mapToLong(Call::retries).sum()).append(" |\n\n");

        md.append("## Per fault kind\n\n");
        md.append("A call met a fault when the simulator injected it into one of the call's requests (a call may meet "
                + "several). Calls of the rounds with added latency have their own row: a request the client gave up "
                + "on is still answered later, so its fault may count for the next call. Times are per call, retries "
                + "and waits included.\n\n");
        md.append("| fault | injected | calls that met it | reads OK after retries | reads failed "
                + "| writes OK after retries | writes failed | mean ms | max ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String kind : KINDS) {
            List<Call> met = calls.stream().filter(c -> !c.tight() && c.injected().containsKey(kind)).toList();
            faultRow(md, "`" + kind + "`", met.stream().mapToLong(c -> c.injected().get(kind)).sum() + "", met);
        }
        faultRow(md, "`latencyMs` 120–259 ms against a " + TIGHT_TIMEOUT.toMillis() + " ms deadline", "–",
                calls.stream().filter(Call::tight).toList());
        List<Call> none = calls.stream().filter(c -> c.injected().isEmpty() && !c.tight()).toList();
        faultRow(md, "none met", "–", none);
        List<Call> retriedUnfaulted = none.stream().filter(c -> c.requests() > c.baseRequests()).toList();
        md.append("\nCalls that met no fault yet took more requests than a fault-free call: ").append(retriedUnfaulted.size())
                .append(" (Basic ").append(retriedUnfaulted.stream().filter(c -> c.auth() == Auth.BASIC).count())
                .append(", OAuth ").append(retriedUnfaulted.stream().filter(c -> c.auth() == Auth.OAUTH).count())
                .append("): a bearer token revoked by `expireTokens` under an answer that `malformed` or `truncate` "
                        + "replaced is refused (401) on its next use, renewed and sent again.\n\n");

        md.append("## Failures by cause\n\n");
        md.append("| status: what the client made of it | reads | writes |\n|---|---:|---:|\n");
        Map<String, long[]> causes = new TreeMap<>();
        calls.stream().filter(c -> c.failure() != null)
                .forEach(c -> causes.computeIfAbsent(cause(c.failure()), k -> new long[2])[c.op() == Op.SCHEDULE ? 1 : 0]++);
        causes.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v[0]).append(" | ").append(v[1])
                .append(" |\n"));
        md.append("\nOne message of each cause, as the caller gets it:\n\n");
        Map<String, String> examples = new TreeMap<>();
        calls.stream().filter(c -> c.failure() != null).forEach(c -> examples.putIfAbsent(cause(c.failure())
                + (c.op() == Op.SCHEDULE ? " (write)" : " (read)"), c.failure().getMessage()));
        examples.forEach((k, v) -> md.append("- ").append(k).append(": `").append(v.replace('`', '\'')).append("`\n"));
        md.append('\n');

        md.append("## Custom jobs: what the client reported, what Command holds\n\n");
        md.append("| client reported | requests | in Command once | not in Command | more than once |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        jobs.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v[0]).append(" | ").append(v[1])
                .append(" | ").append(v[2]).append(" | ").append(v[3]).append(" |\n"));
        md.append('\n');

        md.append("## Rounds\n\n");
        md.append("| round | fault spec | calls | OK | of them after retries | failed | requests | injected |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Round rd : rounds) {
            md.append("| ").append(rd.number()).append(" | `").append(rd.spec()).append("` | ").append(rd.calls())
                    .append(" | ").append(rd.ok()).append(" | ").append(rd.afterRetries()).append(" | ")
                    .append(rd.failed()).append(" | ").append(rd.requests()).append(" | ").append(rd.injected())
                    .append(" |\n");
        }
        return md.toString();
    }
}
