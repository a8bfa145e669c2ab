package io.jobhook.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.jobhook.simulator.internal.AnsweredRequest;
import io.jobhook.simulator.internal.AuthScheme;
import io.jobhook.simulator.internal.SimJob;
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
        SimulatorSettings settings = SimulatorSettings.defaults()
                .withJobIntervalSeconds(0)   // no engine: a test's Command does nothing it was not asked to
                .withAuth(EnumSet.of(AuthScheme.BASIC))
                .withFaults(faults);
        // The JDK's HTTP server holds each answer's last bytes back (Nagle's algorithm): some 40 ms a call on loopback.
        // It reads this once, when its first server starts; a test's own setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        StandaloneSimulator sim;
        try {
            sim = StandaloneSimulator.start(0, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("The simulated Command could not listen on a loopback port", e);
        }
        sim.simulator().recordRequests();
        return new SimulatedCommand(sim);
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
                j.schedule().toJson().toString(), j.requested());
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
}
