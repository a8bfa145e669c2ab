package io.jobhook.runtime.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.JobResult;
import io.jobhook.api.KeyfactorEnum;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;

/**
 * Coverage-guided fuzzing of {@link CompletionDecoder} and {@link IngressHandler} with Jazzer.
 *
 * <p>In a plain build each fuzz test runs once per seed in {@code CompletionDecoderFuzzTestInputs/<method>/}
 * (test resources) and once with an empty input; with {@code JAZZER_FUZZ=1} (profile {@code fuzz}) Jazzer
 * fuzzes one of them for its {@code maxDuration}. The invariants, for every input:
 * <ul>
 * <li>nothing escapes: no exception, never a 5xx;</li>
 * <li>a rejection lists 1 to {@link CompletionDecoder#MAX_ERRORS} errors, each naming a field, its echoed value
 * short and free of control characters; the handler answers it with a 4xx problem document;</li>
 * <li>an accepted body round-trips: every field of the context equals what the JSON says (read back with a
 * plain {@link ObjectMapper}, not the decoder);</li>
 * <li>the intake is called exactly when the answer is 202.</li>
 * </ul>
 * {@link #structuredCompletion} builds the JSON itself from typed choices, so it also knows which fields are
 * valid and which are not: a body of valid fields must be accepted, an invalid field must be named, a valid
 * one never.
 */
class CompletionDecoderFuzzTest {

