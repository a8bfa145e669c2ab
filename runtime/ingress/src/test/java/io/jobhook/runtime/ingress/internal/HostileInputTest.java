package io.jobhook.runtime.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bodies built to hurt: each is answered with a 4xx problem document, nothing escapes, and the intake is
 * never called.
 */
class HostileInputTest {

    private static final int MAX = 1024 * 1024;

    private final FakeIntake intake = new FakeIntake();
    private final IngressHandler handler = new IngressHandler(
            IngressSettings.of(true, new String[] {TestRequest.TOKEN}, MAX, 60), intake, new CompletionDecoder());

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("empty body", new byte[0]),
                Arguments.of("whitespace only", utf8(" \r\n\t ")),
                Arguments.of("a JSON array", utf8("[" + Samples.MINIMAL + "]")),
                Arguments.of("JSON null", utf8("null")),
                Arguments.of("deeply nested arrays", utf8("[".repeat(100_000) + "]".repeat(100_000))),
                Arguments.of("deeply nested objects in a field",
                        utf8(Samples.minimalWith("X", "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)))),
                Arguments.of("deeply nested, never closed", utf8("{\"a\":" + "[".repeat(200_000))),
                Arguments.of("a huge integer", utf8(Samples.minimalWith("CertificateId", "9".repeat(100_000)))),
                Arguments.of("a huge exponent", utf8(Samples.minimalWith("CurrentRetryCount", "1e999999999"))),
                Arguments.of("a huge fraction", utf8(Samples.minimalWith("CertificateId", "0." + "1".repeat(50_000)))),
                Arguments.of("a huge integer as JobResult", utf8(Samples.minimalReplacing("JobResult", "9".repeat(90)))),
                Arguments.of("NaN", utf8(Samples.minimalWith("CertificateId", "NaN"))),
                Arguments.of("raw NUL bytes", nulls()),
                Arguments.of("NUL bytes only", new byte[4096]),
                Arguments.of("an escaped NUL in JobType", utf8(Samples.minimalReplacing("JobType", "\"\\u0000\""))),
                Arguments.of("a lone surrogate in JobType",
                        utf8(Samples.minimalReplacing("JobType", "\"\\ud800\""))),
                Arguments.of("invalid UTF-8", invalidUtf8()),
                Arguments.of("overlong UTF-8 for '\"'", overlong()),
                Arguments.of("UTF-16 with BOM", bom16()),
                Arguments.of("10 000 unknown fields", manyFields(10_000, false)),
                Arguments.of("10 000 fields in two cases", manyFields(10_000, true)),
                Arguments.of("a very long field name", utf8("{\"" + "n".repeat(200_000) + "\": 1}")),
                Arguments.of("a very long GUID", utf8(Samples.minimalReplacing("AgentId", "\"" + "a".repeat(500_000) + "\""))),
                Arguments.of("two objects", utf8(Samples.MINIMAL + Samples.MINIMAL)),
                Arguments.of("trailing garbage", utf8(Samples.MINIMAL + "garbage")),
                Arguments.of("comments", utf8("/* hi */" + Samples.MINIMAL)),
                Arguments.of("single quotes", utf8(Samples.MINIMAL.replace('"', '\''))),
                Arguments.of("random bytes", randomBytes()),
                Arguments.of("a NUL after a valid JobResult", utf8(Samples.minimalReplacing("JobResult", "\"Success\\u0000\""))),
                Arguments.of("a JobResult folded from a long s", utf8(Samples.minimalReplacing("JobResult", "\"\u017fuccess\""))),
                Arguments.of("a JobResult in spaces", utf8(Samples.minimalReplacing("JobResult", "\" Success \""))),
                Arguments.of("a JobResult with a Kelvin sign", utf8(Samples.minimalReplacing("JobResult", "\"Un\u212anown\""))),
                Arguments.of("a negative CertificateId", utf8(Samples.minimalWith("CertificateId", "-5"))),
                Arguments.of("CertificateId 0", utf8(Samples.minimalWith("CertificateId", "0"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isAnswered4xxWithoutReachingTheIntake(String name, byte[] body) throws Exception {
        IngressResponse r = handler.handle(TestRequest.post("").body(body));

        assertThat(r.status()).as(name).isBetween(400, 499);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        JsonNode doc = new ObjectMapper().readTree(r.body());
        assertThat(doc.path("type").asText()).startsWith("urn:jobhook:problem:");
        assertThat(doc.path("errors").isArray()).isTrue();
        assertThat(doc.path("errors").size()).isBetween(1, CompletionDecoder.MAX_ERRORS);
        for (JsonNode error : doc.path("errors")) {
            assertThat(error.path("field").asText()).isNotEmpty();
            if (error.path("value").isTextual()) {
                assertThat(error.path("value").asText()).hasSizeLessThanOrEqualTo(FieldError.MAX_ECHO + 1)
                        .doesNotContainPattern("[\\p{Cntrl}\\x{2028}\\x{2029}]");
            }
            assertThat(error.path("message").asText()).hasSizeLessThan(400).doesNotContainPattern("\\p{Cntrl}");
        }
        assertThat(r.bodyText()).hasSizeLessThan(20_000);
        assertThat(intake.calls()).isZero();
    }

    @Test
    void aHeaderThatMustComeOnceIsRefusedWhenRepeatedNamingIt() throws Exception {
        for (String[] twice : new String[][] {{"Authorization", "Bearer " + TestRequest.TOKEN, "Bearer not-the-token"},
                {"Authorization", "Bearer not-the-token", "Bearer " + TestRequest.TOKEN},
                {"Content-Type", "application/json", "text/plain"}, {"Idempotency-Key", "a", "b"}}) {
            IngressResponse r = handler.handle(TestRequest.post(Samples.MINIMAL).header(twice[0], twice[1])
                    .addHeader(twice[0], twice[2]));

            assertThat(r.status()).as(twice[0]).isEqualTo(400);
            JsonNode doc = new ObjectMapper().readTree(r.body());
            assertThat(doc.path("type").asText()).isEqualTo("urn:jobhook:problem:invalid-header");
            assertThat(doc.path("errors").get(0).path("field").asText()).isEqualTo(twice[0]);
            assertThat(doc.path("detail").asText()).contains(twice[0], "2 times");
            assertThat(r.bodyText()).doesNotContain(TestRequest.TOKEN);
        }
        assertThat(intake.calls()).isZero();
    }

    @Test
    void aBodyOverTheLimitIsCutOffAt413() throws Exception {
        IngressHandler small = new IngressHandler(IngressSettings.of(true, new String[] {TestRequest.TOKEN}, 64, 60),
                intake, new CompletionDecoder());

        IngressResponse r = small.handle(TestRequest.post("").body(manyFields(10_000, false)).contentLength(-1));

        assertThat(r.status()).isEqualTo(413);
        assertThat(intake.calls()).isZero();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] nulls() {
        byte[] body = utf8(Samples.MINIMAL);
        body[0] = 0;
        body[body.length / 2] = 0;
        return body;
    }

    private static byte[] invalidUtf8() {
        byte[] body = utf8(Samples.minimalWith("Username", "\"xx\""));
        int at = new String(body, StandardCharsets.ISO_8859_1).indexOf("xx");
        body[at] = (byte) 0xFF;
        body[at + 1] = (byte) 0xFE;
        return body;
    }

    private static byte[] overlong() {
        byte[] body = utf8(Samples.MINIMAL);
        byte[] out = new byte[body.length + 1];
        out[0] = '{';
        out[1] = (byte) 0xC0; // overlong encoding of '"' (0x22)
        out[2] = (byte) 0xA2;
        System.arraycopy(body, 2, out, 3, body.length - 2);
        return out;
    }

    private static byte[] bom16() {
        byte[] text = Samples.MINIMAL.getBytes(StandardCharsets.UTF_16BE);
        byte[] out = new byte[text.length + 2];
        out[0] = (byte) 0xFE;
        out[1] = (byte) 0xFF;
        System.arraycopy(text, 0, out, 2, text.length);
        return out;
    }

    private static byte[] manyFields(int count, boolean twoCases) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            String name = (twoCases && i % 2 == 1 ? "F" : "f") + (twoCases ? i / 2 : i);
            b.append(i == 0 ? "" : ",").append('"').append(name).append("\":").append(i);
        }
        return utf8(b.append('}').toString());
    }

    private static byte[] randomBytes() {
        byte[] body = new byte[4096];
        new Random(42).nextBytes(body);
        return body;
    }
}
