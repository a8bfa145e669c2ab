package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jobhook's health checks in the distribution, run by tag both ways: by Felix Health Checks' own executor (its
 * servlet, configured here; {@code hc:exec} at a console runs the same executor) and by the admin API.
 */
class HealthChecksIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BROKEN = "io.jobhook.test.misbehaving~broken";

    @Test
    void theChecksRunByTagThroughFelixHealthChecksAndTheAdminApi() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("healthchecks").withoutDemo()) {
            jobhook.config("io.jobhook.admin.cfg", ".tokens = " + AdminIT.ADMIN + "\n");
            jobhook.config("org.apache.felix.hc.core.impl.servlet.HealthCheckExecutorServlet-jobhook.cfg",
                    "servletPath = /system/health\n");
            jobhook.config("io.jobhook.test.misbehaving-broken.cfg", "jobTypes = " + AdminIT.JOB_TYPE
                    + "\nbehaviour = false\ndispatch.maxAttempts = 1\n");
            jobhook.deploy("test-handlers", "test-handlers");
            jobhook.start();
            RunningJobhook.await("the broken handler live", Duration.ofSeconds(30),
                    () -> jobhook.console().contains("Handler " + BROKEN + " registered"));
            RunningJobhook.await("Felix Health Checks' servlet, with Jobhook's four checks", Duration.ofSeconds(30),
                    () -> status(jobhook, "/system/health.json?tags=jobhook") == 200
                            && felixQuietly(jobhook, "jobhook").path("results").size() == 4);

            JsonNode journal = felix(jobhook, "journal");
            assertThat(journal.path("overallResult").asText()).isEqualTo("OK");
            assertThat(journal.path("results")).extracting(r -> r.path("name").asText())
                    .containsExactly("Jobhook journal");
            assertThat(felix(jobhook, "jobhook").path("results")).extracting(r -> r.path("name").asText())
                    .containsExactlyInAnyOrder("Jobhook journal", "Jobhook Command API", "Jobhook poller lag",
                            "Jobhook dead letters");
            assertThat(felix(jobhook, "deadletters").path("overallResult").asText()).isEqualTo("OK");

            String eventId = RunningJobhook.eventId(jobhook.post(AdminIT.JOB_TYPE));
            RunningJobhook.await("a dead letter", Duration.ofSeconds(30), () -> AdminIT.get(jobhook,
                    "/jobhook/v1/events/" + eventId, AdminIT.ADMIN).body().contains("\"state\":\"FAILED\""));

            // Felix's executor keeps a result for a moment (its cache), so the next one is awaited.
            RunningJobhook.await("the dead letters check warning", Duration.ofSeconds(30),
                    () -> felixQuietly(jobhook, "deadletters").path("overallResult").asText().equals("WARN"));
            JsonNode dead = felix(jobhook, "deadletters");
            assertThat(dead.toString()).contains(BROKEN + " 1");
            assertThat(felix(jobhook, "journal").path("overallResult").asText()).as("another tag, unaffected")
                    .isEqualTo("OK");

            // The admin API runs the same checks by the same tags.
            JsonNode api = JSON.readTree(AdminIT.get(jobhook, "/jobhook/v1/health?tags=deadletters", AdminIT.ADMIN)
                    .body());
            assertThat(api.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(api.path("checks").get(0).path("message").asText()).contains(BROKEN + " 1");
            HttpResponse<String> journalOnly = AdminIT.get(jobhook, "/jobhook/v1/health?tags=journal", null);
            assertThat(journalOnly.statusCode()).isEqualTo(200);
            assertThat(journalOnly.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(AdminIT.get(jobhook, "/jobhook/v1/health?tags=disk", AdminIT.ADMIN).statusCode())
                    .isEqualTo(400);
            jobhook.stop();
        }
    }

    /** @return Felix Health Checks' answer for the checks with {@code tag} */
    static JsonNode felix(RunningJobhook jobhook, String tag) throws Exception {
        HttpResponse<String> r = AdminIT.HTTP.send(HttpRequest.newBuilder(jobhook.uri("/system/health.json?tags="
                + tag)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    static JsonNode felixQuietly(RunningJobhook jobhook, String tag) {
        try {
            return felix(jobhook, tag);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int status(RunningJobhook jobhook, String path) {
        return AdminIT.get(jobhook, path, null).statusCode();
    }
}
