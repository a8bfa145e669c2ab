package io.jobhook.itests.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The HTTP ingress in Felix's Jetty 12 whiteboard: bad requests get the right status and an RFC 9457
 * problem document naming what is wrong; a missing or wrong token gets 401 before anything is read.
 * Every request here carries an otherwise valid completion where the check under test allows it, so a
 * refusal can only come from that check.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IngressProblemsIT extends JobhookTestSupport {

    static final UUID JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000010");
    static final String PROBLEM_JSON = "application/problem+json";

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration());
    }

    @Before
    public void ingressTakesPushes() throws IOException {
        configureIngress();
        // Until the token is live a push gets 401: wait for a real 202 (unmatched: no handler for this GUID).
        await("the ingress to accept a push with the configured token",
                () -> post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID())).statusCode() == 202);
    }

    @Test
    public void malformedJsonIs400NamingTheBody() {
        HttpResponse<String> answer = post("{\"AgentId\": \"" + UUID.randomUUID() + "\", \"JobId\": ");

        JsonNode problem = problem(answer, 400, "urn:jobhook:problem:invalid-completion");
        assertThat(fields(problem)).containsExactly("body");
        assertThat(problem.path("errors").get(0).path("message").asText()).contains("not valid JSON");
    }

    @Test
    public void invalidFieldsAre400NamingEachFieldAndValue() {
        String body = completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID())
                .replaceFirst("\"JobId\":\"[^\"]+\"", "\"JobId\":\"not-a-guid\"")
                .replace("\"JobResult\":\"Success\"", "\"JobResult\":\"Splendid\"");

        JsonNode problem = problem(post(body), 400, "urn:jobhook:problem:invalid-completion");
        assertThat(fields(problem)).containsExactlyInAnyOrder("JobId", "JobResult");
        assertThat(error(problem, "JobId").path("value").asText()).isEqualTo("not-a-guid");
        assertThat(error(problem, "JobResult").path("value").asText()).isEqualTo("Splendid");
    }

    @Test
    public void missingRequiredFieldIs400NamingIt() {
        String body = completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID())
                .replaceFirst("\"JobTypeId\":\"[^\"]+\",", "");

        JsonNode problem = problem(post(body), 400, "urn:jobhook:problem:invalid-completion");
        assertThat(fields(problem)).containsExactly("JobTypeId");
        assertThat(error(problem, "JobTypeId").path("message").asText()).contains("required");
    }

    @Test
    public void wrongContentTypeIs415() {
        HttpResponse<String> answer = post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID()), "text/plain",
                "Bearer " + TOKEN);

        JsonNode problem = problem(answer, 415, "urn:jobhook:problem:unsupported-media-type");
        assertThat(fields(problem)).contains("Content-Type");
    }

    @Test
    public void bodyOverTheLimitIs413() {
        // A valid completion padded with whitespace beyond the default maxBodyBytes of 65536.
        String completion = completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID());
        String body = completion.substring(0, completion.length() - 1) + " ".repeat(70_000) + "}";

        JsonNode problem = problem(post(body), 413, "urn:jobhook:problem:body-too-large");
        assertThat(problem.path("detail").asText()).contains("65536");
        assertThat(fields(problem)).containsExactly("body");
    }

    @Test
    public void missingTokenIs401() {
        HttpResponse<String> answer = post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID()),
                "application/json", null);

        problem(answer, 401, "urn:jobhook:problem:unauthorized");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer").contains("realm=\"jobhook\"").doesNotContain("invalid_token"));
    }

    @Test
    public void wrongTokenIs401() {
        HttpResponse<String> answer = post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID()),
                "application/json", "Bearer " + TOKEN + "-but-not-quite");

        problem(answer, 401, "urn:jobhook:problem:unauthorized");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer").contains("error=\"invalid_token\""));
    }

    @Test
    public void wrongTokenIsCheckedBeforeTheBody() {
        // Garbage with a wrong token: 401, not 400 or 415 — nothing is read for an unauthenticated caller.
        HttpResponse<String> answer = post("not json at all", "text/plain", "Bearer nobody");

        problem(answer, 401, "urn:jobhook:problem:unauthorized");
    }

    /** Asserts the status and that the body is a problem document of {@code type} with that status. */
    private static JsonNode problem(HttpResponse<String> answer, int status, String type) {
        assertThat(answer.statusCode()).as("status; body: %s", answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).as("content type")
                .hasValueSatisfying(v -> assertThat(v).startsWith(PROBLEM_JSON));
        JsonNode problem = json(answer);
        assertThat(problem.path("type").asText()).as("type in %s", problem).isEqualTo(type);
        assertThat(problem.path("status").asInt()).as("status in %s", problem).isEqualTo(status);
        assertThat(problem.path("title").asText()).as("title in %s", problem).isNotBlank();
        assertThat(problem.path("detail").asText()).as("detail in %s", problem).isNotBlank();
        return problem;
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    private static JsonNode error(JsonNode problem, String field) {
        for (JsonNode e : problem.path("errors")) {
            if (field.equals(e.path("field").asText())) {
                return e;
            }
        }
        throw new AssertionError("No error for field " + field + " in " + problem);
    }
}
