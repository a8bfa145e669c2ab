package io.jobhook.runtime.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

class CompletionDecoderTest {

    private static final UUID EVENT = UUID.fromString("11111111-2222-4333-8444-555555555555");
    private static final UUID AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");

    private final CompletionDecoder decoder = new CompletionDecoder(() -> EVENT);

    private CompletionDecoder.Decoded decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private OrchestratorJobCompleteHandlerContext ok(String json) {
        CompletionDecoder.Decoded decoded = decode(json);
        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.ok()).isTrue();
        return decoded.context();
    }

    @Test
    void theSeedsInventoryContextDecodesFieldForField() {
        OrchestratorJobCompleteHandlerContext expected = OrchestratorJobCompleteHandlerContext.builder()
                .agentId(AGENT).username("KFTRAIN\\SVC_Orchestrator").clientMachine("orchestrator.kftrain.lab")
                .jobResult(JobResult.SUCCESS).jobId(UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a"))
                .jobType("WinCertInventory").jobTypeId(UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3"))
                .operationType(OperationType.UNKNOWN).certificateId(null)
                .requestTimestamp(Instant.parse("2023-05-03T23:18:48Z")).currentRetryCount(0)
                .eventId(EVENT).deliveryAttempt(1).source(CompletionSource.PUSH).build();

        assertThat(ok(Samples.INVENTORY)).isEqualTo(expected);
    }

    @Test
    void theSeedsManagementAddContextDecodesFieldForField() {
        OrchestratorJobCompleteHandlerContext c = ok(Samples.MANAGEMENT_ADD);

        assertThat(c.jobId()).isEqualTo(UUID.fromString("426ec1ab-9f02-4011-8df9-72c4a603ca90"));
        assertThat(c.jobType()).isEqualTo("WinCertManagement");
        assertThat(c.jobTypeId()).isEqualTo(UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973"));
        assertThat(c.operationType()).isEqualTo(OperationType.ADD);
        assertThat(c.certificateId()).isEqualTo(14);
        assertThat(c.requestTimestamp()).isEqualTo(Instant.parse("2023-05-06T00:29:32Z"));
        assertThat(c.username()).isEqualTo("KFTRAIN\\SVC_Orchestrator");
    }

    @Test
    void theSeedsReenrollmentContextDecodesFieldForField() {
        OrchestratorJobCompleteHandlerContext c = ok(Samples.REENROLLMENT);

        assertThat(c.jobType()).isEqualTo("WinCertReenrollment");
        assertThat(c.jobTypeId()).isEqualTo(UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61"));
        assertThat(c.operationType()).isEqualTo(OperationType.UNKNOWN);
        assertThat(c.certificateId()).isEqualTo(15);
        assertThat(c.requestTimestamp()).isEqualTo(Instant.parse("2023-05-06T00:32:46Z"));
    }

    @Test
    void requiredFieldsAloneGiveTheDefaults() {
        OrchestratorJobCompleteHandlerContext c = ok(Samples.MINIMAL);

        assertThat(c.username()).isNull();
        assertThat(c.clientMachine()).isNull();
        assertThat(c.operationType()).isEqualTo(OperationType.UNKNOWN);
        assertThat(c.certificateId()).isNull();
        assertThat(c.requestTimestamp()).isNull();
        assertThat(c.currentRetryCount()).isZero();
        assertThat(c.eventId()).isEqualTo(EVENT);
        assertThat(c.deliveryAttempt()).isEqualTo(1);
        assertThat(c.source()).isEqualTo(CompletionSource.PUSH);
        assertThat(c.hasClient()).isFalse();
    }

    @Test
    void eachCompletionGetsANewRandomEventId() {
        CompletionDecoder random = new CompletionDecoder();
        byte[] body = Samples.MINIMAL.getBytes(StandardCharsets.UTF_8);

        UUID first = random.decode(body).context().eventId();
        UUID second = random.decode(body).context().eventId();

        assertThat(first).isNotEqualTo(second);
        assertThat(first.version()).isEqualTo(4);
    }

    @Test
    void fieldNamesMatchIgnoringCaseAndUnknownFieldsAreIgnored() {
        OrchestratorJobCompleteHandlerContext c = ok("""
                {"agentid": "fa406103-d84a-43ea-8bfd-99bc1f064281", "JOBID": "0b4b411a-4b26-4492-a575-a10adb43a08a",
                 "jobType": "WinCertInventory", "JobTypeID": "49b3a17d-cada-4ec8-84c6-7719bf5beef3",
                 "jobresult": 2, "cUrReNtReTrYcOuNt": 3, "Client": "https://command/KeyfactorAPI",
                 "Extra": {"nested": [1, 2, {"deep": true}]}}
                """);

        assertThat(c.agentId()).isEqualTo(AGENT);
        assertThat(c.jobResult()).isEqualTo(JobResult.SUCCESS);
        assertThat(c.currentRetryCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FA406103-D84A-43EA-8BFD-99BC1F064281", "{fa406103-d84a-43ea-8bfd-99bc1f064281}",
        "{FA406103-d84a-43ea-8bfd-99bc1f064281}", "fa406103d84a43ea8bfd99bc1f064281"})
    void guidsInAnyCaseWithOrWithoutBraces(String guid) {
        assertThat(ok(Samples.minimalReplacing("AgentId", "\"" + guid + "\"")).agentId()).isEqualTo(AGENT);
    }

    @Test
    void theNilGuidIsAnUnknownAgent() {
        assertThat(ok(Samples.minimalReplacing("AgentId", "\"00000000-0000-0000-0000-000000000000\"")).agentId())
                .isEqualTo(new UUID(0, 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"Success\"|SUCCESS", "\"success\"|SUCCESS", "\"FAILURE\"|FAILURE", "\"InProcess\"|IN_PROCESS",
        "\"inprocess\"|IN_PROCESS", "1|IN_PROCESS", "\"1\"|IN_PROCESS", "0|UNKNOWN", "3|WARNING", "\"4\"|FAILURE"})
    void jobResultAsNameOrNumber(String json, JobResult expected) {
        assertThat(ok(Samples.minimalReplacing("JobResult", json)).jobResult()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"Add\"|ADD", "\"createadd\"|CREATE_ADD", "\"CreateAdd\"|CREATE_ADD", "2|ADD", "\"3\"|REMOVE",
        "9|FETCH_LOGS", "null|UNKNOWN", "\"Unknown\"|UNKNOWN"})
    void operationTypeAsNameOrNumber(String json, OperationType expected) {
        assertThat(ok(Samples.minimalWith("OperationType", json)).operationType()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2023-05-03T23:18:48|2023-05-03T23:18:48Z",
        "2023-05-03T23:18:48Z|2023-05-03T23:18:48Z",
        "2023-05-03T23:18:48.123|2023-05-03T23:18:48.123Z",
        "2023-05-04T01:18:48+02:00|2023-05-03T23:18:48Z",
        "2023-05-03T18:18:48-05:00|2023-05-03T23:18:48Z",
        "2023-05-04T01:18:48+02:00[Europe/Paris]|2023-05-03T23:18:48Z"})
    void requestTimestampWithOrWithoutOffset(String text, String expected) {
        assertThat(ok(Samples.minimalWith("RequestTimestamp", "\"" + text + "\"")).requestTimestamp())
                .isEqualTo(Instant.parse(expected));
    }

    @Test
    void optionalFieldsMayBeNull() {
        OrchestratorJobCompleteHandlerContext c = ok(Samples.MINIMAL.strip().replaceFirst("}$",
                ", \"Username\": null, \"ClientMachine\": null, \"CertificateId\": null, \"RequestTimestamp\": null,"
                        + " \"CurrentRetryCount\": null, \"OperationType\": null}"));

        assertThat(c.username()).isNull();
        assertThat(c.currentRetryCount()).isZero();
        assertThat(c.operationType()).isEqualTo(OperationType.UNKNOWN);
    }

    @Test
    void certificateIdAndRetryCountAtTheirLimits() {
        assertThat(ok(Samples.minimalWith("CertificateId", "2147483647")).certificateId()).isEqualTo(Integer.MAX_VALUE);
        assertThat(ok(Samples.minimalWith("CurrentRetryCount", "2147483647")).currentRetryCount())
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void everyMissingRequiredFieldIsReported() {
        CompletionDecoder.Decoded d = decode("{\"Username\": \"x\"}");

        assertThat(d.ok()).isFalse();
        assertThat(d.errors()).extracting(FieldError::field, FieldError::value, FieldError::message).containsExactly(
                tuple("AgentId", null, "is required"),
                tuple("JobResult", null, "is required"),
                tuple("JobId", null, "is required"),
                tuple("JobType", null, "is required"),
                tuple("JobTypeId", null, "is required"));
        assertThat(d.errorCount()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AgentId", "JobId", "JobType", "JobTypeId", "JobResult"})
    void eachRequiredFieldIsRequired(String field) {
        assertThat(decode(Samples.minimalWithout(field)).errors())
                .extracting(FieldError::field, FieldError::message).containsExactly(tuple(field, "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AgentId", "JobId", "JobType", "JobTypeId", "JobResult"})
    void nullForARequiredFieldIsRefused(String field) {
        assertThat(decode(Samples.minimalReplacing(field, "null")).errors())
                .extracting(FieldError::field, FieldError::value, FieldError::message)
                .containsExactly(tuple(field, "null", "is required, was null"));
    }

    @Test
    void everyWrongValueIsReportedAtOnceNamingFieldAndValue() {
        CompletionDecoder.Decoded d = decode("""
                {"AgentId": "not-a-guid", "JobId": 5, "JobType": "  ", "JobTypeId": "{49b3a17d-cada-4ec8-84c6}",
                 "JobResult": "Splendid", "OperationType": true, "CertificateId": "14",
                 "RequestTimestamp": "5/3/2023 11:18:48 PM", "CurrentRetryCount": -1, "Username": 7,
                 "ClientMachine": ["a"]}
                """);

        assertThat(d.errors()).extracting(FieldError::field, FieldError::value).containsExactly(
                tuple("AgentId", "not-a-guid"),
                tuple("Username", "7"),
                tuple("ClientMachine", "[\"a\"]"),
                tuple("JobResult", "Splendid"),
                tuple("JobId", "5"),
                tuple("JobType", "  "),
                tuple("JobTypeId", "{49b3a17d-cada-4ec8-84c6}"),
                tuple("OperationType", "true"),
                tuple("CertificateId", "14"),
                tuple("RequestTimestamp", "5/3/2023 11:18:48 PM"),
                tuple("CurrentRetryCount", "-1"));
        assertThat(d.errors()).extracting(FieldError::message).containsExactly(
                "is not a GUID: expected 32 hex digits as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, in any case, braces optional",
                "must be a string, was a number",
                "must be a string, was an array",
                "is not a valid JobResult: expected a name (any case) or number of Unknown (0), InProcess (1), Success (2), "
                        + "Warning (3), Failure (4)",
                "must be a string holding a GUID, was a number",
                "must not be blank",
                "is not a GUID: expected 32 hex digits as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, in any case, braces optional",
                "must be a name or a number, was a boolean",
                "must be a whole number from 1 to 2147483647, was a string",
                "is not an ISO-8601 date and time: expected e.g. 2023-05-03T23:18:48Z, 2023-05-03T23:18:48+02:00, "
                        + "or 2023-05-03T23:18:48 (taken as UTC)",
                "is out of range: must be a whole number from 0 to 2147483647");
        assertThat(d.errorCount()).isEqualTo(11);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "JobResult|5|is not a valid JobResult",
        "JobResult|\"7\"|is not a valid JobResult",
        "JobResult|2.5|is not a valid JobResult",
        "JobResult|99999999999|is not a valid JobResult",
        "JobResult|{}|must be a name or a number, was an object",
        "OperationType|10|is not a valid OperationType",
        "OperationType|\"Explode\"|is not a valid OperationType",
        "CertificateId|2147483648|is out of range",
        "CertificateId|-2147483649|is out of range",
        "CertificateId|14.5|was a fraction",
        "CertificateId|1e3|was a fraction",
        "CertificateId|true|was a boolean",
        "CurrentRetryCount|99999999999999999999999|is out of range",
        "CurrentRetryCount|\"0\"|was a string",
        "RequestTimestamp|1683155928|must be a string holding an ISO-8601 date and time, was a number",
        "RequestTimestamp|\"2023-02-30T00:00:00\"|is not an ISO-8601 date and time",
        "RequestTimestamp|\"2023-05-03\"|is not an ISO-8601 date and time",
        "JobType|42|must be a string, was a number",
        "JobType|\"Win\\u0000Cert\"|must not contain control characters",
        "Username|\"KFTRAIN\\nadmin\"|must not contain control characters",
        "ClientMachine|\"host\\u2028name\"|must not contain control characters",
        "ClientMachine|\"host\\ud800\"|lone surrogates"})
    void aWrongValueIsRefusedWithAClearMessage(String field, String json, String message) {
        String body = Samples.MINIMAL.contains("\"" + field + "\"") ? Samples.minimalReplacing(field, json)
                : Samples.minimalWith(field, json);

        CompletionDecoder.Decoded d = decode(body);

        assertThat(d.ok()).isFalse();
        assertThat(d.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).contains(message);
            assertThat(e.value()).isNotNull().doesNotContainPattern("\\p{Cntrl}");
        });
    }

    @Test
    void aFieldSentTwiceInAnyCaseIsRefused() {
        CompletionDecoder.Decoded d = decode(Samples.minimalWith("jobid", "\"426ec1ab-9f02-4011-8df9-72c4a603ca90\""));

        assertThat(d.errors()).extracting(FieldError::field, FieldError::message)
                .containsExactly(tuple("JobId", "appears more than once (field names are matched ignoring case)"));
    }

    @Test
    void anUnknownFieldSentTwiceIsRefusedToo() {
        CompletionDecoder.Decoded d = decode(Samples.minimalWith("Extra", "1, \"EXTRA\": 2"));

        assertThat(d.errors()).extracting(FieldError::field).containsExactly("EXTRA"); // as the repeat spells it
    }

    @Test
    void anUnknownFieldSentTwiceIsNamedSafely() { // found by CompletionDecoderFuzzTest: a blank or raw field
        String name = "n\u0001".repeat(500);                 // 1,000 characters, each second one U+0001
        String json = "\"" + "n\\u0001".repeat(500) + "\"";   // the same name in JSON

        CompletionDecoder.Decoded d = decode(Samples.minimalWith("", "1, \"\": 2, " + json + ": 3, " + json + ": 4"));

        assertThat(d.errors()).extracting(FieldError::field, FieldError::value, FieldError::message).containsExactly(
                tuple(CompletionDecoder.BODY, "", "has more than one field with this blank name"),
                tuple(FieldError.echo(name), null, "appears more than once (field names are matched ignoring case)"));
        assertThat(d.errors().get(1).field()).startsWith("n\\u0001n").hasSizeLessThanOrEqualTo(FieldError.MAX_ECHO + 1)
                .doesNotContain("\u0001");
    }

    @Test
    void duplicatesAndWrongValuesAreReportedTogether() {
        CompletionDecoder.Decoded d = decode(Samples.minimalWith("AGENTID", "\"x\", \"CertificateId\": \"14\""));

        assertThat(d.errors()).extracting(FieldError::field).containsExactly("AgentId", "CertificateId");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]|must be one JSON object, was an array",
        "\"text\"|must be one JSON object, was a string",
        "42|must be one JSON object, was a number",
        "null|must be one JSON object, was null",
        "{} {}|must hold exactly one JSON object, found another object after it",
        "{\"a\": 1|is not valid JSON",
        "{AgentId: 1}|is not valid JSON",
        "{\"a\": 1,}|is not valid JSON",
        "not json|is not valid JSON",
        "'   '|is empty: expected one JSON object"})
    void aBodyThatIsNotOneJsonObjectIsRefused(String body, String message) {
        CompletionDecoder.Decoded d = decode(body);

        assertThat(d.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("body");
            assertThat(e.message()).contains(message);
        });
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertThat(decoder.decode(new byte[0]).errors()).extracting(FieldError::message)
                .containsExactly("is empty: expected one JSON object");
    }

    @Test
    void invalidUtf8IsRefusedNamingTheOffset() {
        byte[] body = Samples.MINIMAL.getBytes(StandardCharsets.UTF_8);
        body[20] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        assertThat(decoder.decode(body).errors()).extracting(FieldError::message)
                .containsExactly("is not valid UTF-8 (at byte offset 20)");
    }

    @Test
    void utf16IsNotGuessed() {
        byte[] body = Samples.MINIMAL.getBytes(StandardCharsets.UTF_16BE);
        assertThat(decoder.decode(body).ok()).isFalse();
    }

    @Test
    void aLeadingByteOrderMarkIsTolerated() {
        assertThat(ok("\uFEFF" + Samples.MINIMAL).agentId()).isEqualTo(AGENT);
    }

    @Test
    void echoedValuesAreCutAndFreeOfControlCharacters() {
        String longValue = "x".repeat(5000);
        CompletionDecoder.Decoded d = decode(Samples.minimalReplacing("JobId", "\"\\u0007\\r\\n" + longValue + "\""));

        FieldError e = d.errors().get(0);
        assertThat(e.value()).startsWith("\\u0007\\u000D\\u000Axxx").endsWith("\u2026")
                .hasSize(FieldError.MAX_ECHO + 1).doesNotContainPattern("\\p{Cntrl}");
    }

    @Test
    void atMostFiftyErrorsAreListedButAllAreCounted() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 200; i++) {
            body.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": 1, \"F").append(i).append("\": 2");
        }
        CompletionDecoder.Decoded d = decode(body.append('}').toString());

        assertThat(d.errors()).hasSize(CompletionDecoder.MAX_ERRORS);
        assertThat(d.errorCount()).isEqualTo(205); // 200 duplicates, 5 missing fields
    }
}
