package io.jobhook.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jobhook.simulator.SimulatedCommand.Request;
import io.jobhook.testsupport.MutableClock;

/** The facade as another module's test uses it: over plain loopback HTTP, as a Command client calls. */
class SimulatedCommandTest {

    static final UUID SAMPLE_AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");
    static final String RESTART = "{\"AgentId\":\"" + SAMPLE_AGENT + "\",\"JobTypeName\":\"RestartService\","
            + "\"JobFields\":{\"ServiceName\":\"W3SVC\",\"Force\":true},\"Schedule\":{\"Interval\":{\"Minutes\":30}}}";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    SimulatedCommand command;

    @BeforeEach
    void start() {
        command = SimulatedCommand.start();
    }

    @AfterEach
    void stop() {
        command.close();
    }

    HttpResponse<String> send(SimulatedCommand to, String method, String pathAndQuery, String password, String json)
            throws IOException, InterruptedException {
        String credentials = to.username() + ":" + password;
        HttpRequest.Builder b = HttpRequest.newBuilder(to.baseUri().resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .header("x-keyfactor-requested-with", "APIClient")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String pathAndQuery, String json) throws IOException, InterruptedException {
        return send(command, method, pathAndQuery, command.password(), json);
    }

    @Test
    void servesTheSamplesInstanceOnALoopbackPortToItsGeneratedBasicAccount() throws Exception {
        assertThat(command.baseUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/KeyfactorAPI/");
        assertThat(command.username()).isEqualTo("KFTRAIN\\svc");
        assertThat(command.password()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(command.toString()).doesNotContain(command.password());

        HttpResponse<String> winCert = send("GET", "CertificateStoreTypes/Name/WinCert", null);
        assertThat(winCert.statusCode()).isEqualTo(200);
        assertThat(winCert.body()).contains("49b3a17d-cada-4ec8-84c6-7719bf5beef3", "4be14534-55b0-4cd7-9871-536b55b5e973",
                "e868b3f8-9b6a-48b1-91c8-683d71d94f61");
        assertThat(send("GET", "Agents/" + SAMPLE_AGENT, null).body()).contains("orchestrator.kftrain.lab");

        HttpResponse<String> wrong = send(command, "GET", "Agents", "not-the-password", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().allValues("WWW-Authenticate")).as("Basic only").singleElement().asString()
                .startsWith("Basic");
    }

    @Test
    void listsEveryApiRequestItAnsweredInOrderWithoutItsOwnControlEndpoints() throws Exception {
        send("GET", "CertificateStoreTypes/Name/WinCert", null);
        send("GET", "OrchestratorJobs/JobHistory?pq.queryString=AgentId%20-eq%20%22" + SAMPLE_AGENT + "%22&pq.returnLimit=5", null);
        send(command, "GET", "Agents", "not-the-password", null);
        send("GET", "NoSuchThing", null);
        http.send(HttpRequest.newBuilder(command.baseUri().resolve("/simulator/faults")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(command.requests()).containsExactly(
                new Request("GET", "/CertificateStoreTypes/Name/WinCert", null, 200),
                new Request("GET", "/OrchestratorJobs/JobHistory", "pq.queryString=AgentId%20-eq%20%22" + SAMPLE_AGENT + "%22&pq.returnLimit=5",
                        200),
                new Request("GET", "/Agents", null, 401),
                new Request("GET", "/NoSuchThing", null, 404));
    }

    @Test
    void listsTheCustomJobsScheduledThroughTheApiWithTheirDefaults() throws Exception {
        assertThat(command.scheduledCustomJobs()).isEmpty();

        HttpResponse<String> scheduled = send("POST", "OrchestratorJobs/Custom", RESTART);

        assertThat(scheduled.statusCode()).isEqualTo(200);
        assertThat(command.scheduledCustomJobs()).singleElement().satisfies(job -> {
            assertThat(job.jobTypeName()).isEqualTo("RestartService");
            assertThat(job.agentId()).isEqualTo(SAMPLE_AGENT);
            assertThat(job.jobFields()).isEqualTo(Map.of("ServiceName", "W3SVC", "Force", "true", "TimeoutSeconds", "30"));
            assertThat(job.schedule()).isEqualTo("{\"Interval\":{\"Minutes\":30}}");
            assertThat(scheduled.body()).contains(job.jobId().toString());
            assertThat(job.requested()).isNotNull();
        });
        assertThat(command.requests()).containsExactly(new Request("POST", "/OrchestratorJobs/Custom", null, 200));
    }

    @Test
    void failsOnPurposeWithAFaultSpecFromStartOrChangedOnTheWay() throws Exception {
        try (SimulatedCommand failing = SimulatedCommand.start("status503=1x")) {
            HttpResponse<String> first = send(failing, "GET", "Agents", failing.password(), null);
            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(first.headers().firstValue("Retry-After")).contains("1");
            assertThat(send(failing, "GET", "Agents", failing.password(), null).statusCode()).isEqualTo(200);
            assertThat(failing.requests()).extracting(Request::status).containsExactly(503, 200);
        }

        // A refused connection is status 0, and a job refused so is not scheduled.
        command.faults("disconnect=1x");
        assertThatThrownBy(() -> send("POST", "OrchestratorJobs/Custom", RESTART)).isInstanceOf(IOException.class);
        command.faults("status500=1.0");
        assertThat(send("GET", "Agents", null).statusCode()).isEqualTo(500);
        command.faults(null);
        assertThat(send("GET", "Agents", null).statusCode()).isEqualTo(200);

        assertThat(command.requests()).containsExactly(new Request("POST", "/OrchestratorJobs/Custom", null, 0),
                new Request("GET", "/Agents", null, 500), new Request("GET", "/Agents", null, 200));
        assertThat(command.scheduledCustomJobs()).isEmpty();
    }

    @Test
    void aBuiltInstanceHasTheTestsSeedClockAndCredentialsAndTakesOAuth() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-02-01T08:00:00Z"));
        try (SimulatedCommand built = SimulatedCommand.builder().seed(7).clock(clock).user("LAB\\tester", "pw-1")
                .oauthClient("ci", "client-secret").start()) {
            assertThat(built.username()).isEqualTo("LAB\\tester");
            assertThat(built.password()).isEqualTo("pw-1");
            assertThat(built.defaultOrchestratorId()).as("another seed, other GUIDs").isNotEqualTo(SAMPLE_AGENT);
            assertThat(send(built, "GET", "Agents", "pw-1", null).statusCode()).isEqualTo(200);

            HttpResponse<String> token = http.send(HttpRequest.newBuilder(built.tokenUri())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=ci&client_secret="
                            + built.clientSecret())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).isEqualTo(200);
            assertThat(token.body()).contains("access_token");
            assertThat(built.clientId()).isEqualTo("ci");

            SimJob add = built.scheduleManagementAdd(built.defaultStoreId(), null);
            assertThat(add.requested()).as("on the test's clock").isEqualTo(clock.instant());
        }
    }

    @Test
    void theJobMethodsRunJobsAsOrchestratorsWouldAndLeaveTheirHistory() {
        List<Completion> seen = new ArrayList<>();
        command.onCompletion(seen::add);
        SimJob add = command.scheduleManagementAdd(command.defaultStoreId(), null);
        command.planResults(add.jobId(), SimJobResult.FAILURE);
        Instant now = Instant.now();

        List<HistoryRow> started = command.startDueJobs(now);
        assertThat(started).filteredOn(r -> r.jobId().equals(add.jobId())).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(SimHistoryStatus.IN_PROCESS));
        List<Completion> done = command.completeRunningJobs(now.plusSeconds(5));
        Completion failed = done.stream().filter(c -> c.jobId().equals(add.jobId())).findFirst().orElseThrow();
        assertThat(failed.jobResult()).isEqualTo(SimJobResult.FAILURE);
        assertThat(failed.operationType()).isEqualTo(SimOperationType.ADD);
        assertThat(seen).containsAll(done);
        assertThat(command.jobHistoryRow(failed.jobHistoryId()).orElseThrow().status())
                .isEqualTo(SimHistoryStatus.COMPLETED_WILL_RETRY);

        List<Completion> retried = command.runDueJobs(now.plusSeconds(60));
        assertThat(retried).filteredOn(c -> c.jobId().equals(add.jobId())).singleElement().satisfies(c -> {
            assertThat(c.jobResult()).isEqualTo(SimJobResult.SUCCESS);
            assertThat(c.currentRetryCount()).isEqualTo(1);
        });

        HistoryRow written = command.addJobHistory(SimJobResult.WARNING, SimHistoryStatus.COMPLETED, now, "disk full");
        assertThat(command.jobHistory()).last().isEqualTo(written);
        assertThat(command.addJobHistory(3, now)).hasSize(3);
        assertThat(command.customJobTypeId("RestartService")).isPresent();
        assertThat(command.customJobTypeId("NoSuchType")).isEmpty();
        assertThat(command.storeTypeNames()).contains("WinCert");
        assertThat(command.job(add.jobId())).isPresent();
    }

    @Test
    void refusesABadFaultSpecNamingTheItem() {
        assertThatThrownBy(() -> SimulatedCommand.start("status503=sometimes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status503");
        command.faults("status500=1x");
        assertThatThrownBy(() -> command.faults("noSuchFault=1x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noSuchFault");
    }

    @Test
    void afterCloseItNoLongerListensButStillReports() throws Exception {
        send("GET", "Agents", null);
        command.close();

        assertThatThrownBy(() -> send("GET", "Agents", null)).isInstanceOf(ConnectException.class);
        assertThat(command.requests()).containsExactly(new Request("GET", "/Agents", null, 200));
    }
}
