package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.jobhook.testsupport.MutableClock;

class FaultHttpTest {

    private StandaloneSimulator sim;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        sim = StandaloneSimulator.start(0, SimulatorSettings.defaults().withJobIntervalSeconds(0),
                new MutableClock(Instant.parse("2024-03-01T10:00:00Z")));
        http = new Http(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void disconnectClosesTheConnectionWithoutAnswerThenRecovers() throws Exception {
        // A non-idempotent request is not retried by the JDK client: one disconnect, one IOException.
        sim.faults().set("disconnect=1x");
        assertThatThrownBy(() -> http.post("OrchestratorJobs/Acknowledge", "{\"JobAuditIds\":[1]}"))
                .isInstanceOf(IOException.class);
        assertThat(sim.requestCount("/Acknowledge")).isEqualTo(1);
        assertThat(http.get("Agents").statusCode()).isEqualTo(200);
    }

    @Test
    void theJdkClientSilentlyRetriesAGetOnceWhenNoByteCame() throws Exception {
        // java.net.http.HttpClient resends an idempotent request once when the connection closes before any
        // byte of an answer: a GET needs two disconnects to surface as an IOException.
        sim.faults().set("disconnect=1x");
        assertThat(http.get("Agents").statusCode()).isEqualTo(200);
        assertThat(sim.requestCount("/Agents")).isEqualTo(2);
        sim.faults().set("disconnect=2x");
        assertThatThrownBy(() -> http.get("Agents")).isInstanceOf(IOException.class);
        assertThat(sim.requestCount("/Agents")).isEqualTo(4);
        assertThat(http.get("Agents").statusCode()).isEqualTo(200);
    }

    @Test
    void truncateSendsHalfABodyAndCloses() throws Exception {
        sim.faults().set("truncate=1x");
        assertThatThrownBy(() -> http.get("OrchestratorJobs/JobHistory")).isInstanceOf(IOException.class);
        assertThat(http.get("OrchestratorJobs/JobHistory").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedAnswers200WithABodyThatIsNotJson() throws Exception {
        sim.faults().set("malformed=1x");
        HttpResponse<String> r = http.get("Agents");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> Http.json(r)).isInstanceOf(JsonProcessingException.class);
        assertThat(Http.json(http.get("Agents")).isArray()).isTrue();
    }

    @Test
    void statusFaultsCarryKeyfactorBodiesAndRetryAfter() throws Exception {
        sim.faults().set("status500=1x;status503=1x;status429=1x;retryAfterSeconds=4");
        HttpResponse<String> r500 = http.get("Agents");
        assertThat(r500.statusCode()).isEqualTo(500);
        assertThat(Http.json(r500).get("ErrorCode").asText()).isEqualTo(ApiError.SERVER_ERROR);
        HttpResponse<String> r503 = http.get("Agents");
        assertThat(r503.statusCode()).isEqualTo(503);
        assertThat(r503.headers().firstValue("Retry-After")).contains("4");
        HttpResponse<String> r429 = http.get("Agents");
        assertThat(r429.statusCode()).isEqualTo(429);
        assertThat(r429.headers().firstValue("Retry-After")).contains("4");
        assertThat(http.get("Agents").statusCode()).isEqualTo(200);
        assertThat(sim.requestCount("Agents")).isEqualTo(4);
    }

    @Test
    void expireTokensRejectsAValidBearerOnce() throws Exception {
        String bearer = http.bearer();
        sim.faults().set("expireTokens=1x");
        assertThat(http.get("Agents").statusCode()).as("Basic is not affected").isEqualTo(200);
        HttpResponse<String> r = http.send(http.api("Agents", bearer).build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).anyMatch(v -> v.contains("expired"));
        assertThat(http.send(http.api("Agents", http.bearer()).build()).statusCode()).isEqualTo(200);
    }

    @Test
    void latencyDelaysEveryApiAnswer() throws Exception {
        sim.faults().set("latencyMs=300");
        long start = System.nanoTime();
        assertThat(http.get("Agents").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void faultsNeverTouchTheTokenOrControlEndpoints() throws Exception {
        sim.faults().set("status500=1;disconnect=0");
        assertThat(http.token("grant_type=client_credentials&client_id=jobhook&client_secret="
                + sim.settings().clientSecret()).statusCode()).isEqualTo(200);
        assertThat(http.control("GET", "faults", null).statusCode()).isEqualTo(200);
        assertThat(http.get("Agents").statusCode()).isEqualTo(500);
    }

    @Test
    void controlEndpointSetsShowsAndClearsFaults() throws Exception {
        HttpResponse<String> put = http.control("PUT", "faults", "status503=2x;latencyMs=10");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(Http.json(put).get("spec").asText()).isEqualTo("latencyMs=10;status503=2x");
        assertThat(http.get("Agents").statusCode()).isEqualTo(503);
        HttpResponse<String> get = http.control("GET", "faults", null);
        assertThat(Http.json(get).get("spec").asText()).isEqualTo("latencyMs=10;status503=1x");
        assertThat(Http.json(get).get("injected").get("status503").asLong()).isEqualTo(1);
        HttpResponse<String> bad = http.control("PUT", "faults", "status503=2x;boom=1");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Http.json(bad).get("error").asText()).contains("'boom=1'");
        assertThat(sim.faults().current()).isEqualTo("latencyMs=10;status503=1x");
        assertThat(http.control("DELETE", "faults", null).statusCode()).isEqualTo(204);
        assertThat(sim.faults().current()).isEmpty();
        assertThat(http.get("Agents").statusCode()).isEqualTo(200);

        HttpResponse<String> counts = http.control("GET", "requests", null);
        assertThat(Http.json(counts).get("counts").get("/KeyfactorAPI/Agents").asLong()).isEqualTo(2);
        assertThat(http.control("DELETE", "requests", null).statusCode()).isEqualTo(204);
        assertThat(sim.requestCount("Agents")).isZero();
        assertThat(http.control("GET", "nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void faultsFromSettingsApplyFromTheStart() throws Exception {
        try (StandaloneSimulator other = StandaloneSimulator.start(0, SimulatorSettings.defaults()
                .withJobIntervalSeconds(0).withFaults("status503=1x"))) {
            Http h = new Http(other);
            assertThat(h.get("Agents").statusCode()).isEqualTo(503);
            assertThat(h.get("Agents").statusCode()).isEqualTo(200);
        }
    }
}
