package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The admin API as an operator uses it on a running distribution: health, the event behind the ingress's
 * Location, handlers, a dead letter, a configuration change that fixes its handler, and the replay.
 */
class AdminIT {

    static final String ADMIN = "distribution-admin-token";
    static final UUID JOB_TYPE = UUID.fromString("8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void healthEventsHandlersDeadLetterAndReplay() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("admin").withoutDemo()) {
            jobhook.config("io.jobhook.admin.cfg", ".tokens = " + ADMIN + "\n");
            jobhook.config("io.jobhook.test.misbehaving-fixme.cfg", "jobTypes = " + JOB_TYPE + "\nbehaviour = false\n"
                    + "dispatch.maxAttempts = 2\ndispatch.backoffInitial = 50\n");
            jobhook.deploy("test-handlers", "test-handlers");
            jobhook.start();
            RunningJobhook.await("the misbehaving handler live", Duration.ofSeconds(30),
                    () -> jobhook.console().contains("Handler io.jobhook.test.misbehaving~fixme registered"));

            HttpResponse<String> health = get(jobhook, "/jobhook/v1/health", null);
            assertThat(health.statusCode()).as("the Command of this test does not answer: degraded, still serving")
                    .isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"DEGRADED\"}");
            assertThat(get(jobhook, "/jobhook/v1/health/ready", null).body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(get(jobhook, "/jobhook/v1/health/live", null).statusCode()).isEqualTo(200);
            assertThat(get(jobhook, "/jobhook/v1/health", ADMIN).body()).contains("\"writable\":true", "\"reachable\":false");
            assertThat(get(jobhook, "/jobhook/v1/handlers", null).statusCode()).isEqualTo(401);

            HttpResponse<String> accepted = jobhook.post(JOB_TYPE);
            String location = accepted.headers().firstValue("Location").orElseThrow();
            String eventId = RunningJobhook.eventId(accepted);
            RunningJobhook.await("a dead letter after two attempts", Duration.ofSeconds(30),
                    () -> get(jobhook, location, ADMIN).body().contains("\"state\":\"FAILED\",\"attempts\":2"));
            assertThat(get(jobhook, "/jobhook/v1/events?outcome=FAILED", ADMIN).body()).contains(eventId);
            assertThat(get(jobhook, "/jobhook/v1/handlers", ADMIN).body())
                    .contains("\"identity\":\"io.jobhook.test.misbehaving~fixme\"", "\"failures\":2",
                            "\"lastError\":\"returned false\"");

            // Fixed by a configuration change (same identity), then replayed.
            jobhook.config("io.jobhook.test.misbehaving-fixme.cfg", "jobTypes = " + JOB_TYPE + "\nbehaviour = true\n");
            RunningJobhook.await("the handler re-registered", Duration.ofSeconds(30), () -> jobhook.console()
                    .contains("Handler io.jobhook.test.misbehaving~fixme updated")
                    || jobhook.console().split("Handler io.jobhook.test.misbehaving~fixme registered", -1).length > 2);
            HttpResponse<String> replay = send(jobhook, "/jobhook/v1/replay", ADMIN,
                    "{\"handler\":\"io.jobhook.test.misbehaving~fixme\"}");
            assertThat(replay.body()).isEqualTo("{\"replayed\":1}");
            RunningJobhook.await("delivered by the replay", Duration.ofSeconds(30),
                    () -> get(jobhook, location, ADMIN).body().contains("\"state\":\"DELIVERED\",\"attempts\":3"));
            assertThat(get(jobhook, location, ADMIN).body()).contains("\"outcome\":\"RETURNED_FALSE\"", "\"outcome\":\"SUCCESS\"");
            jobhook.stop();
        }
    }

    static HttpResponse<String> get(RunningJobhook jobhook, String path, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(jobhook.uri(path)).GET();
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(RunningJobhook jobhook, String path, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(jobhook.uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
