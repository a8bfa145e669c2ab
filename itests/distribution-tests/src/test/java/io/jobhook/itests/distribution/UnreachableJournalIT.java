package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The packaged runtime told to use a PostgreSQL journal that nothing answers: one ERROR line naming the database
 * (never its password), the ingress answering 503 with {@code Retry-After} at once, health DOWN — never a hang and
 * never a runtime without its ingress.
 */
class UnreachableJournalIT {

    @Test
    void aDatabaseThatCannotBeReachedIsOneErrorAnd503AtTheIngress() throws Exception {
        int nothing;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothing = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + nothing + "/jobhook";
        try (RunningJobhook jobhook = RunningJobhook.prepare("unreachable-journal").withoutDemo()) {
            String password = jobhook.secret("pw-" + UUID.randomUUID());
            jobhook.config("io.jobhook.journal.cfg", "store = postgresql\nurl = " + url + "\nusername = jobhook\n"
                    + ".password = " + password + "\n");
            jobhook.start();

            long sent = System.nanoTime();
            HttpResponse<String> refused = jobhook.post(UUID.randomUUID());
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(refused.statusCode()).as("the ingress's answer: %s", refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("journal-unavailable").doesNotContain(password);
            assertThat(took).as("answered, not waited on").isLessThan(Duration.ofSeconds(10));

            HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(jobhook.uri("/jobhook/v1/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("readiness: %s", health.body()).isEqualTo(503);

            RunningJobhook.await("the journal's ERROR line", Duration.ofSeconds(30),
                    () -> jobhook.console().contains("Journal not ready"));
            long errors = jobhook.console().lines().filter(l -> l.contains("ERROR") && l.contains("Journal not ready"))
                    .count();
            assertThat(errors).as("one ERROR line, not one per retry").isEqualTo(1);
            assertThat(jobhook.console()).contains(url);
            jobhook.stop();
        }
    }
}
