package io.jobhook.runtime.ingress.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.http.BearerTokens;
import io.jobhook.runtime.http.Problems;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The ingress's logic, free of any server API: one request in, one response out.
 *
 * <p>Checks, in this order, each answered with an RFC 9457 problem document ({@link ProblemType}): the
 * method is POST (405), a configured bearer token is presented (401; before anything reads the body),
 * the body is {@code application/json} in UTF-8 and carries no content coding and no transfer coding but
 * {@code chunked} (415), the {@code Idempotency-Key} is valid (400), the
 * body is no longer than {@code maxBodyBytes} (413, by {@code Content-Length} up front, then by reading
 * at most one byte more), the body is a valid completion (400, every field error listed). Then the
 * completion goes to the {@link CompletionIntake}: 202 with its event id (also for a resend), 409 for
 * a key reused with another body, 503 with {@code Retry-After} when the journal cannot accept. Anything
 * unexpected is a 500 without internals, logged once. Thread-safe.
 */
public final class IngressHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IngressHandler.class);

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String CONTENT_TYPE = "Content-Type";
    static final String AUTHORIZATION = "Authorization";
    /** Headers a request may carry once at most. */
    private static final List<String> ONCE_ONLY = List.of(AUTHORIZATION, CONTENT_TYPE, IDEMPOTENCY_KEY);
    static final String CONTENT_ENCODING = "Content-Encoding";
    static final String TRANSFER_ENCODING = "Transfer-Encoding";
    private static final String BEARER = "bearer ";

    private final IngressSettings settings;
    private final CompletionIntake intake;
    private final CompletionDecoder decoder;
    private final ObjectMapper json = new ObjectMapper();
    private final IngressMetrics metrics;

    /**
     * @param settings the configuration (tokens, body limit, idempotency TTL)
     * @param intake where accepted completions go
     * @param decoder turns bodies into completions
     */
    public IngressHandler(IngressSettings settings, CompletionIntake intake, CompletionDecoder decoder) {
        this(settings, intake, decoder, new IngressMetrics(new PrometheusRegistry()));
    }

    /** @param metrics where each answer is counted and timed */
    IngressHandler(IngressSettings settings, CompletionIntake intake, CompletionDecoder decoder,
            IngressMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * @return the answer to {@code request}; never throws for anything a client sends
     */
    IngressResponse handle(IngressRequest request) {
        long start = System.nanoTime();
        IngressResponse answer = answer(request);
        metrics.answered(answer.status(), System.nanoTime() - start);
        return answer;
    }

    private IngressResponse answer(IngressRequest request) {
        try {
            return handleChecked(request);
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure while handling a pushed completion", e);
            return problem(ProblemType.INTERNAL_ERROR, "The completion could not be handled because of a fault "
                    + "on Jobhook's side, which is logged; it may or may not have been accepted: resend it with the "
                    + "same Idempotency-Key", List.of(), 0, Map.of());
        }
    }

    private IngressResponse handleChecked(IngressRequest request) {
        if (!"POST".equals(request.method())) {
            return problem(ProblemType.METHOD_NOT_ALLOWED, "Completions are pushed with POST, not "
                    + FieldError.echo(request.method()), List.of(), 0, Map.of("Allow", "POST"));
        }
        for (String name : ONCE_ONLY) {
            int times = request.headers(name).size();
            if (times > 1) {
                return problem(ProblemType.INVALID_HEADER, "The " + name + " header must be sent once, not " + times
                        + " times", List.of(new FieldError(name, null, "sent " + times + " times; send it once")), 1,
                        Map.of());
            }
        }
        IngressResponse unauthorized = authenticate(request.header(AUTHORIZATION), request.clientSubject());
        if (unauthorized != null) {
            return unauthorized;
        }
        String contentType = request.header(CONTENT_TYPE);
        if (!isJsonUtf8(contentType)) {
            return problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "A completion is sent as application/json in UTF-8",
                    List.of(new FieldError(CONTENT_TYPE, FieldError.echo(contentType),
                            contentType == null ? "is required: application/json"
                                    : "must be application/json (charset, if given, utf-8)")), 1, Map.of());
        }
        IngressResponse encoded = checkCodings(request);
        if (encoded != null) {
            return encoded;
        }
        String key = request.header(IDEMPOTENCY_KEY);
        if (key != null) {
            String wrong = checkIdempotencyKey(key);
            if (wrong != null) {
                return problem(ProblemType.INVALID_IDEMPOTENCY_KEY, "The Idempotency-Key header " + wrong,
                        List.of(new FieldError(IDEMPOTENCY_KEY, FieldError.echo(key), wrong)), 1, Map.of());
            }
        }
        int max = settings.maxBodyBytes();
        long declared = request.contentLength();
        if (declared > max) {
            return tooLarge(declared + " bytes declared by Content-Length");
        }
        byte[] body;
        try (InputStream in = request.body()) {
            body = in.readNBytes(max + 1);
        } catch (IOException e) {
            LOG.debug("Could not read a pushed body: {}", e.toString());
            return problem(ProblemType.INVALID_COMPLETION, "The body could not be read", List.of(
                    new FieldError(CompletionDecoder.BODY, null, "could not be read to its end")), 1, Map.of());
        }
        if (body.length > max) {
            return tooLarge("more than " + max + " bytes sent");
        }
        CompletionDecoder.Decoded decoded = decoder.decode(body);
        if (!decoded.ok()) {
            return invalid(decoded);
        }
        Idempotency idempotency = key == null ? null
                : new Idempotency(key, HexFormat.of().formatHex(BearerTokens.sha256(body)), settings.idempotencyTtl());
        return offer(decoded.context(), idempotency);
    }

    @SuppressWarnings("try") // the MDC entries are scopes, not read in the body
    private IngressResponse offer(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency) {
        Acceptance acceptance;
        try (MDC.MDCCloseable e = MDC.putCloseable("eventId", context.eventId().toString());
                MDC.MDCCloseable j = MDC.putCloseable("jobId", context.jobId().toString());
                MDC.MDCCloseable t = MDC.putCloseable("jobType", context.jobType())) {
            acceptance = intake.accept(context, idempotency);
        } catch (JournalUnavailableException e) {
            long seconds = retryAfterSeconds(e.retryAfter());
            LOG.warn("Pushed completion (JobId {}) refused for now, the journal cannot accept it: {}", context.jobId(),
                    e.getMessage());
            return problem(ProblemType.JOURNAL_UNAVAILABLE, "The journal cannot accept completions now and "
                    + "nothing was stored; send it again in " + seconds + " s", List.of(), 0,
                    Map.of("Retry-After", Long.toString(seconds)));
        }
        if (acceptance == null) {
            throw new IllegalStateException("The completion intake returned no acceptance");
        }
        switch (acceptance.status()) {
            case ACCEPTED:
                LOG.debug("Accepted completion {} (JobId {}, JobType {})", acceptance.eventId(), context.jobId(),
                        context.jobType());
                return accepted(acceptance);
            case DUPLICATE:
                LOG.debug("Resend of completion {} (JobId {}, JobType {}) answered with its first event id",
                        acceptance.eventId(), context.jobId(), context.jobType());
                return accepted(acceptance);
            case CONFLICT:
                LOG.debug("Idempotency-Key of completion {} reused with another body (JobId {})", acceptance.eventId(),
                        context.jobId());
                return problem(ProblemType.IDEMPOTENCY_CONFLICT, "This Idempotency-Key was sent before with another "
                        + "body; use a new key for a new completion", List.of(), 0, Map.of());
            default:
                throw new IllegalStateException("Unknown acceptance status " + acceptance.status());
        }
    }

    private IngressResponse accepted(Acceptance acceptance) {
        ObjectNode body = json.createObjectNode().put("eventId", acceptance.eventId().toString());
        return new IngressResponse(202, Map.of("Location", IngressSettings.EVENTS_PATH + acceptance.eventId()),
                IngressResponse.JSON, bytes(body));
    }

    /**
     * A push needs a listed client certificate when {@code clientSubjects} is set, a configured token when
     * {@code .tokens} is, both when both are, and is refused when neither is.
     *
     * @return null when the push is authenticated, else the 401
     */
    private IngressResponse authenticate(String authorization, X500Principal subject) {
        boolean certificates = !settings.clientSubjects().isEmpty();
        if (certificates && (subject == null || !settings.clientSubjects().contains(subject))) {
            LOG.debug("Push refused: client certificate {} is not one of clientSubjects", subject);
            return problem(ProblemType.UNAUTHORIZED, subject == null
                    ? "A client certificate is required: push over HTTPS with one whose subject is listed in clientSubjects"
                    : "The client certificate's subject " + FieldError.echo(subject.getName()) + " is not accepted",
                    List.of(), 0, Map.of());
        }
        if (certificates && settings.tokens().count() == 0) {
            return null;
        }
        if (authorization == null || authorization.isBlank()) {
            return problem(ProblemType.UNAUTHORIZED, "A bearer token is required: Authorization: Bearer <token>",
                    List.of(), 0, Map.of("WWW-Authenticate", "Bearer realm=\"jobhook\""));
        }
        String presented = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : null;
        if (!settings.tokens().matches(presented)) {
            LOG.debug("Push refused: the bearer token is missing or not accepted");
            return problem(ProblemType.UNAUTHORIZED, "The bearer token is not accepted", List.of(), 0,
                    Map.of("WWW-Authenticate", "Bearer realm=\"jobhook\", error=\"invalid_token\""));
        }
        return null;
    }

    /** {@code application/json}, with parameters; a {@code charset} parameter must say UTF-8. */
    static boolean isJsonUtf8(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String charset = param.substring(eq + 1).strip();
                if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
                    charset = charset.substring(1, charset.length() - 1);
                }
                String c = charset.toLowerCase(Locale.ROOT);
                if (!c.equals("utf-8") && !c.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A body is read as sent: the HTTP server takes {@code chunked} off, but it does not undo any other transfer
     * coding, nor a content coding; reading such a body as the JSON would take what the client declared encoded
     * (and meant otherwise) for the completion.
     *
     * @return the 415 for a {@code Content-Encoding} other than {@code identity} or a {@code Transfer-Encoding}
     *         other than {@code chunked}, or null
     */
    private IngressResponse checkCodings(IngressRequest request) {
        String content = request.header(CONTENT_ENCODING);
        String field = null;
        String value = null;
        if (content != null && !onlyCodings(content, "identity")) {
            field = CONTENT_ENCODING;
            value = content;
        } else {
            String transfer = request.header(TRANSFER_ENCODING);
            if (transfer != null && !onlyCodings(transfer, "chunked")) {
                field = TRANSFER_ENCODING;
                value = transfer;
            }
        }
        if (field == null) {
            return null;
        }
        return problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "A completion is sent as it is: no content coding, no "
                + "transfer coding but chunked", List.of(new FieldError(field, FieldError.echo(value),
                        "is not supported: send the JSON itself" + (field.equals(CONTENT_ENCODING)
                                ? " (identity)" : " (chunked, if any)"))), 1, Map.of());
    }

    /** @return whether every coding in the comma-separated {@code codings} is {@code allowed} (any case) */
    private static boolean onlyCodings(String codings, String allowed) {
        for (String coding : codings.split(",", -1)) {
            if (!coding.strip().equalsIgnoreCase(allowed)) {
                return false;
            }
        }
        return true;
    }

    /** @return what is wrong with the key, or null: 1 to 200 printable ASCII characters */
    static String checkIdempotencyKey(String key) {
        if (key.isEmpty() || key.length() > Idempotency.MAX_KEY_LENGTH) {
            return "must have 1 to " + Idempotency.MAX_KEY_LENGTH + " characters, had " + key.length();
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "must hold printable ASCII characters only, found U+" + String.format("%04X", (int) c)
                        + " at position " + (i + 1);
            }
        }
        return null;
    }

    /** The longest {@code Retry-After} answered: a day. */
    static final long MAX_RETRY_AFTER_SECONDS = 86_400;

    /** @return whole seconds, rounded up, at least 1 (also for none), at most a day */
    static long retryAfterSeconds(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            return 1;
        }
        if (retryAfter.compareTo(Duration.ofSeconds(MAX_RETRY_AFTER_SECONDS)) >= 0) {
            return MAX_RETRY_AFTER_SECONDS;
        }
        long seconds = retryAfter.toSeconds();
        return retryAfter.getNano() > 0 ? seconds + 1 : seconds;
    }

    private IngressResponse tooLarge(String what) {
        int max = settings.maxBodyBytes();
        return problem(ProblemType.BODY_TOO_LARGE, "A completion's body may have at most " + max + " bytes",
                List.of(new FieldError(CompletionDecoder.BODY, what, "is longer than maxBodyBytes (" + max + ")")), 1,
                Map.of());
    }

    private IngressResponse invalid(CompletionDecoder.Decoded decoded) {
        List<FieldError> errors = decoded.errors();
        StringBuilder detail = new StringBuilder();
        if (decoded.errorCount() == 1) {
            detail.append(errors.get(0).field()).append(' ').append(errors.get(0).message());
        } else {
            detail.append(decoded.errorCount()).append(" errors, in ");
            detail.append(String.join(", ", errors.stream().map(FieldError::field).distinct().toList()));
            if (decoded.errorCount() > errors.size()) {
                detail.append(" (the first ").append(errors.size()).append(" are listed)");
            }
        }
        return problem(ProblemType.INVALID_COMPLETION, detail.toString(), errors, decoded.errorCount(), Map.of());
    }

    private IngressResponse problem(ProblemType type, String detail, List<FieldError> errors, int errorCount,
            Map<String, String> headers) {
        ObjectNode doc = Problems.document(type.slug(), type.title(), type.status(), detail);
        if (errorCount > 0) {
            ArrayNode list = doc.putArray("errors");
            for (FieldError e : errors) {
                list.addObject().put("field", e.field()).put("value", e.value()).put("message", e.message());
            }
        }
        return new IngressResponse(type.status(), new LinkedHashMap<>(headers), IngressResponse.PROBLEM_JSON,
                bytes(doc));
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }
}
