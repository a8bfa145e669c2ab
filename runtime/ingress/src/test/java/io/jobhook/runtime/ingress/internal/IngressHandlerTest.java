package io.jobhook.runtime.ingress.internal;

import io.jobhook.runtime.http.BearerTokens;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.api.CompletionSource;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.testkit.LogCapture;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

class IngressHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeIntake intake = new FakeIntake();
    private IngressHandler handler = handler(65_536, TestRequest.TOKEN, "second-token");

    private IngressHandler handler(int maxBodyBytes, String... tokens) {
        return new IngressHandler(IngressSettings.of(true, tokens, maxBodyBytes, 3600), intake, new CompletionDecoder());
    }

    static JsonNode json(IngressResponse response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Asserts an RFC 9457 document of {@code type} and returns it. */
    static JsonNode problem(IngressResponse response, ProblemType type) throws IOException {
        assertThat(response.status()).isEqualTo(type.status());
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode doc = json(response);
        assertThat(doc.path("type").asText()).isEqualTo(type.type()).startsWith("urn:jobhook:problem:");
        assertThat(doc.path("title").asText()).isEqualTo(type.title());
        assertThat(doc.path("status").asInt()).isEqualTo(type.status());
        assertThat(doc.path("detail").asText()).isNotBlank();
        return doc;
    }

    @Test
    void aValidPushIsAcceptedWith202ItsEventIdAndLocation() throws IOException {
        IngressResponse r = handler.handle(TestRequest.post(Samples.MANAGEMENT_ADD));

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(intake.calls()).isEqualTo(1);
        UUID eventId = intake.contexts.get(0).eventId();
        assertThat(json(r).path("eventId").asText()).isEqualTo(eventId.toString());
        assertThat(json(r).size()).isEqualTo(1);
        assertThat(r.header("Location")).isEqualTo("/jobhook/v1/events/" + eventId);
        assertThat(intake.contexts.get(0).source()).isEqualTo(CompletionSource.PUSH);
        assertThat(intake.contexts.get(0).jobType()).isEqualTo("WinCertManagement");
        assertThat(intake.idempotencies.get(0)).isNull();
    }

    @Test
    void withClientSubjectsAloneAListedCertificateIsTheCredential() throws IOException {
        IngressHandler mtls = new IngressHandler(IngressSettings.of(true, new String[0],
                new String[] {"CN=command.kftrain.lab, O=KFTRAIN", " "}, 65_536, 3600), intake, new CompletionDecoder());

        assertThat(mtls.handle(TestRequest.post(Samples.MINIMAL).header("Authorization", null)
                .clientCertificate("cn=command.kftrain.lab,o=KFTRAIN")).status()).as("the same name, written otherwise")
                .isEqualTo(202);
        assertThat(problem(mtls.handle(TestRequest.post(Samples.MINIMAL)), ProblemType.UNAUTHORIZED)
                .path("detail").asText()).contains("client certificate is required");
        assertThat(problem(mtls.handle(TestRequest.post(Samples.MINIMAL).clientCertificate("CN=intruder.example")),
                ProblemType.UNAUTHORIZED).path("detail").asText()).contains("CN=intruder.example", "not accepted");
        assertThat(intake.calls()).isEqualTo(1);
    }

    @Test
    void withClientSubjectsAndTokensAPushNeedsBoth() throws IOException {
        IngressHandler both = new IngressHandler(IngressSettings.of(true, new String[] {TestRequest.TOKEN},
                new String[] {"CN=command.kftrain.lab"}, 65_536, 3600), intake, new CompletionDecoder());

        assertThat(both.handle(TestRequest.post(Samples.MINIMAL).clientCertificate("CN=command.kftrain.lab")).status())
                .isEqualTo(202);
        problem(both.handle(TestRequest.post(Samples.MINIMAL).header("Authorization", null)
                .clientCertificate("CN=command.kftrain.lab")), ProblemType.UNAUTHORIZED);
        problem(both.handle(TestRequest.post(Samples.MINIMAL)), ProblemType.UNAUTHORIZED);
        assertThat(intake.calls()).isEqualTo(1);
    }

    @Test
    void aTokenConfiguredAsItsDigestIsAccepted() {
        String digest = java.util.HexFormat.of().formatHex(io.jobhook.runtime.http.BearerTokens.sha256(TestRequest.TOKEN));
        IngressHandler digested = handler(65_536, "sha256:" + digest);
        assertThat(digested.handle(TestRequest.post(Samples.MINIMAL)).status()).isEqualTo(202);
        assertThat(digested.handle(TestRequest.post(Samples.MINIMAL).header("Authorization", "Bearer sha256:" + digest))
                .status()).isEqualTo(401);
    }

    @Test
    void anyConfiguredTokenIsAccepted() {
        IngressResponse r = handler.handle(TestRequest.post(Samples.MINIMAL)
                .header("Authorization", "bearer second-token"));

        assertThat(r.status()).isEqualTo(202);
    }

    @Test
    void contentTypeMayCarryAUtf8Charset() {
        assertThat(handler.handle(TestRequest.post(Samples.MINIMAL)
                .header("Content-Type", "Application/JSON; charset=\"UTF-8\"")).status()).isEqualTo(202);
        assertThat(handler.handle(TestRequest.post(Samples.MINIMAL)
                .header("Content-Type", "application/json;charset=utf-8")).status()).isEqualTo(202);
    }

    @Test
    void anIdempotencyKeyGoesToTheIntakeWithTheBodysDigestAndTheTtl() {
        IngressResponse r = handler.handle(TestRequest.post(Samples.MINIMAL).header("Idempotency-Key", "job-42/run-1"));

        assertThat(r.status()).isEqualTo(202);
        Idempotency idem = intake.idempotencies.get(0);
        assertThat(idem.key()).isEqualTo("job-42/run-1");
        assertThat(idem.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(idem.requestHash()).isEqualTo(HexFormat.of()
                .formatHex(BearerTokens.sha256(Samples.MINIMAL.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aResendWithTheSameKeyAndBodyAnswersTheFirstEventId() throws IOException {
        IngressResponse first = handler.handle(TestRequest.post(Samples.MINIMAL).header("Idempotency-Key", "k1"));
        IngressResponse resend = handler.handle(TestRequest.post(Samples.MINIMAL).header("Idempotency-Key", "k1"));

        assertThat(resend.status()).isEqualTo(202);
        assertThat(json(resend).path("eventId").asText()).isEqualTo(json(first).path("eventId").asText());
        assertThat(resend.header("Location")).isEqualTo(first.header("Location"));
        // the resend was a new context with its own event id: the answer is the first one's
        assertThat(intake.contexts.get(1).eventId().toString()).isNotEqualTo(json(resend).path("eventId").asText());
    }

    @Test
    void theSameKeyWithAnotherBodyIs409() throws IOException {
        handler.handle(TestRequest.post(Samples.MINIMAL).header("Idempotency-Key", "k1"));
        IngressResponse r = handler.handle(TestRequest.post(Samples.INVENTORY).header("Idempotency-Key", "k1"));

        JsonNode doc = problem(r, ProblemType.IDEMPOTENCY_CONFLICT);
        assertThat(doc.path("detail").asText()).contains("Idempotency-Key");
        assertThat(r.header("Location")).isNull();
    }

    @Test
    void aJournalThatCannotAcceptGives503WithRetryAfter() throws IOException {
        intake.unavailableFor = Duration.ofMillis(2500);

        try (LogCapture log = LogCapture.of(IngressHandler.class)) {
            IngressResponse r = handler.handle(TestRequest.post(Samples.MINIMAL));

            problem(r, ProblemType.JOURNAL_UNAVAILABLE);
            assertThat(r.header("Retry-After")).isEqualTo("3");
            assertThat(json(r).path("detail").asText()).doesNotContain("disk full");
            assertThat(log.lines()).containsExactly("WARN Pushed completion (JobId 0b4b411a-4b26-4492-a575-a10adb43a08a)"
                    + " refused for now, the journal cannot accept it: disk full");
        }
    }

    @Test
    void retryAfterIsWholeSecondsAtLeastOne() {
        assertThat(IngressHandler.retryAfterSeconds(null)).isEqualTo(1);
        assertThat(IngressHandler.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(IngressHandler.retryAfterSeconds(Duration.ofMillis(-5))).isEqualTo(1);
        assertThat(IngressHandler.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(IngressHandler.retryAfterSeconds(Duration.ofSeconds(7))).isEqualTo(7);
        assertThat(IngressHandler.retryAfterSeconds(Duration.ofSeconds(7, 1))).isEqualTo(8);
        assertThat(IngressHandler.retryAfterSeconds(Duration.ofDays(400))).isEqualTo(86_400);
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternalsLoggedOnceAtError() throws IOException {
        intake.failure = new IllegalStateException("SQL state 42X01 at jdbc:h2:/secret/path");

        try (LogCapture log = LogCapture.of(IngressHandler.class)) {
            IngressResponse r = handler.handle(TestRequest.post(Samples.MINIMAL));

            JsonNode doc = problem(r, ProblemType.INTERNAL_ERROR);
            assertThat(r.bodyText()).doesNotContain("SQL", "secret", "IllegalState");
            assertThat(doc.has("errors")).isFalse();
            assertThat(log.lines()).containsExactly("ERROR Unexpected failure while handling a pushed completion"
                    + " | SQL state 42X01 at jdbc:h2:/secret/path");
        }
    }

    @Test
    void eachAcceptedCompletionIsOneDebugLineAndNoTokenIsEverLogged() {
        try (LogCapture log = LogCapture.of(IngressHandler.class)) {
            IngressResponse r = handler.handle(TestRequest.post(Samples.INVENTORY));
            handler.handle(TestRequest.post(Samples.MINIMAL).header("Authorization", "Bearer wrong-secret"));
            handler.handle(TestRequest.post(Samples.MINIMAL).header("Content-Type", "text/plain"));
            handler.handle(TestRequest.post("{}"));

            UUID eventId = intake.contexts.get(0).eventId();
            assertThat(r.status()).isEqualTo(202);
            assertThat(log.lines()).contains("DEBUG Accepted completion " + eventId
                    + " (JobId 0b4b411a-4b26-4492-a575-a10adb43a08a, JobType WinCertInventory)");
            assertThat(log.lines()).filteredOn(l -> l.contains("Accepted")).hasSize(1);
            assertThat(String.join("\n", log.lines())).doesNotContain(TestRequest.TOKEN, "second-token", "wrong-secret");
        }
    }

    @Test
    void theJournalsIdsAreInTheMdcDuringAcceptance() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        IngressHandler withMdc = new IngressHandler(IngressSettings.of(true, new String[] {TestRequest.TOKEN}, 65_536, 60),
                (context, idempotency) -> {
                    seen.add(org.slf4j.MDC.get("eventId") + " " + org.slf4j.MDC.get("jobId") + " "
                            + org.slf4j.MDC.get("jobType"));
                    return new io.jobhook.runtime.spi.Acceptance(context.eventId(),
                            io.jobhook.runtime.spi.Acceptance.Status.ACCEPTED);
                }, new CompletionDecoder());

        IngressResponse r = withMdc.handle(TestRequest.post(Samples.INVENTORY));

        assertThat(seen).singleElement().asString().endsWith(" 0b4b411a-4b26-4492-a575-a10adb43a08a WinCertInventory")
                .startsWith(r.header("Location").substring("/jobhook/v1/events/".length()));
        assertThat(org.slf4j.MDC.get("eventId")).isNull();
    }

    @Test
    void anInvalidCompletionIs400NamingEachFieldAndValue() throws IOException {
        IngressResponse r = handler.handle(TestRequest.post(
                Samples.minimalReplacing("JobId", "\"nope\"").replace("\"Success\"", "\"Splendid\"")));

        JsonNode doc = problem(r, ProblemType.INVALID_COMPLETION);
        assertThat(doc.path("detail").asText()).isEqualTo("2 errors, in JobResult, JobId");
        assertThat(doc.path("errors")).hasSize(2);
        assertThat(doc.path("errors").get(0).path("field").asText()).isEqualTo("JobResult");
        assertThat(doc.path("errors").get(0).path("value").asText()).isEqualTo("Splendid");
        assertThat(doc.path("errors").get(0).path("message").asText()).startsWith("is not a valid JobResult");
        assertThat(doc.path("errors").get(1).path("field").asText()).isEqualTo("JobId");
        assertThat(doc.path("errors").get(1).path("value").asText()).isEqualTo("nope");
        assertThat(intake.calls()).isZero();
    }

    @Test
    void oneErrorIsSpelledOutInTheDetail() throws IOException {
        IngressResponse r = handler.handle(TestRequest.post(Samples.minimalWithout("JobTypeId")));

        JsonNode doc = problem(r, ProblemType.INVALID_COMPLETION);
        assertThat(doc.path("detail").asText()).isEqualTo("JobTypeId is required");
        assertThat(doc.path("errors").get(0).path("value").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "post"})
    void methodsOtherThanPostAre405WithAllow(String method) throws IOException {
        IngressResponse r = handler.handle(TestRequest.method(method));

        problem(r, ProblemType.METHOD_NOT_ALLOWED);
        assertThat(r.header("Allow")).isEqualTo("POST");
        assertThat(intake.calls()).isZero();
    }

    @Test
    void noAuthorizationIs401WithTheBearerChallenge() throws IOException {
        TestRequest request = TestRequest.post(Samples.MINIMAL).header("Authorization", null);

        IngressResponse r = handler.handle(request);

        problem(r, ProblemType.UNAUTHORIZED);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(request.bodyOpened).as("the body of an unauthenticated push is never read").isFalse();
        assertThat(intake.calls()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong", "Bearer ", "Bearer", "Basic cHVzaDp0b2tlbg==", "push-token-0123456789",
        "Bearer push-token-012345678", "Bearer push-token-01234567890", "Bearer PUSH-TOKEN-0123456789",
        "Bearer push-token-0123456789,second-token"})
    void aWrongTokenIs401AndTheBodyIsNotRead(String authorization) throws IOException {
        TestRequest request = TestRequest.post(Samples.MINIMAL).header("Authorization", authorization)
                .header("Content-Type", "text/plain");

        IngressResponse r = handler.handle(request);

        JsonNode doc = problem(r, ProblemType.UNAUTHORIZED);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
        assertThat(request.bodyOpened).isFalse();
        assertThat(r.bodyText()).doesNotContain(TestRequest.TOKEN, "second-token", "wrong");
        assertThat(doc.has("errors")).isFalse();
    }

    @Test
    void withNoTokenConfiguredEveryPushIs401() throws IOException {
        handler = handler(65_536);

        for (String authorization : new String[] {null, "Bearer ", "Bearer " + TestRequest.TOKEN, "Bearer null"}) {
            TestRequest request = TestRequest.post(Samples.MINIMAL).header("Authorization", authorization);
            problem(handler.handle(request), ProblemType.UNAUTHORIZED);
            assertThat(request.bodyOpened).isFalse();
        }
        assertThat(intake.calls()).isZero();
    }

    @Test
    void blankConfiguredTokensDoNotLetAnEmptyTokenIn() throws IOException {
        handler = handler(65_536, "", "  ", ",");

        problem(handler.handle(TestRequest.post(Samples.MINIMAL).header("Authorization", "Bearer ")),
                ProblemType.UNAUTHORIZED);
        problem(handler.handle(TestRequest.post(Samples.MINIMAL).header("Authorization", "Bearer  ")),
                ProblemType.UNAUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/json-patch+json", "application/jsonx",
        "application/json; charset=utf-16", "application/json; charset=ISO-8859-1", "multipart/form-data", ""})
    void otherMediaTypesAre415(String contentType) throws IOException {
        TestRequest request = TestRequest.post(Samples.MINIMAL).header("Content-Type", contentType);

        IngressResponse r = handler.handle(request);

        JsonNode doc = problem(r, ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(doc.path("errors").get(0).path("field").asText()).isEqualTo("Content-Type");
        assertThat(doc.path("errors").get(0).path("value").asText()).isEqualTo(contentType);
        assertThat(request.bodyOpened).isFalse();
    }

    @Test
    void noContentTypeIs415() throws IOException {
        IngressResponse r = handler.handle(TestRequest.post(Samples.MINIMAL).header("Content-Type", null));

        JsonNode doc = problem(r, ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(doc.path("errors").get(0).path("message").asText()).isEqualTo("is required: application/json");
    }

    @ParameterizedTest // found by HostileRequestDrillIT: Jetty hands a "gzip, chunked" body over as sent
    @ValueSource(strings = {"gzip, chunked", "gzip", "deflate,chunked", "chunked, identity", "compress"})
    void aTransferCodingOtherThanChunkedIs415AndTheBodyIsNotRead(String codings) throws IOException {
        TestRequest request = TestRequest.post(Samples.MINIMAL).header("Transfer-Encoding", codings);

        JsonNode doc = problem(handler.handle(request), ProblemType.UNSUPPORTED_MEDIA_TYPE);

        assertThat(doc.path("errors").get(0).path("field").asText()).isEqualTo("Transfer-Encoding");
        assertThat(doc.path("errors").get(0).path("value").asText()).isEqualTo(codings);
        assertThat(request.bodyOpened).isFalse();
        assertThat(intake.calls()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "identity, gzip"})
    void aContentCodingIs415AndTheBodyIsNotRead(String codings) throws IOException {
        TestRequest request = TestRequest.post(Samples.MINIMAL).header("Content-Encoding", codings);

        JsonNode doc = problem(handler.handle(request), ProblemType.UNSUPPORTED_MEDIA_TYPE);

        assertThat(doc.path("errors").get(0).path("field").asText()).isEqualTo("Content-Encoding");
        assertThat(request.bodyOpened).isFalse();
        assertThat(intake.calls()).isZero();
    }

    @Test
    void chunkedAndIdentityCodingsAreAccepted() {
        assertThat(handler.handle(TestRequest.post(Samples.MINIMAL).header("Transfer-Encoding", "Chunked")
                .contentLength(-1)).status()).isEqualTo(202);
        assertThat(handler.handle(TestRequest.post(Samples.MINIMAL).header("Content-Encoding", "identity"))
                .status()).isEqualTo(202);
        assertThat(intake.calls()).isEqualTo(2);
    }

    @Test
    void aTooLargeContentLengthIs413WithoutReadingTheBody() throws IOException {
        handler = handler(1024, TestRequest.TOKEN);
        TestRequest request = TestRequest.post(Samples.MINIMAL).contentLength(1025);

        IngressResponse r = handler.handle(request);

        JsonNode doc = problem(r, ProblemType.BODY_TOO_LARGE);
        assertThat(request.bodyOpened).isFalse();
        assertThat(doc.path("errors").get(0).path("field").asText()).isEqualTo("body");
        assertThat(doc.path("errors").get(0).path("value").asText()).isEqualTo("1025 bytes declared by Content-Length");
    }

    @Test
    void aTooLongBodyIs413AfterReadingOneByteMoreThanTheLimit() throws IOException {
        handler = handler(1024, TestRequest.TOKEN);
        TestRequest request = TestRequest.post(Samples.MINIMAL).chunked(EndlessStream::new);

        IngressResponse r = handler.handle(request);

        problem(r, ProblemType.BODY_TOO_LARGE);
        assertThat(request.opened.read).isEqualTo(1025);
        assertThat(intake.calls()).isZero();
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() {
        byte[] body = Samples.MINIMAL.getBytes(StandardCharsets.UTF_8);
        handler = handler(body.length, TestRequest.TOKEN);

        assertThat(handler.handle(TestRequest.post(Samples.MINIMAL)).status()).isEqualTo(202);
        assertThat(handler.handle(TestRequest.post(Samples.MINIMAL + " ")).status()).isEqualTo(413);
    }

    @Test
    void aBodyLongerThanItsDeclaredLengthIsStillCutAtTheLimit() {
        handler = handler(1024, TestRequest.TOKEN);
        TestRequest request = TestRequest.post(Samples.MINIMAL).chunked(EndlessStream::new).contentLength(10);

        assertThat(handler.handle(request).status()).isEqualTo(413);
        assertThat(request.opened.read).isEqualTo(1025);
    }

    @Test
    void aBodyThatCannotBeReadIs400() throws IOException {
        TestRequest request = TestRequest.post(Samples.MINIMAL).chunked(() -> new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });

        JsonNode doc = problem(handler.handle(request), ProblemType.INVALID_COMPLETION);
        assertThat(doc.path("errors").get(0).path("message").asText()).isEqualTo("could not be read to its end");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 201, 1000})
    void anIdempotencyKeyOfTheWrongLengthIs400(int length) throws IOException {
        String key = "k".repeat(length);

        IngressResponse r = handler.handle(TestRequest.post(Samples.MINIMAL).header("Idempotency-Key", key));

        JsonNode doc = problem(r, ProblemType.INVALID_IDEMPOTENCY_KEY);
        JsonNode error = doc.path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(error.path("message").asText()).isEqualTo("must have 1 to 200 characters, had " + length);
        assertThat(error.path("value").asText().length()).isLessThanOrEqualTo(FieldError.MAX_ECHO + 1);
        assertThat(intake.calls()).isZero();
    }

    @Test
    void anIdempotencyKeyOf200CharactersIsAccepted() {
        assertThat(handler.handle(TestRequest.post(Samples.MINIMAL).header("Idempotency-Key", "k".repeat(200)))
                .status()).isEqualTo(202);
    }

    @Test
    void anIdempotencyKeyWithAControlCharacterIs400() throws IOException {
        IngressResponse r = handler.handle(TestRequest.post(Samples.MINIMAL).header("Idempotency-Key", "a\u0001b"));

        JsonNode doc = problem(r, ProblemType.INVALID_IDEMPOTENCY_KEY);
        assertThat(doc.path("errors").get(0).path("value").asText()).isEqualTo("a\\u0001b");
        assertThat(doc.path("errors").get(0).path("message").asText())
                .isEqualTo("must hold printable ASCII characters only, found U+0001 at position 2");
    }

    @Test
    void checksComeInOrderMethodTokenMediaTypeKeySize() throws IOException {
        handler = handler(10, TestRequest.TOKEN);
        TestRequest everythingWrong = TestRequest.post(Samples.MINIMAL).header("Authorization", null)
                .header("Content-Type", "text/plain").header("Idempotency-Key", "");

        problem(handler.handle(everythingWrong), ProblemType.UNAUTHORIZED);
        problem(handler.handle(everythingWrong.header("Authorization", "Bearer " + TestRequest.TOKEN)),
                ProblemType.UNSUPPORTED_MEDIA_TYPE);
        problem(handler.handle(everythingWrong.header("Content-Type", "application/json")),
                ProblemType.INVALID_IDEMPOTENCY_KEY);
        problem(handler.handle(everythingWrong.header("Idempotency-Key", "k")), ProblemType.BODY_TOO_LARGE);
        assertThat(everythingWrong.bodyOpened).isFalse();
    }

    /** Never ends. */
    private static final class EndlessStream extends ByteArrayInputStream {
        EndlessStream() {
            super(new byte[0]);
        }

        @Override
        public synchronized int read() {
            return ' ';
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) ' ');
            return len;
        }
    }

    @Test
    void everyAnswerIsCountedByItsStatusAndTimed() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (IngressMetrics metrics = new IngressMetrics(registry)) {
            IngressHandler measured = new IngressHandler(IngressSettings.of(true, new String[] {TestRequest.TOKEN},
                    65_536, 3600), intake, new CompletionDecoder(), metrics);
            measured.handle(TestRequest.post(Samples.MANAGEMENT_ADD));
            measured.handle(TestRequest.post(Samples.MANAGEMENT_ADD));
            measured.handle(TestRequest.post(Samples.MINIMAL).header("Authorization", null));

            String text = exposition(registry);
            assertThat(text).contains("jobhook_ingress_requests_total{status=\"202\"} 2.0")
                    .contains("jobhook_ingress_requests_total{status=\"401\"} 1.0")
                    .contains("jobhook_ingress_request_seconds_count 3");
        }
        assertThat(registry.scrape().size()).as("unregistered once closed").isZero();
    }

    @Test
    void seriesLeftByAnInstanceNeverClosedAreLoggedNotThrownAndTheOthersStay() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        IngressMetrics leftOver = new IngressMetrics(registry);
        IngressMetrics next = new IngressMetrics(registry); // a component activated again: no exception
        next.answered(202, 1_000);
        leftOver.answered(202, 1_000);
        assertThat(exposition(registry)).as("the registered series count; the refused ones count for nobody")
                .contains("jobhook_ingress_requests_total{status=\"202\"} 1.0");
        next.close();
        assertThat(registry.scrape().size()).as("closing the refused one leaves the registered ones").isEqualTo(2);
        leftOver.close();
        assertThat(registry.scrape().size()).isZero();
    }

    static String exposition(PrometheusRegistry registry) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
