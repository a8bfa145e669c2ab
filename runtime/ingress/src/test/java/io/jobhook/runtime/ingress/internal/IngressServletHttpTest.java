package io.jobhook.runtime.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link IngressServlet} in a real servlet container (Jetty 12, Servlet 6.0), over loopback HTTP. */
class IngressServletHttpTest {

    private static final int MAX = 2048;
    private static final FakeIntake INTAKE = new FakeIntake();
    private static Server server;
    private static URI completions;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        IngressServlet servlet = new IngressServlet(new IngressHandler(
                IngressSettings.of(true, new String[] {TestRequest.TOKEN}, MAX, 60), INTAKE, new CompletionDecoder()));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(servlet), IngressSettings.PATH);
        // as the whiteboard's error page for 4xx and 5xx does in the runtime
        context.addServlet(new ServletHolder(new ErrorPageServlet()), "/error-page");
        context.addServlet(new ServletHolder(new ErrorPageServlet()), "/");
        org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler errors = new org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler();
        errors.addErrorPage(400, 599, "/error-page");
        context.setErrorHandler(errors);
        server.setHandler(context);
        server.start();
        completions = URI.create("http://127.0.0.1:" + connector.getLocalPort() + IngressSettings.PATH);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static HttpRequest.Builder post(HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(completions).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestRequest.TOKEN)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(body);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void aSecondAuthorizationHeaderIsRefusedEvenBesideAValidOne() throws Exception {
        HttpResponse<String> r = send(post(HttpRequest.BodyPublishers.ofString(Samples.MINIMAL))
                .header("Authorization", "Bearer not-the-token").build());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("type").asText()).isEqualTo("urn:jobhook:problem:invalid-header");
        assertThat(r.body()).contains("Authorization").doesNotContain(TestRequest.TOKEN);
    }

    @Test
    void theServersOwnErrorsAreProblemDocumentsThatEchoNoQuery() throws Exception {
        HttpResponse<String> missing = send(HttpRequest.newBuilder(completions.resolve("/nothing/here?token=s3cr3t"))
                .timeout(Duration.ofSeconds(30)).GET().build());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode doc = json(missing);
        assertThat(doc.path("type").asText()).isEqualTo("urn:jobhook:problem:http-404");
        assertThat(doc.path("title").asText()).isEqualTo("Not Found");
        assertThat(doc.path("status").asInt()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("s3cr3t");
    }

    @Test
    void aPushIsAcceptedAndAResendAnsweredWithTheSameEventId() throws Exception {
        HttpRequest request = post(HttpRequest.BodyPublishers.ofString(Samples.INVENTORY))
                .header("Idempotency-Key", "loopback-1").build();

        HttpResponse<String> first = send(request);
        HttpResponse<String> resend = send(request);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        UUID eventId = UUID.fromString(json(first).path("eventId").asText());
        assertThat(first.headers().firstValue("Location")).hasValue("/jobhook/v1/events/" + eventId);
        assertThat(resend.statusCode()).isEqualTo(202);
        assertThat(json(resend).path("eventId").asText()).isEqualTo(eventId.toString());
        assertThat(INTAKE.contexts).extracting(c -> c.jobType()).contains("WinCertInventory");
    }

    @Test
    void aWrongTokenIs401ProblemJson() throws Exception {
        HttpResponse<String> r = send(post(HttpRequest.BodyPublishers.ofString(Samples.MINIMAL))
                .setHeader("Authorization", "Bearer nope").build());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(json(r).path("type").asText()).isEqualTo(ProblemType.UNAUTHORIZED.type());
    }

    @Test
    void getIs405WithAllow() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(completions).GET().build());

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        byte[] big = Samples.minimalWith("Padding", "\"" + "p".repeat(MAX * 2) + "\"").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> r = send(post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("type").asText()).isEqualTo(ProblemType.BODY_TOO_LARGE.type());
    }

    @Test
    void anInvalidCompletionIs400NamingTheField() throws Exception {
        HttpResponse<String> r = send(post(HttpRequest.BodyPublishers.ofString(
                Samples.minimalReplacing("JobTypeId", "\"{49B3A17D-nope}\""))).build());

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = json(r).path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("JobTypeId");
        assertThat(error.path("value").asText()).isEqualTo("{49B3A17D-nope}");
    }
}
