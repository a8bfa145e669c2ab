package io.jobhook.simulator.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One simulated Command instance, transport-neutral: {@link #handle} answers any request, whichever
 * transport received it. Serves the Command API under the base path, the OAuth token endpoint at
 * {@link #TOKEN_PATH} and the control endpoints under {@code /simulator/}; runs the job engine every
 * {@code jobIntervalSeconds} (0: never, tests step the model) and pushes completions when a push URL is set.
 */
public final class CommandSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandSimulator.class);

    /** The OAuth 2.0 token endpoint, as the Keyfactor identity provider (Keycloak) serves it. */
    public static final String TOKEN_PATH = "/realms/Keyfactor/protocol/openid-connect/token";
    /** The version {@code X-Keyfactor-Product-Version} reports. */
    public static final String PRODUCT_VERSION = "11.2.0.0";

    private final SimulatorSettings settings;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final CommandModel model;
    private final FaultControl faults;
    private final Authenticator authenticator;
    private final ApiRoutes routes;
    private final JsonShapes json;
    private final Map<String, AtomicLong> requestCounts = new ConcurrentHashMap<>();
    // Kept only once asked for: a demo instance answers requests for days and would keep them all.
    private final List<AnsweredRequest> answered = new ArrayList<>();   // guarded by itself
    private volatile boolean recording;
    private final ScheduledExecutorService engine;
    private final CompletionPusher pusher;

    /**
     * Builds the instance and starts its job engine and pusher.
     *
     * @throws IllegalArgumentException for settings that cannot work (a store types file that does not load)
     */
    public CommandSimulator(SimulatorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.model = new CommandModel(settings, clock, mapper);
        this.faults = new FaultControl(settings.seed());
        this.faults.set(settings.faults());
        this.authenticator = new Authenticator(settings, clock, mapper);
        this.routes = new ApiRoutes(model, mapper, clock);
        this.json = new JsonShapes(mapper);
        if (settings.pushUrl().isPresent()) {
            pusher = new CompletionPusher(settings.pushUrl().get(), settings.pushToken(), json, Duration.ofSeconds(60),
                    Duration.ofMillis(200), 10_000);
            model.addCompletionListener(pusher::enqueue);
        } else {
            pusher = null;
        }
        if (settings.jobIntervalSeconds() > 0) {
            engine = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jobhook-simulator-jobs");
                t.setDaemon(true);
                return t;
            });
            // A live instance starts its day at once: one job of each kind the sample traces, run within a second.
            model.scheduleSampleJobs();
            engine.scheduleWithFixedDelay(this::tick, 1, settings.jobIntervalSeconds(), TimeUnit.SECONDS);
        } else {
            engine = null;
        }
        LOG.debug("Simulator ready: {}", settings);
    }

    private void tick() {
        try {
            model.completeRunningJobs(clock.instant());
            model.startDueJobs(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("The simulator's job engine failed", e);
        }
    }

    public SimulatorSettings settings() {
        return settings;
    }

    public CommandModel model() {
        return model;
    }

    public FaultControl faults() {
        return faults;
    }

    /** @return the pusher, or null when no push URL is set */
    public CompletionPusher pusher() {
        return pusher;
    }

    /**
     * @return how many API requests reached paths ending with {@code pathSuffix} (any case), faulted ones
     *         included
     */
    public long requestCount(String pathSuffix) {
        String suffix = pathSuffix.toLowerCase(Locale.ROOT);
        return requestCounts.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).endsWith(suffix))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    /** @return the count of API requests per path */
    public Map<String, Long> requestCounts() {
        Map<String, Long> m = new TreeMap<>();
        requestCounts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /**
     * Keeps every API request answered from now on, for {@link #answeredRequests()}. Off until called,
     * because a long-running instance would keep them all.
     */
    public void recordRequests() {
        recording = true;
    }

    /**
     * @return the API requests answered since {@link #recordRequests()}, in the order their answers were
     *         made, faulted ones included; token and control endpoint requests are not API requests
     */
    public List<AnsweredRequest> answeredRequests() {
        synchronized (answered) {
            return List.copyOf(answered);
        }
    }

    /** Answers a request, whichever transport received it. Never throws. */
    public SimResponse handle(SimRequest req) {
        try {
            String path = "/" + String.join("/", req.segments());
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.equals(TOKEN_PATH.toLowerCase(Locale.ROOT))) {
                return authenticator.token(req);
            }
            if (lower.equals("/simulator") || lower.startsWith("/simulator/")) {
                return control(req, req.segments().subList(1, req.segments().size()));
            }
            String base = settings.basePath().toLowerCase(Locale.ROOT);
            if (lower.equals(base) || lower.startsWith(base + "/")) {
                int baseSegments = settings.basePath().split("/").length - 1;
                List<String> segs = req.segments().subList(baseSegments, req.segments().size());
                SimResponse r = api(req, path, segs);
                if (r.delivery() != SimResponse.Delivery.DISCONNECT) {
                    r.setHeader("X-Keyfactor-Product-Version", PRODUCT_VERSION);
                }
                if (recording) {
                    record(req, baseSegments, r);
                }
                return r;
            }
            return SimResponse.text(404, "Not Found");
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure answering {} {}", req.method(), req.rawPath(), e);
            return SimResponse.json(500, json.error(ApiError.SERVER_ERROR, "Unexpected error in the simulator")
                    .toString());
        }
    }

    private void record(SimRequest req, int baseSegments, SimResponse r) {
        // The raw path, so that a test sees the encoding the client used; the base path matched in any case.
        StringBuilder below = new StringBuilder();
        int skipped = 0;
        for (String s : req.rawPath().split("/")) {
            if (s.isEmpty()) {
                continue;
            }
            if (skipped < baseSegments) {
                skipped++;
            } else {
                below.append('/').append(s);
            }
        }
        int status = r.delivery() == SimResponse.Delivery.DISCONNECT ? 0 : r.status();
        AnsweredRequest entry = new AnsweredRequest(req.method(), below.length() == 0 ? "/" : below.toString(),
                req.rawQuery(), status);
        synchronized (answered) {
            answered.add(entry);
        }
    }

    private SimResponse api(SimRequest req, String path, List<String> segs) {
        requestCounts.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
        long latency = faults.latencyMs();
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        FaultSpec.Kind fault = faults.nextAnswerFault();
        if (fault != null) {
            LOG.debug("Injecting fault {} into {} {}", fault.specName(), req.method(), path);
        }
        String retryAfter = Integer.toString(faults.retryAfterSeconds());
        if (fault == FaultSpec.Kind.DISCONNECT) {
            return SimResponse.disconnect();
        }
        if (fault == FaultSpec.Kind.STATUS500) {
            return SimResponse.json(500, json.error(ApiError.SERVER_ERROR, "Simulated server error").toString());
        }
        if (fault == FaultSpec.Kind.STATUS503) {
            return SimResponse.text(503, "The service is unavailable.").header("Retry-After", retryAfter);
        }
        if (fault == FaultSpec.Kind.STATUS429) {
            return SimResponse.text(429, "Too many requests.").header("Retry-After", retryAfter);
        }
        SimResponse r = answer(req, segs);
        if (fault == FaultSpec.Kind.TRUNCATE) {
            byte[] body = r.body().length >= 2 ? r.body()
                    : "[{\"Simulated\":\"an answer cut short\"}]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return SimResponse.json(200, "").body(body).delivery(SimResponse.Delivery.TRUNCATE);
        }
        if (fault == FaultSpec.Kind.MALFORMED) {
            return SimResponse.json(200, "<html><body>Simulated answer that is not JSON</body></html>");
        }
        return r;
    }

    private SimResponse answer(SimRequest req, List<String> segs) {
        Authenticator.Outcome auth = authenticator.authenticate(req.header("Authorization"), faults::expireTokenNow);
        if (!auth.ok()) {
            return authenticator.unauthorized(auth);
        }
        try {
            if (req.header("x-keyfactor-requested-with").filter(v -> !v.isBlank()).isEmpty()) {
                throw new ApiError(400, ApiError.MISSING_HEADER,
                        "The header x-keyfactor-requested-with is required (e.g. APIClient)");
            }
            return routes.route(req, segs);
        } catch (ApiError e) {
            return SimResponse.json(e.status(), json.error(e.code(), e.getMessage()).toString());
        }
    }

    private SimResponse control(SimRequest req, List<String> segs) {
        String what = segs.isEmpty() ? "" : segs.get(0).toLowerCase(Locale.ROOT);
        String method = req.method();
        if (segs.size() == 1 && what.equals("faults")) {
            switch (method) {
                case "GET":
                    return faultState();
                case "PUT":
                case "POST":
                    try {
                        faults.set(req.bodyText());
                    } catch (IllegalArgumentException e) {
                        return controlError(400, e.getMessage());
                    }
                    return faultState();
                case "DELETE":
                    faults.clear();
                    return new SimResponse(204);
                default:
                    return controlError(405, "Use GET, PUT or DELETE").header("Allow", "GET, PUT, DELETE");
            }
        }
        if (segs.size() == 1 && what.equals("requests")) {
            if (method.equals("GET")) {
                ObjectNode n = mapper.createObjectNode();
                n.set("counts", mapper.valueToTree(requestCounts()));
                return SimResponse.json(200, n.toString());
            }
            if (method.equals("DELETE")) {
                requestCounts.clear();
                return new SimResponse(204);
            }
            return controlError(405, "Use GET or DELETE").header("Allow", "GET, DELETE");
        }
        if (segs.size() == 2 && what.equals("jobs") && segs.get(1).equalsIgnoreCase("run")) {
            if (!method.equals("POST")) {
                return controlError(405, "Use POST").header("Allow", "POST");
            }
            int n = model.runDueJobs(clock.instant()).size();
            return SimResponse.json(200, mapper.createObjectNode().put("completed", n).toString());
        }
        return controlError(404, "No control endpoint /simulator/" + String.join("/", segs)
                + " (known: faults, requests, jobs/run)");
    }

    private SimResponse faultState() {
        ObjectNode n = mapper.createObjectNode();
        n.put("spec", faults.current());
        n.set("injected", mapper.valueToTree(faults.injected()));
        return SimResponse.json(200, n.toString());
    }

    private SimResponse controlError(int status, String message) {
        return SimResponse.json(status, mapper.createObjectNode().put("error", message).toString());
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.shutdownNow();
        }
        if (pusher != null) {
            pusher.close();
        }
    }
}