    /** Small enough for the fuzzer to reach the 413 now and then. */
    private static final int MAX_BODY = 4096;
    private static final UUID EVENT = UUID.fromString("11111111-2222-4333-8444-555555555555");
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}");
    private static final Pattern LOCAL_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");
    private static final Pattern OFFSET_TIMESTAMP = Pattern.compile(LOCAL_TIMESTAMP.pattern() + "(Z|[+-]\\d{2}:\\d{2})");

    private static final CompletionDecoder DECODER = new CompletionDecoder(() -> EVENT);
    private static final AtomicInteger INTAKE_CALLS = new AtomicInteger();
    private static final IngressHandler HANDLER = new IngressHandler(
            IngressSettings.of(true, new String[] {TestRequest.TOKEN}, MAX_BODY, 60),
            (context, idempotency) -> {
                INTAKE_CALLS.incrementAndGet();
                return new Acceptance(context.eventId(), Acceptance.Status.ACCEPTED);
            }, DECODER);

    /** Any bytes as a body: the seeds are sample bodies and hostile ones, the fuzzer mutates them. */
    @FuzzTest(maxDuration = "150s")
    void anyBody(byte[] body) throws IOException {
        CompletionDecoder.Decoded decoded = DECODER.decode(body);

        checkOutcome(decoded);
        if (decoded.ok()) {
            assertRoundTrip(body, decoded.context());
        }
        checkAnswer(TestRequest.post("").body(body), body.length, decoded, null);
    }

    /** A JSON object built from typed choices: deep in the fields, with an oracle for each. */
    @FuzzTest(maxDuration = "150s")
    void structuredCompletion(FuzzedDataProvider data) throws IOException {
        Completion sent = Completion.from(data);
        String key = data.consumeBoolean() ? data.consumeString(210) : null;
        byte[] body = sent.json().getBytes(StandardCharsets.UTF_8);

        CompletionDecoder.Decoded decoded = DECODER.decode(body);

        checkOutcome(decoded);
        sent.check(decoded);
        if (decoded.ok()) {
            assertRoundTrip(body, decoded.context());
        }
        TestRequest request = TestRequest.post("").body(body);
        if (key != null) {
            request.header(IngressHandler.IDEMPOTENCY_KEY, key);
        }
        checkAnswer(request, body.length, decoded, key);
    }

    /** What holds for every outcome of the decoder. */
    private static void checkOutcome(CompletionDecoder.Decoded decoded) {
        if (decoded.ok()) {
            assertThat(decoded.errors()).isEmpty();
            assertThat(decoded.errorCount()).isZero();
            OrchestratorJobCompleteHandlerContext c = decoded.context();
            assertThat(c.eventId()).isEqualTo(EVENT);
            assertThat(c.deliveryAttempt()).isEqualTo(1);
            assertThat(c.source()).isEqualTo(CompletionSource.PUSH);
            assertThat(c.hasClient()).isFalse();
            assertThat(c.agentId()).isNotNull();
            assertThat(c.jobId()).isNotNull();
            assertThat(c.jobTypeId()).isNotNull();
            assertThat(c.jobResult()).isNotNull();
            assertThat(c.operationType()).isNotNull();
            assertThat(c.jobType()).isNotBlank();
            assertThat(c.currentRetryCount()).isNotNegative();
            for (String text : new String[] {c.jobType(), c.username(), c.clientMachine()}) {
                if (text != null) {
                    assertThat(unsafe(text)).as("a control character or lone surrogate in %s", text).isFalse();
                }
            }
            return;
        }
        assertThat(decoded.context()).isNull();
        assertThat(decoded.errors()).hasSizeBetween(1, CompletionDecoder.MAX_ERRORS);
        assertThat(decoded.errorCount()).isGreaterThanOrEqualTo(decoded.errors().size());
        if (decoded.errorCount() <= CompletionDecoder.MAX_ERRORS) {
            assertThat(decoded.errors()).hasSize(decoded.errorCount());
        }
        for (FieldError e : decoded.errors()) {
            assertThat(e.field()).isNotBlank().hasSizeLessThanOrEqualTo(FieldError.MAX_ECHO + 1);
            assertThat(unsafe(e.field())).as("an unescaped character in the field %s", e.field()).isFalse();
            assertThat(e.message()).isNotBlank().hasSizeLessThan(400);
            assertThat(unsafe(e.message())).as("a control character in the message %s", e.message()).isFalse();
            if (e.value() != null) {
                assertThat(e.value()).hasSizeLessThanOrEqualTo(FieldError.MAX_ECHO + 1);
                assertThat(unsafe(e.value())).as("an unescaped character in the echo %s", e.value()).isFalse();
            }
        }
    }

    /** What holds for every answer of the handler, given what the decoder said about the same body. */
    private static void checkAnswer(TestRequest request, int length, CompletionDecoder.Decoded decoded, String key)
            throws IOException {
        INTAKE_CALLS.set(0);

        IngressResponse r = HANDLER.handle(request);

        assertThat(r.status()).as("status").isIn(202, 400, 413);
        if (r.status() == 202) {
            assertThat(INTAKE_CALLS.get()).as("intake calls for a 202").isEqualTo(1);
            assertThat(decoded.ok()).as("accepted by the handler, so by the decoder").isTrue();
            assertThat(r.header("Location")).isEqualTo("/jobhook/v1/events/" + EVENT);
            assertThat(PLAIN.readTree(r.body()).path("eventId").asText()).isEqualTo(EVENT.toString());
            return;
        }
        assertThat(INTAKE_CALLS.get()).as("intake calls for a " + r.status()).isZero();
        assertThat(r.contentType()).isEqualTo(IngressResponse.PROBLEM_JSON);
        JsonNode doc = PLAIN.readTree(r.body());
        assertThat(doc.path("type").asText()).startsWith(io.jobhook.runtime.http.Problems.TYPE_PREFIX);
        assertThat(doc.path("status").asInt()).isEqualTo(r.status());
        assertThat(doc.path("errors").size()).isBetween(1, CompletionDecoder.MAX_ERRORS);
        for (JsonNode error : doc.path("errors")) {
            assertThat(error.path("field").asText()).isNotBlank();
        }
        boolean badKey = key != null && !printableAscii(key, 1, 200);
        if (badKey) {
            assertThat(doc.path("type").asText()).isEqualTo(ProblemType.INVALID_IDEMPOTENCY_KEY.type());
            assertThat(doc.path("errors").get(0).path("field").asText()).isEqualTo(IngressHandler.IDEMPOTENCY_KEY);
        } else if (length > MAX_BODY) {
            assertThat(r.status()).isEqualTo(413);
        } else {
            assertThat(decoded.ok()).as("refused by the handler with %s, so by the decoder", r.bodyText()).isFalse();
            assertThat(doc.path("type").asText()).isEqualTo(ProblemType.INVALID_COMPLETION.type());
            assertThat(doc.path("errors").size()).isEqualTo(decoded.errors().size());
        }
    }

    /** Reads the accepted body back with a plain JSON parser and compares every field with the context. */
    private static void assertRoundTrip(byte[] body, OrchestratorJobCompleteHandlerContext c) throws IOException {
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode tree = PLAIN.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        assertThat(tree.isObject()).isTrue();
        assertThat(c.agentId()).isEqualTo(guid(field(tree, "AgentId")));
        assertThat(c.jobId()).isEqualTo(guid(field(tree, "JobId")));
        assertThat(c.jobTypeId()).isEqualTo(guid(field(tree, "JobTypeId")));
        assertThat(c.jobType()).isEqualTo(text(field(tree, "JobType")));
        assertThat(c.username()).isEqualTo(text(field(tree, "Username")));
        assertThat(c.clientMachine()).isEqualTo(text(field(tree, "ClientMachine")));
        assertSameEnum(c.jobResult(), field(tree, "JobResult"));
        JsonNode operation = field(tree, "OperationType");
        if (operation == null) {
            assertThat(c.operationType()).isEqualTo(OperationType.UNKNOWN);
        } else {
            assertSameEnum(c.operationType(), operation);
        }
        JsonNode certificate = field(tree, "CertificateId");
        assertThat(c.certificateId()).isEqualTo(certificate == null ? null : integer(certificate));
        JsonNode retries = field(tree, "CurrentRetryCount");
        assertThat(c.currentRetryCount()).isEqualTo(retries == null ? 0 : integer(retries));
        JsonNode timestamp = field(tree, "RequestTimestamp");
        if (timestamp == null) {
            assertThat(c.requestTimestamp()).isNull();
        } else {
            assertThat(timestamp.isTextual()).isTrue();
            Instant expected = instant(timestamp.textValue().strip());
            assertThat(c.requestTimestamp()).isNotNull();
            if (expected != null) {
                assertThat(c.requestTimestamp()).isEqualTo(expected);
            }
        }
    }

    /** @return the value of the one field named {@code name} in any case, or null when absent or JSON null */
    private static JsonNode field(JsonNode tree, String name) {
        JsonNode found = null;
        int seen = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                found = e.getValue();
                seen++;
            }
        }
        assertThat(seen).as("%s in an accepted body", name).isLessThanOrEqualTo(1);
        return found == null || found.isNull() ? null : found;
    }

    /** A GUID as the wire format allows it: hyphenated or 32 digits, any case, in braces or not, blanks around. */
    private static UUID guid(JsonNode node) {
        assertThat(node).isNotNull();
        assertThat(node.isTextual()).isTrue();
        String text = node.textValue().trim();
        if (text.length() >= 2 && (text.startsWith("{") && text.endsWith("}") || text.startsWith("(") && text.endsWith(")"))) {
            text = text.substring(1, text.length() - 1).trim();
        }
        assertThat(text).matches(GUID);
        String hex = text.replace("-", "").toLowerCase(Locale.ROOT);
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    private static String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        assertThat(node.isTextual()).isTrue();
        return node.textValue();
    }

    private static int integer(JsonNode node) {
        assertThat(node.isIntegralNumber() && node.canConvertToInt()).as("an int: %s", node).isTrue();
        return node.intValue();
    }

    private static void assertSameEnum(KeyfactorEnum value, JsonNode node) {
        assertThat(node).isNotNull();
        if (node.isNumber()) {
            assertThat(value.code()).isEqualTo(integer(node));
            return;
        }
        assertThat(node.isTextual()).isTrue();
        String text = node.textValue().trim();
        if (text.matches("[+-]?\\d{1,9}")) {
            assertThat(value.code()).isEqualTo(Integer.parseInt(text));
            return;
        }
        String squeezed = text.replace("_", "").toLowerCase(Locale.ROOT);
        boolean named = value.keyfactorName().equalsIgnoreCase(text)
                || ((Enum<?>) value).name().replace("_", "").toLowerCase(Locale.ROOT).equals(squeezed);
        assertThat(named).as("%s decoded from \"%s\"", value, text).isTrue();
    }

    /** @return the instant of the plain ISO-8601 forms, null for the rarer ones the decoder also takes (zones) */
    private static Instant instant(String text) {
        if (LOCAL_TIMESTAMP.matcher(text).matches()) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
        if (OFFSET_TIMESTAMP.matcher(text).matches()) {
            return OffsetDateTime.parse(text).toInstant();
        }
        return null;
    }

    /** Control characters (C0, DEL, C1), line and paragraph separators and lone surrogates. */
    private static boolean unsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private static boolean printableAscii(String text, int min, int max) {
        return text.length() >= min && text.length() <= max && text.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    /** Whether a field is valid: known to be, known not to be, or up to the decoder (a fuzzed string). */
    private enum Verdict { VALID, INVALID, UNKNOWN }

    /** One field as sent: its JSON and what the decoder must make of it. */
    private record Sent(String name, String json, Verdict verdict, Object expected) {
    }

    /** The shapes a field's value takes. */
    private enum Shape { ABSENT, NULL, VALID, FUZZED_STRING, NEAR_MISS, INT, BIG, FRACTION, BOOLEAN, ARRAY, OBJECT }

    /** A completion built from the fuzzer's choices, and what the decoder must make of it. */
    private static final class Completion {
        private final List<Sent> fields = new ArrayList<>();
        private final Set<String> duplicated = new HashSet<>();
        private final List<String> members = new ArrayList<>();

        static Completion from(FuzzedDataProvider data) {
            Completion c = new Completion();
            c.add(data, CompletionDecoder.AGENT_ID, Completion::guid);
            c.add(data, CompletionDecoder.USERNAME, (d, s) -> text(d, s, false));
            c.add(data, CompletionDecoder.CLIENT_MACHINE, (d, s) -> text(d, s, false));
            c.add(data, CompletionDecoder.JOB_RESULT, (d, s) -> keyfactorEnum(d, s, JobResult.class, null));
            c.add(data, CompletionDecoder.JOB_ID, Completion::guid);
            c.add(data, CompletionDecoder.JOB_TYPE, (d, s) -> text(d, s, true));
            c.add(data, CompletionDecoder.JOB_TYPE_ID, Completion::guid);
            c.add(data, CompletionDecoder.OPERATION_TYPE,
                    (d, s) -> keyfactorEnum(d, s, OperationType.class, OperationType.UNKNOWN));
            c.add(data, CompletionDecoder.CERTIFICATE_ID, (d, s) -> integer(d, s, 1, null));
            c.add(data, CompletionDecoder.REQUEST_TIMESTAMP, Completion::timestamp);
            c.add(data, CompletionDecoder.CURRENT_RETRY_COUNT, (d, s) -> integer(d, s, 0, 0));
            int extra = data.consumeInt(0, 3);
            for (int i = 0; i < extra; i++) {
                c.members.add(quote("Extra" + i) + ":" + value(data, data.pickValue(Shape.values())));
            }
            // the fuzzer picks the order
            for (int i = c.members.size() - 1; i > 0; i--) {
                int j = data.consumeInt(0, i);
                String m = c.members.get(i);
                c.members.set(i, c.members.get(j));
                c.members.set(j, m);
            }
            return c;
        }

        String json() {
            return "{" + String.join(",", members) + "}";
        }

        private interface Generator {
            Sent generate(FuzzedDataProvider data, Shape shape);
        }

        private void add(FuzzedDataProvider data, String name, Generator generator) {
            Shape shape = data.pickValue(Shape.values());
            Sent sent = generator.generate(data, shape);
            fields.add(new Sent(name, sent.json(), sent.verdict(), sent.expected()));
            if (shape != Shape.ABSENT) {
                members.add(quote(spell(data, name)) + ":" + sent.json());
                if (data.consumeInt(0, 15) == 0) { // now and then the same field again, in any case
                    duplicated.add(name);
                    members.add(quote(spell(data, name)) + ":" + value(data, data.pickValue(Shape.values())));
                }
            }
        }

        /** Checks the decoder's verdict against the one known from the shapes. */
        void check(CompletionDecoder.Decoded decoded) {
            Set<String> named = new HashSet<>();
            decoded.errors().forEach(e -> named.add(e.field()));
            boolean mustFail = !duplicated.isEmpty();
            boolean mayFail = false;
            for (Sent f : fields) {
                boolean ambiguous = duplicated.contains(f.name());
                if (ambiguous || f.verdict() == Verdict.INVALID) {
                    mustFail = true;
                    if (!decoded.ok() && decoded.errorCount() <= CompletionDecoder.MAX_ERRORS) {
                        assertThat(named).as("errors of %s", json()).contains(f.name());
                    }
                } else if (f.verdict() == Verdict.VALID) {
                    assertThat(named).as("errors of %s", json()).doesNotContain(f.name());
                } else {
                    mayFail = true;
                }
            }
            assertThat(named).as("errors of %s", json()).doesNotContain(CompletionDecoder.BODY);
            if (mustFail) {
                assertThat(decoded.ok()).as("accepted: %s", json()).isFalse();
                return;
            }
            if (!mayFail) {
                assertThat(decoded.errors()).as("refused: %s", json()).isEmpty();
            }
            if (decoded.ok()) {
                OrchestratorJobCompleteHandlerContext c = decoded.context();
                for (Sent f : fields) {
                    if (f.verdict() == Verdict.VALID) {
                        assertThat(valueOf(c, f.name())).as("%s of %s", f.name(), json()).isEqualTo(f.expected());
                    }
                }
            }
        }

        private static Object valueOf(OrchestratorJobCompleteHandlerContext c, String name) {
            switch (name) {
                case CompletionDecoder.AGENT_ID: return c.agentId();
                case CompletionDecoder.USERNAME: return c.username();
                case CompletionDecoder.CLIENT_MACHINE: return c.clientMachine();
                case CompletionDecoder.JOB_RESULT: return c.jobResult();
                case CompletionDecoder.JOB_ID: return c.jobId();
                case CompletionDecoder.JOB_TYPE: return c.jobType();
                case CompletionDecoder.JOB_TYPE_ID: return c.jobTypeId();
                case CompletionDecoder.OPERATION_TYPE: return c.operationType();
                case CompletionDecoder.CERTIFICATE_ID: return c.certificateId();
                case CompletionDecoder.REQUEST_TIMESTAMP: return c.requestTimestamp();
                case CompletionDecoder.CURRENT_RETRY_COUNT: return c.currentRetryCount();
                default: throw new IllegalArgumentException(name);
            }
        }

        /** Anything but a valid or a fuzzed value, for the shapes every field answers alike. */
        private static Sent other(FuzzedDataProvider data, Shape shape, Verdict absent, Object absentValue,
                Verdict number) {
            switch (shape) {
                case ABSENT:
                    return new Sent(null, "", absent, absentValue);
                case NULL:
                    return new Sent(null, "null", absent, absentValue);
                default:
                    String json = value(data, shape);
                    return new Sent(null, json, shape == Shape.INT ? number : Verdict.INVALID, null);
            }
        }

        private static Sent guid(FuzzedDataProvider data, Shape shape) {
            UUID uuid = new UUID(data.consumeLong(), data.consumeLong());
            String canonical = uuid.toString();
            switch (shape) {
                case VALID: {
                    String text = data.consumeBoolean() ? canonical : canonical.replace("-", "");
                    text = randomCase(data, text);
                    if (data.consumeBoolean()) {
                        text = data.consumeBoolean() ? "{" + text + "}" : "(" + text + ")";
                    }
                    if (data.consumeBoolean()) {
                        text = " " + text + " ";
                    }
                    return new Sent(null, quote(text), Verdict.VALID, uuid);
                }
                case FUZZED_STRING:
                    return new Sent(null, quote(data.consumeString(60)), Verdict.UNKNOWN, null);
                case NEAR_MISS:
                    return new Sent(null, quote(nearMiss(data, canonical)), Verdict.UNKNOWN, null);
                default:
                    return other(data, shape, Verdict.INVALID, null, Verdict.INVALID);
            }
        }

        private static Sent text(FuzzedDataProvider data, Shape shape, boolean required) {
            switch (shape) {
                case VALID: {
                    String text = "x" + data.consumeAsciiString(40).replaceAll("[^\\x20-\\x7e]", "");
                    return new Sent(null, quote(text), Verdict.VALID, text);
                }
                case FUZZED_STRING:
                case NEAR_MISS:
                    return new Sent(null, quote(data.consumeString(120)), Verdict.UNKNOWN, null);
                default:
                    return other(data, shape, required ? Verdict.INVALID : Verdict.VALID, null, Verdict.INVALID);
            }
        }

        private static <E extends Enum<E> & KeyfactorEnum> Sent keyfactorEnum(FuzzedDataProvider data, Shape shape,
                Class<E> type, E absent) {
            Verdict whenAbsent = absent == null ? Verdict.INVALID : Verdict.VALID;
            switch (shape) {
                case VALID: {
                    E value = data.pickValue(type.getEnumConstants());
                    String json;
                    switch (data.consumeInt(0, 3)) {
                        case 0: json = Integer.toString(value.code()); break;
                        case 1: json = quote(Integer.toString(value.code())); break;
                        case 2: json = quote(randomCase(data, value.name())); break;
                        default: json = quote(randomCase(data, value.keyfactorName())); break;
                    }
                    return new Sent(null, json, Verdict.VALID, value);
                }
                case INT: {
                    int code = data.consumeInt(-2, 12);
                    E known = null;
                    for (E e : type.getEnumConstants()) {
                        if (e.code() == code) {
                            known = e;
                        }
                    }
                    return new Sent(null, Integer.toString(code), known == null ? Verdict.INVALID : Verdict.VALID,
                            known);
                }
                case FUZZED_STRING:
                    return new Sent(null, quote(data.consumeString(30)), Verdict.UNKNOWN, null);
                case NEAR_MISS:
                    return new Sent(null, quote(nearMiss(data, data.pickValue(type.getEnumConstants()).keyfactorName())),
                            Verdict.UNKNOWN, null);
                default:
                    return other(data, shape, whenAbsent, absent, Verdict.INVALID);
            }
        }

        private static Sent integer(FuzzedDataProvider data, Shape shape, int min, Integer absent) {
            switch (shape) {
                case VALID:
                case INT: {
                    // VALID leans to the allowed range; either way the verdict is taken from the value sent
                    int value = shape == Shape.VALID && min == 0 ? data.consumeInt() & Integer.MAX_VALUE
                            : data.consumeInt();
                    return new Sent(null, Integer.toString(value), value >= min ? Verdict.VALID : Verdict.INVALID,
                            value >= min ? value : null);
                }
                case FUZZED_STRING:
                case NEAR_MISS:
                    return new Sent(null, quote(data.consumeString(20)), Verdict.INVALID, null);
                default:
                    return other(data, shape, Verdict.VALID, absent, Verdict.INVALID);
            }
        }

        private static Sent timestamp(FuzzedDataProvider data, Shape shape) {
            // years 1 to 9999 in UTC, offsets of whole minutes up to ±18:00 (modulo: never out of range)
            Instant instant = Instant.ofEpochSecond(-62_135_596_800L + Math.floorMod(data.consumeLong(),
                    253_402_300_800L + 62_135_596_800L), data.consumeBoolean() ? 0
                            : Math.floorMod(data.consumeInt(), 1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((Math.floorMod(data.consumeInt(), 36 * 60 + 1) - 18 * 60) * 60);
            String text = data.consumeBoolean()
                    ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    : OffsetDateTime.ofInstant(instant, offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            switch (shape) {
                case VALID:
                    return new Sent(null, quote(text), Verdict.VALID, instant);
                case FUZZED_STRING:
                    return new Sent(null, quote(data.consumeString(40)), Verdict.UNKNOWN, null);
                case NEAR_MISS:
                    return new Sent(null, quote(nearMiss(data, text)), Verdict.UNKNOWN, null);
                default:
                    return other(data, shape, Verdict.VALID, null, Verdict.INVALID);
            }
        }

        /** A JSON value of the given shape, whatever field it goes into. */
        private static String value(FuzzedDataProvider data, Shape shape) {
            switch (shape) {
                case ABSENT:
                case NULL:
                    return "null";
                case VALID:
                case FUZZED_STRING:
                case NEAR_MISS:
                    return quote(data.consumeString(40));
                case INT:
                    return Integer.toString(data.consumeInt());
                case BIG:
                    long big = Integer.MAX_VALUE + 2L + (data.consumeLong() & (Long.MAX_VALUE >> 1)); // ±, never an int
                    return (data.consumeBoolean() ? "-" : "") + big + (data.consumeBoolean() ? "000000000000" : "");
                case FRACTION:
                    return data.consumeInt(-100, 100) + (data.consumeBoolean() ? ".5" : "e" + data.consumeInt(-3, 3));
                case BOOLEAN:
                    return Boolean.toString(data.consumeBoolean());
                case ARRAY:
                    return "[" + quote(data.consumeString(10)) + "," + data.consumeInt() + "]";
                default:
                    return "{" + quote(data.consumeString(10)) + ":" + quote(data.consumeString(10)) + "}";
            }
        }

        /** The field's name in any case. */
        private static String spell(FuzzedDataProvider data, String name) {
            switch (data.consumeInt(0, 3)) {
                case 0: return name;
                case 1: return name.toLowerCase(Locale.ROOT);
                case 2: return name.toUpperCase(Locale.ROOT);
                default: return randomCase(data, name);
            }
        }

        private static String randomCase(FuzzedDataProvider data, String text) {
            StringBuilder b = new StringBuilder(text.length());
            for (char c : text.toCharArray()) {
                b.append(data.consumeBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            return b.toString();
        }

        /** A valid value with one character replaced, inserted or removed. */
        private static String nearMiss(FuzzedDataProvider data, String valid) {
            int at = data.consumeInt(0, valid.length() - 1);
            char c = data.consumeChar();
            switch (data.consumeInt(0, 2)) {
                case 0: return valid.substring(0, at) + c + valid.substring(at + 1);
                case 1: return valid.substring(0, at) + c + valid.substring(at);
                default: return valid.substring(0, at) + valid.substring(at + 1);
            }
        }

        /** A JSON string; everything outside printable ASCII escaped, so lone surrogates get through too. */
        private static String quote(String s) {
            StringBuilder b = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7e) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.append('"').toString();
        }
    }
}
