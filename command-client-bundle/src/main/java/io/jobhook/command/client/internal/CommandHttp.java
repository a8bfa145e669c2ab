package io.jobhook.command.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.CommandResponse;
import io.jobhook.api.command.Query;

/**
 * Sends Command API requests: Keyfactor's headers, authentication, a deadline per call, and retries
 * where they are safe. Thread-safe.
 *
 * <p>Retried: for an idempotent call, any I/O failure, 5xx, 429 and an answer that cannot be decoded;
 * for any call, a connection that was never made, 429 and 503 (Command refused the request unseen). A
 * {@code Retry-After} is honoured; a call never outlives its deadline. A 401 gets one more try with a
 * fresh credential where the authenticator can renew it.
 */
final class CommandHttp {

    private static final Logger LOG = LoggerFactory.getLogger(CommandHttp.class);

    /** Turns a 2xx answer into a value; an IOException means the answer is garbled. */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(CommandResponse response) throws IOException;
    }

    /** Waits between attempts; tests replace it. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One API call. {@code path} is below the base URL and already percent-encoded. */
    record Call(String method, String path, Map<String, String> query, String jsonBody, boolean idempotent) {
        static Call get(String path, Map<String, String> query) {
            return new Call("GET", path, query, null, true);
        }
    }

    private final URI baseUri;
    private final HttpClient http;
    private final Authenticator authenticator;
    private final String apiVersion;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AtomicReference<String> productVersion = new AtomicReference<>();

    CommandHttp(URI baseUri, HttpClient http, Authenticator authenticator, String apiVersion, Duration requestTimeout,
            RetryPolicy retry, Clock clock, Sleeper sleeper) {
        this.baseUri = baseUri;
        this.http = http;
        this.authenticator = authenticator;
        this.apiVersion = apiVersion;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    URI baseUri() {
        return baseUri;
    }

    /** @return the {@code X-Keyfactor-Product-Version} of the last answer, or null before the first */
    String lastProductVersion() {
        return productVersion.get();
    }

    <T> T call(Call call, Decoder<T> decoder) {
        Instant deadline = clock.instant().plus(requestTimeout);
        boolean renewed = false;
        Outcome<T> last = null;
        int attempt = 0;
        while (attempt < retry.maxAttempts) {
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                break;
            }
            attempt++;
            last = attempt(call, decoder, remaining);
            if (last.failure() == null) {
                return last.value();
            }
            if (last.rejectedCredential() != null && !renewed
                    && authenticator.renewAfterRejection(last.rejectedCredential())) {
                renewed = true;
                attempt--; // a renewed credential is not a failed attempt
                continue;
            }
            if (!last.retryable() || attempt >= retry.maxAttempts) {
                break;
            }
            Duration wait = last.retryAfter() != null ? last.retryAfter() : retry.backoff(attempt);
            if (clock.instant().plus(wait).isAfter(deadline)) {
                throw giveUp(call, last, "gave up after " + attempt + " attempt(s): the next would pass the "
                        + requestTimeout.toMillis() + " ms deadline");
            }
            LOG.debug("{} {} attempt {} failed ({}); retrying in {} ms", call.method(), call.path(), attempt,
                    last.failure().getMessage(), wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandApiException(CommandApiException.NO_RESPONSE, null, null, call.method(), call.path(),
                        "interrupted while waiting to retry", e);
            }
        }
        if (last == null) {
            throw new CommandApiException(CommandApiException.NO_RESPONSE, null, null, call.method(), call.path(),
                    "no attempt fitted in the " + requestTimeout.toMillis() + " ms deadline", null);
        }
        if (!last.retryable() || attempt == 1 && retry.maxAttempts == 1) {
            throw last.failure();
        }
        throw giveUp(call, last, "gave up after " + attempt + " attempt(s)");
    }

    /**
     * What one attempt came to: a value, or a failure that may be retried (after {@code retryAfter} if
     * Command said so), or a credential Command rejected.
     */
    private record Outcome<T>(T value, CommandApiException failure, String detail, boolean retryable,
            Duration retryAfter, String rejectedCredential) {
        static <T> Outcome<T> success(T value) {
            return new Outcome<>(value, null, null, false, null, null);
        }

        static <T> Outcome<T> failed(CommandApiException failure, String detail, boolean retryable, Duration retryAfter) {
            return new Outcome<>(null, failure, detail, retryable, retryAfter, null);
        }
    }

    private <T> Outcome<T> attempt(Call call, Decoder<T> decoder, Duration remaining) {
        String authorization;
        try {
            authorization = authenticator.authorization();
        } catch (CommandApiException e) {
            // An identity provider that is unreachable or failing may recover; one that refuses will not.
            boolean transientFailure = e.status() == CommandApiException.NO_RESPONSE || e.status() / 100 == 5
                    || e.status() == 429;
            return Outcome.failed(e, null, transientFailure, null);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request(call, authorization, remaining), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            boolean neverSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
            if (!call.idempotent() && !neverSent) {
                String detail = "not retried: Command may have acted on it";
                return Outcome.failed(new CommandApiException(CommandApiException.NO_RESPONSE, null, null, call.method(),
                        call.path(), detail, e), detail, false, null);
            }
            return Outcome.failed(new CommandApiException(CommandApiException.NO_RESPONSE, null, null, call.method(),
                    call.path(), e), null, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandApiException(CommandApiException.NO_RESPONSE, null, null, call.method(), call.path(),
                    "interrupted", e);
        }
        response.headers().firstValue("X-Keyfactor-Product-Version").ifPresent(productVersion::set);
        CommandResponse answer = new CommandResponse(response.statusCode(), response.headers().map(), response.body());
        int status = answer.status();
        if (status / 100 == 2) {
            try {
                return Outcome.success(decoder.decode(answer));
            } catch (IOException e) {
                // a write that got a 2xx was acted on, whatever the body: say so, as for a lost answer
                String detail = "the answer is not what Command sends: " + e.getMessage()
                        + (call.idempotent() ? "" : "; not retried: Command may have acted on it");
                return Outcome.failed(new CommandApiException(status, null, null, call.method(), call.path(), detail, e),
                        detail, call.idempotent(), null);
            }
        }
        ErrorParts parts = ErrorParts.of(answer);
        CommandApiException failure = new CommandApiException(status, parts.code(), parts.message(), call.method(),
                call.path(), parts.detail(), null);
        if (status == 401) {
            return new Outcome<>(null, failure, parts.detail(), false, null, authorization);
        }
        // 429 and 503: Command refused the request without acting on it, so even a write may go again.
        boolean retryable = status == 429 || status == 503 || status / 100 == 5 && call.idempotent();
        return Outcome.failed(failure, parts.detail(), retryable, retryable ? retryAfter(answer) : null);
    }

    private static CommandApiException giveUp(Call call, Outcome<?> last, String why) {
        CommandApiException f = last.failure();
        String detail = last.detail() == null ? why : last.detail() + "; " + why;
        return new CommandApiException(f.status(), f.errorCode(), f.keyfactorMessage(), call.method(), call.path(),
                detail, f.getCause());
    }

    private HttpRequest request(Call call, String authorization, Duration remaining) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(call))
                .timeout(remaining)
                .header("x-keyfactor-requested-with", "APIClient")
                .header("x-keyfactor-api-version", apiVersion)
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (call.jsonBody() != null) {
            b.header("Content-Type", "application/json");
            b.method(call.method(), HttpRequest.BodyPublishers.ofString(call.jsonBody()));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    URI uri(Call call) {
        String query = call.query() == null || call.query().isEmpty() ? ""
                : call.query().entrySet().stream()
                        .map(e -> Query.percentEncode(e.getKey()) + "=" + Query.percentEncode(e.getValue()))
                        .collect(Collectors.joining("&", "?", ""));
        return URI.create(baseUri.toString() + call.path().substring(1) + query);
    }

    /** Keyfactor's {@code ErrorCode} and {@code Message} of an error answer, and what to add where it has none. */
    private record ErrorParts(String code, String message, String detail) {
        static ErrorParts of(CommandResponse answer) {
            String body = answer.body().strip();
            if (body.isEmpty()) {
                return new ErrorParts(null, null, switch (answer.status()) {
                    case 401 -> "no body; Command did not accept the credentials configured in " + ClientSettings.PID;
                    case 403 -> "no body; the account lacks the permission this call needs";
                    case 404 -> "no body; no such resource";
                    default -> "no body";
                });
            }
            JsonNode json = CommandJson.readOrNull(body);
            if (json == null || !json.isObject()) {
                String type = answer.header("Content-Type").orElse("no content type");
                return new ErrorParts(null, null,
                        "the body is not Keyfactor's JSON error (" + type + "): " + CommandJson.excerpt(body));
            }
            String message = CommandJson.text(json, "Message");
            if (message == null && json.has("FailedOperations")) {
                message = json.get("FailedOperations").toString();
            }
            return new ErrorParts(CommandJson.text(json, "ErrorCode"), message,
                    answer.status() == 401 ? "check the credentials configured in " + ClientSettings.PID : null);
        }
    }

    /** @return the wait a {@code Retry-After} asks for (seconds, or an HTTP date), or null */
    private Duration retryAfter(CommandResponse answer) {
        String value = answer.header("Retry-After").map(String::trim).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
