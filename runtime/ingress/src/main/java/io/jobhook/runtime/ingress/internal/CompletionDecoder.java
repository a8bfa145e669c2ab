package io.jobhook.runtime.ingress.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.Guids;
import io.jobhook.api.JobResult;
import io.jobhook.api.KeyfactorEnum;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * Turns a pushed body into a completion: one JSON object in UTF-8 with Keyfactor's field names
 * (runtime/ingress/README.md, "Wire format"), or every reason why not.
 *
 * <p>Field names are matched ignoring case; unknown fields are ignored; a field that appears twice (in
 * any case) is an error. Required: {@code AgentId}, {@code JobId}, {@code JobType}, {@code JobTypeId},
 * {@code JobResult}. Optional: {@code Username}, {@code ClientMachine}, {@code OperationType} (default
 * {@code Unknown}), {@code CertificateId} (1 or more), {@code RequestTimestamp}, {@code CurrentRetryCount}
 * (default 0); null means absent for them. GUIDs in any case, with or without braces; enumerations as names
 * (ASCII, any case, nothing around them) or numbers (JSON numbers or numeric strings); timestamps ISO-8601 with an offset or without one (then
 * UTC). Every error is reported, each naming the field and echoing the value ({@link FieldError#echo}).
 *
 * <p>The context gets a new random event id, delivery attempt 1, source {@link CompletionSource#PUSH}
 * and no client. Thread-safe.
 */
public final class CompletionDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionDecoder.class);

    static final String AGENT_ID = "AgentId";
    static final String USERNAME = "Username";
    static final String CLIENT_MACHINE = "ClientMachine";
    static final String JOB_RESULT = "JobResult";
    static final String JOB_ID = "JobId";
    static final String JOB_TYPE = "JobType";
    static final String JOB_TYPE_ID = "JobTypeId";
    static final String OPERATION_TYPE = "OperationType";
    /** How an enumeration's name or number may be written in text. */
    private static final java.util.regex.Pattern ENUM_TEXT = java.util.regex.Pattern.compile("[A-Za-z0-9_+-]{1,40}");
    static final String CERTIFICATE_ID = "CertificateId";
    static final String REQUEST_TIMESTAMP = "RequestTimestamp";
    static final String CURRENT_RETRY_COUNT = "CurrentRetryCount";
    /** The field name errors about the body as a whole carry. */
    static final String BODY = "body";

    /** The most errors one answer lists; the detail counts the rest. */
    static final int MAX_ERRORS = 50;

    /** Known fields by lower-case name. */
    private static final Map<String, String> KNOWN = known(AGENT_ID, USERNAME, CLIENT_MACHINE, JOB_RESULT, JOB_ID,
            JOB_TYPE, JOB_TYPE_ID, OPERATION_TYPE, CERTIFICATE_ID, REQUEST_TIMESTAMP, CURRENT_RETRY_COUNT);

    private static final String GUID_EXPECTED =
            "is not a GUID: expected 32 hex digits as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, in any case, braces optional";
    private static final String TIMESTAMP_EXPECTED = "is not an ISO-8601 date and time: expected e.g. "
            + "2023-05-03T23:18:48Z, 2023-05-03T23:18:48+02:00, or 2023-05-03T23:18:48 (taken as UTC)";

    private final ObjectMapper mapper;
    private final Supplier<UUID> eventIds;

    /** A decoder giving each completion a random event id. */
    public CompletionDecoder() {
        this(UUID::randomUUID);
    }

    CompletionDecoder(Supplier<UUID> eventIds) {
        this.eventIds = Objects.requireNonNull(eventIds, "eventIds");
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)        // a completion is flat; deep nesting is an attack
                        .maxNumberLength(100)       // beyond any field's range anyway
                        .maxNameLength(1_000)
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /** The outcome: a context, or the errors (at least one). */
    record Decoded(OrchestratorJobCompleteHandlerContext context, List<FieldError> errors, int errorCount) {

        Decoded {
            errors = List.copyOf(errors);
        }

        boolean ok() {
            return context != null;
        }
    }

    /**
     * @param body the request's body, as sent
     * @return the completion, or every error found (at most {@link #MAX_ERRORS}, with the full count)
     */
    Decoded decode(byte[] body) {
        Errors errors = new Errors();
        String text = utf8(body, errors);
        if (text == null) {
            return errors.result();
        }
        Set<String> duplicated = new HashSet<>();
        Map<String, JsonNode> fields = fields(text, errors, duplicated);
        if (fields == null) {
            return errors.result();
        }
        OrchestratorJobCompleteHandlerContext.Builder b = OrchestratorJobCompleteHandlerContext.builder();
        Reader r = new Reader(fields, duplicated, errors);
        b.agentId(r.guid(AGENT_ID));
        b.username(r.text(USERNAME, false));
        b.clientMachine(r.text(CLIENT_MACHINE, false));
        b.jobResult(r.keyfactorEnum(JOB_RESULT, JobResult.class, JobResult::fromCode, JobResult::parse, null));
        b.jobId(r.guid(JOB_ID));
        b.jobType(r.text(JOB_TYPE, true));
        b.jobTypeId(r.guid(JOB_TYPE_ID));
        b.operationType(r.keyfactorEnum(OPERATION_TYPE, OperationType.class, OperationType::fromCode,
                OperationType::parse, OperationType.UNKNOWN));
        b.certificateId(r.integer(CERTIFICATE_ID, 1)); // Command's certificate ids start at 1
        b.requestTimestamp(r.timestamp(REQUEST_TIMESTAMP));
        Integer retries = r.integer(CURRENT_RETRY_COUNT, 0);
        b.currentRetryCount(retries == null ? 0 : retries);
        if (errors.count > 0) {
            return errors.result();
        }
        return new Decoded(b.eventId(eventIds.get()).deliveryAttempt(1).source(CompletionSource.PUSH)
                .build(), List.of(), 0);
    }

    /** Strict UTF-8 (no replacement characters, no guessing of UTF-16): JSON's only encoding. */
    private static String utf8(byte[] body, Errors errors) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            errors.add(BODY, null, "is not valid UTF-8 (at byte offset " + in.position() + ")");
            return null;
        }
        out.flip();
        String text = out.toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            errors.add(BODY, null, "is empty: expected one JSON object");
            return null;
        }
        return text;
    }

    /**
     * @param duplicated receives the lower-case names of fields that appear more than once (reported here)
     * @return the top-level object's known fields by lower-case name, those that appear more than once
     *         left out (unknown ones are skipped, never built), or null when the body is not one JSON object
     */
    private Map<String, JsonNode> fields(String text, Errors errors, Set<String> duplicated) {
        Map<String, JsonNode> fields = new HashMap<>();
        Set<String> seen = new HashSet<>();
        try (JsonParser p = mapper.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                errors.add(BODY, null, "must be one JSON object, was " + describe(first));
                return null;
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    errors.add(BODY, null, "is not valid JSON: the object is not closed");
                    return null;
                }
                String name = p.currentName();
                String key = name.toLowerCase(Locale.ROOT);
                p.nextToken();
                boolean duplicate = !seen.add(key);
                if (duplicate && duplicated.add(key)) {
                    duplicate(errors, key, name);
                }
                if (KNOWN.containsKey(key) && !duplicate) {
                    fields.put(key, mapper.readTree(p));
                } else {
                    fields.remove(key);
                    p.skipChildren();
                }
            }
            JsonToken after = p.nextToken();
            if (after != null) {
                errors.add(BODY, null, "must hold exactly one JSON object, found " + describe(after) + " after it");
                return null;
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            errors.add(BODY, null, "is not valid JSON: " + FieldError.echo(e.getOriginalMessage())
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            return null;
        } catch (IOException e) {
            LOG.debug("Reading JSON from a String failed", e); // a String cannot fail to be read
            errors.add(BODY, null, "could not be read");
            return null;
        }
        return fields;
    }

    /**
     * Reports a field that appears more than once: a known one by its own spelling, an unknown one as the
     * repeat spells it, made safe to echo (it may be up to 1,000 characters of anything), a blank one
     * against the body.
     */
    private static void duplicate(Errors errors, String key, String name) {
        String known = KNOWN.get(key);
        if (known == null && name.isBlank()) {
            errors.add(BODY, name, "has more than one field with this blank name");
        } else {
            errors.add(known != null ? known : FieldError.echo(name), null,
                    "appears more than once (field names are matched ignoring case)");
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        switch (token) {
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "another object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.asString() == null ? token.name() : "'" + token.asString() + "'";
        }
    }

    private static String describe(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case OBJECT:
                return "an object";
            case ARRAY:
                return "an array";
            case NULL:
                return "null";
            default:
                return node.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    private static Map<String, String> known(String... names) {
        Map<String, String> known = new HashMap<>();
        for (String name : names) {
            known.put(name.toLowerCase(Locale.ROOT), name);
        }
        return Map.copyOf(known);
    }

    /** The errors so far; keeps the first {@link #MAX_ERRORS}, counts all. */
    private static final class Errors {
        private final List<FieldError> list = new ArrayList<>();
        private int count;

        void add(String field, String value, String message) {
            count++;
            if (list.size() < MAX_ERRORS) {
                list.add(new FieldError(field, FieldError.echo(value), message));
            }
        }

        Decoded result() {
            return new Decoded(null, list, count);
        }
    }

    /** Reads each known field, reporting what is wrong with it. */
    private static final class Reader {
        private final Map<String, JsonNode> fields;
        private final Set<String> duplicated;
        private final Errors errors;

        Reader(Map<String, JsonNode> fields, Set<String> duplicated, Errors errors) {
            this.fields = fields;
            this.duplicated = duplicated;
            this.errors = errors;
        }

        /** @return whether the field appeared more than once: reported already, not to be read */
        private boolean ambiguous(String field) {
            return duplicated.contains(field.toLowerCase(Locale.ROOT));
        }

        /** @return the value, or null when absent or JSON null */
        private JsonNode value(String field) {
            JsonNode node = fields.get(field.toLowerCase(Locale.ROOT));
            return node == null || node.isNull() ? null : node;
        }

        private boolean present(String field) {
            return fields.containsKey(field.toLowerCase(Locale.ROOT));
        }

        private void required(String field) {
            if (present(field)) {
                errors.add(field, "null", "is required, was null");
            } else {
                errors.add(field, null, "is required");
            }
        }

        private static String echo(JsonNode node) {
            return node.isTextual() ? node.textValue() : node.toString();
        }

        UUID guid(String field) {
            if (ambiguous(field)) {
                return null;
            }
            JsonNode node = value(field);
            if (node == null) {
                required(field);
                return null;
            }
            if (!node.isTextual()) {
                errors.add(field, echo(node), "must be a string holding a GUID, was " + describe(node));
                return null;
            }
            try {
                return Guids.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                errors.add(field, node.textValue(), GUID_EXPECTED);
                return null;
            }
        }

        String text(String field, boolean required) {
            if (ambiguous(field)) {
                return null;
            }
            JsonNode node = value(field);
            if (node == null) {
                if (required) {
                    required(field);
                }
                return null;
            }
            if (!node.isTextual()) {
                errors.add(field, echo(node), "must be a string, was " + describe(node));
                return null;
            }
            String text = node.textValue();
            if (required && text.isBlank()) {
                errors.add(field, text, "must not be blank");
                return null;
            }
            if (FieldError.hasControlCharacters(text)) {
                errors.add(field, text, "must not contain control characters, line breaks or lone surrogates");
                return null;
            }
            return text;
        }

        <E extends Enum<E> & KeyfactorEnum> E keyfactorEnum(String field, Class<E> type, IntFunction<E> fromCode,
                java.util.function.Function<String, E> parse, E absent) {
            if (ambiguous(field)) {
                return null;
            }
            JsonNode node = value(field);
            String expected = "is not a valid " + type.getSimpleName() + ": expected a name (any case) or number of "
                    + KeyfactorEnum.allowed(type);
            if (node == null) {
                if (absent == null) {
                    required(field);
                }
                return absent;
            }
            try {
                if (node.isTextual()) {
                    // ASCII letters, digits, '_' and a sign only: no control character, space or Unicode case
                    // folding (a long s, a Kelvin sign U+212A) is read as a name Command never sends
                    if (!ENUM_TEXT.matcher(node.textValue()).matches()) {
                        errors.add(field, echo(node), expected);
                        return null;
                    }
                    return parse.apply(node.textValue());
                }
                if (node.isIntegralNumber() && node.canConvertToInt()) {
                    return fromCode.apply(node.intValue());
                }
                if (node.isNumber()) {
                    errors.add(field, echo(node), expected);
                    return null;
                }
            } catch (IllegalArgumentException e) {
                errors.add(field, echo(node), expected);
                return null;
            }
            errors.add(field, echo(node), "must be a name or a number, was " + describe(node));
            return null;
        }

        /** @return the whole number, null when absent */
        Integer integer(String field, int min) {
            if (ambiguous(field)) {
                return null;
            }
            JsonNode node = value(field);
            if (node == null) {
                return null;
            }
            String range = "from " + min + " to " + Integer.MAX_VALUE;
            if (!node.isNumber()) {
                errors.add(field, echo(node), "must be a whole number " + range + ", was " + describe(node));
                return null;
            }
            if (!node.isIntegralNumber()) {
                errors.add(field, echo(node), "must be a whole number " + range + ", was a fraction");
                return null;
            }
            if (!node.canConvertToInt() || node.intValue() < min) {
                errors.add(field, echo(node), "is out of range: must be a whole number " + range);
                return null;
            }
            return node.intValue();
        }

        Instant timestamp(String field) {
            if (ambiguous(field)) {
                return null;
            }
            JsonNode node = value(field);
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                errors.add(field, echo(node), "must be a string holding an ISO-8601 date and time, was "
                        + describe(node));
                return null;
            }
            String text = node.textValue().strip();
            try {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from,
                        OffsetDateTime::from, LocalDateTime::from);
                if (parsed instanceof ZonedDateTime z) {
                    return z.toInstant();
                }
                if (parsed instanceof OffsetDateTime o) {
                    return o.toInstant();
                }
                return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException | ArithmeticException e) {
                errors.add(field, node.textValue(), TIMESTAMP_EXPECTED);
                return null;
            }
        }
    }
}
