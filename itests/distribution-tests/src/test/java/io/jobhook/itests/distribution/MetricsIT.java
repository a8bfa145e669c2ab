package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * After a known load in the packaged distribution, {@code GET /jobhook/v1/metrics} counts what the journal holds:
 * deliveries by outcome per handler, attempts, pushes by status and the completions the journal wrote.
 */
class MetricsIT {

    static final int COMPLETIONS = 25;
    static final String FINE = "io.jobhook.test.misbehaving~fine";
    static final String BROKEN = "io.jobhook.test.misbehaving~broken";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theMetricsCountWhatTheJournalHolds() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("metrics").withoutDemo()) {
            jobhook.config("io.jobhook.admin.cfg", ".tokens = " + AdminIT.ADMIN + "\n");
            jobhook.config("io.jobhook.test.misbehaving-fine.cfg", "jobTypes = " + AdminIT.JOB_TYPE
                    + "\nbehaviour = true\n");
            jobhook.config("io.jobhook.test.misbehaving-broken.cfg", "jobTypes = " + AdminIT.JOB_TYPE
                    + "\nbehaviour = false\ndispatch.maxAttempts = 2\ndispatch.backoffInitial = 20\n");
            jobhook.deploy("test-handlers", "test-handlers");
            jobhook.start();
            RunningJobhook.await("both handlers live", Duration.ofSeconds(30), () -> jobhook.console()
                    .contains("Handler " + FINE + " registered") && jobhook.console()
                    .contains("Handler " + BROKEN + " registered"));
            assertThat(AdminIT.get(jobhook, "/jobhook/v1/metrics", null).statusCode())
                    .as("metrics need the admin token unless metricsOpen").isEqualTo(401);

            for (int i = 0; i < COMPLETIONS; i++) {
                assertThat(jobhook.post(AdminIT.JOB_TYPE).statusCode()).isEqualTo(202);
            }
            HttpResponse<String> refused = AdminIT.HTTP.send(HttpRequest.newBuilder(jobhook.uri(
                    "/jobhook/v1/completions")).header("Authorization", "Bearer wrong-token")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            RunningJobhook.await("every delivery settled", Duration.ofSeconds(60), () -> events(jobhook)
                    .findValues("state").stream().filter(s -> s.asText().equals("PENDING")).count() == 0
                    && events(jobhook).size() == COMPLETIONS);

            // The journal's account ...
            Map<String, Integer> delivered = new HashMap<>();
            Map<String, Integer> failed = new HashMap<>();
            Map<String, Integer> attempts = new HashMap<>();
            for (JsonNode event : events(jobhook)) {
                for (JsonNode d : event.path("deliveries")) {
                    String handler = d.path("handler").asText();
                    (d.path("state").asText().equals("DELIVERED") ? delivered : failed).merge(handler, 1, Integer::sum);
                    attempts.merge(handler, d.path("attempts").asInt(), Integer::sum);
                }
            }
            assertThat(delivered).containsExactly(Map.entry(FINE, COMPLETIONS));
            assertThat(failed).containsExactly(Map.entry(BROKEN, COMPLETIONS));

            // ... and the metrics' one.
            HttpResponse<String> scrape = AdminIT.get(jobhook, "/jobhook/v1/metrics", AdminIT.ADMIN);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            Map<String, Double> metrics = parse(scrape.body());
            assertThat(metrics.get(series("jobhook_deliveries_total", FINE, "success")))
                    .isEqualTo(delivered.get(FINE).doubleValue());
            assertThat(metrics.get(series("jobhook_deliveries_total", BROKEN, "dead_letter")))
                    .isEqualTo(failed.get(BROKEN).doubleValue());
            assertThat(metrics.get(series("jobhook_deliveries_total", BROKEN, "failure")))
                    .isEqualTo(attempts.get(BROKEN).doubleValue()).isEqualTo(2.0 * COMPLETIONS);
            assertThat(metrics.get(series("jobhook_deliveries_total", FINE, "failure"))).isZero();
            assertThat(metrics.get("jobhook_delivery_attempt_seconds_count{handler=\"" + BROKEN + "\"}"))
                    .isEqualTo(attempts.get(BROKEN).doubleValue());
            assertThat(metrics.get("jobhook_ingress_requests_total{status=\"202\"}")).isEqualTo(COMPLETIONS);
            assertThat(metrics.get("jobhook_ingress_requests_total{status=\"401\"}")).isEqualTo(1.0);
            double answered = metrics.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("jobhook_ingress_requests_total{")).mapToDouble(Map.Entry::getValue)
                    .sum();
            assertThat(metrics.get("jobhook_ingress_request_seconds_count")).as("every answer timed (the start's "
                    + "probe of the ingress too)").isEqualTo(answered).isGreaterThanOrEqualTo(COMPLETIONS + 1.0);
            assertThat(metrics.get("jobhook_journal_batch_size_sum{writer=\"appends\"}"))
                    .as("completions the journal wrote").isEqualTo(COMPLETIONS);
            assertThat(metrics.get("jobhook_handler_queue_depth{handler=\"" + FINE + "\"}")).isZero();

            // One source with the admin API's counters.
            JsonNode handlers = JSON.readTree(AdminIT.get(jobhook, "/jobhook/v1/handlers", AdminIT.ADMIN).body());
            for (JsonNode h : handlers) {
                String identity = h.path("identity").asText();
                assertThat(metrics.get(series("jobhook_deliveries_total", identity, "success")))
                        .isEqualTo(h.path("successes").asDouble());
                assertThat(metrics.get(series("jobhook_deliveries_total", identity, "failure")))
                        .isEqualTo(h.path("failures").asDouble());
                assertThat(metrics.get(series("jobhook_deliveries_total", identity, "timeout")))
                        .isEqualTo(h.path("timeouts").asDouble());
            }
            jobhook.stop();
        }
    }

    static String series(String name, String handler, String outcome) {
        return name + "{handler=\"" + handler + "\",outcome=\"" + outcome + "\"}";
    }

    static JsonNode events(RunningJobhook jobhook) {
        try {
            return JSON.readTree(AdminIT.get(jobhook, "/jobhook/v1/events?limit=1000", AdminIT.ADMIN).body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return each sample line of Prometheus text ({@code name{labels} value}) by its name and labels */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
