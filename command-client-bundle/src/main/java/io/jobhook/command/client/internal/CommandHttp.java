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
        CommandApiException last = null;
        int attempt = 0;
        while (attempt < retry.maxAttempts) {
            attempt++;
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                break;
            }
            Duration wait;
            try {
                String authorization = authenticator.authorization();
                HttpResponse<String> response = http.send(request(call, authorization, remaining),
                        HttpResponse.BodyHandlers.ofString());
                response.headers().firstValue("X-Keyfactor-Product-Version").ifPresent(productVersion::set);
                CommandResponse answer = new CommandResponse(response.statusCode(), response.headers().map(),
                        response.body());
                int status = answer.status();
                if (status / 100 == 2) {
                    try {
                        return decoder.decode(answer);
                    } catch (IOException e) {
                        last = new CommandApiException(status, null, null, call.method(), call.path(),
                                "the answer is not what Command sends: " + e.getMessage(), e);
                        if (!call.idempotent()) {
                            throw last;
                        }
                        wait = retry.backoff(attempt);
                    }
                } else {
                    last = error(call, answer);
                    if (status == 401 && !renewed && authenticator.renewAfterRejection(authorization)) {
                        renewed = true;
                        attempt--; // a renewed credential is not a failed attempt
                        continue;
                    }
                    boolean refusedUnseen = status == 429 || status == 503;
                    if (!(refusedUnseen || status / 100 == 5 && call.idempotent())) {
                        throw last;
                    }
                    Duration retryAfter = retryAfter(answer);
                    wait = retryAfter != null ? retryAfter : retry.backoff(attempt);
                }
            } catch (IOException e) {
                last = new CommandApiException(CommandApiException.NO_RESPONSE, null, null, call.method(), call.path(), e);
                boolean neverSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                if (!call.idempotent() && !neverSent) {
                    throw new CommandApiException(CommandApiException.NO_RESPONSE, null, null, call.method(),
                            call.path(), "not retried: Command may have acted on it", e);
                }
                wait = retry.backoff(attempt);
            } catch (CommandApiException e) {
                // from the authenticator: an identity provider that is unreachable or failing may recover
                last = e;
                if (e.status() != CommandApiException.NO_RESPONSE && e.status() / 100 != 5 && e.status() != 429) {
                    throw e;
                }
                wait = retry.backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandApiException(CommandApiException.NO_RESPONSE, null, null, call.method(), call.path(),
                        "interrupted", e);
            }
            if (attempt >= retry.maxAttempts) {
                break;
            }
            if (clock.instant().plus(wait).isAfter(deadline)) {
                throw new CommandApiException(last.status(), last.errorCode(), last.keyfactorMessage(), call.method(),
                        call.path(), "gave up after " + attempt + " attempt(s): the next would pass the "
                                + requestTimeout.toMillis() + " ms deadline", last.getCause());
            }
            LOG.debug("{} {} attempt {} failed ({}); retrying in {} ms", call.method(), call.path(), attempt,
                    last.getMessage(), wait.toMillis());
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
        throw new CommandApiException(last.status(), last.errorCode(), last.keyfactorMessage(), call.method(),
                call.path(), "gave up after " + attempt + " attempt(s)", last.getCause());
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

    private static CommandApiException error(Call call, CommandResponse answer) {
        String body = answer.body().strip();
        if (body.isEmpty()) {
            String detail = switch (answer.status()) {
                case 401 -> "no body; Command did not accept the credentials configured in " + ClientSettings.PID;
                case 403 -> "no body; the account lacks the permission this call needs";
                case 404 -> "no body; no such resource";
                default -> "no body";
            };
            return new CommandApiException(answer.status(), null, null, call.method(), call.path(), detail, null);
        }
        JsonNode json = CommandJson.readOrNull(body);
        if (json == null || !json.isObject()) {
            String type = answer.header("Content-Type").orElse("no content type");
            return new CommandApiException(answer.status(), null, null, call.method(), call.path(),
                    "the body is not Keyfactor's JSON error (" + type + "): " + CommandJson.excerpt(body), null);
        }
        String code = CommandJson.text(json, "ErrorCode");
        String message = CommandJson.text(json, "Message");
        if (message == null && json.has("FailedOperations")) {
            message = json.get("FailedOperations").toString();
        }
        return new CommandApiException(answer.status(), code, message, call.method(), call.path(),
                answer.status() == 401 ? "check the credentials configured in " + ClientSettings.PID : null, null);
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
