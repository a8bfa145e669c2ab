package io.jobhook.command.client.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.api.command.CommandApiException;

/**
 * OAuth 2.0 client credentials grant against an identity provider (Keyfactor's Keycloak-based IdP or any
 * other): the token is cached, fetched again shortly before it expires, and once more when Command
 * rejects it. Thread-safe; concurrent callers share one token request.
 */
final class OAuthClientCredentials implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthClientCredentials.class);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final String audience;
    private final Duration requestTimeout;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    private volatile Token current;

    private record Token(String header, Instant refreshAt) {
    }

    OAuthClientCredentials(HttpClient http, URI tokenUrl, String clientId, String clientSecret, String scope,
            String audience, Duration requestTimeout, Clock clock) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.audience = audience;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    @Override
    public String authorization() {
        Token token = current;
        if (token == null || !clock.instant().isBefore(token.refreshAt())) {
            token = fetch(token);
        }
        return token.header();
    }

    @Override
    public synchronized boolean renewAfterRejection(String rejected) {
        Token token = current;
        if (token != null && token.header().equals(rejected)) {
            current = null;
        }
        return true;
    }

    private synchronized Token fetch(Token seen) {
        Token token = current;
        if (token != seen && token != null && clock.instant().isBefore(token.refreshAt())) {
            return token; // another thread fetched one meanwhile
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        if (scope != null) {
            form.put("scope", scope);
        }
        if (audience != null) {
            form.put("audience", audience);
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        Instant asked = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CommandApiException(CommandApiException.NO_RESPONSE, null, null, "POST", tokenUrl.toString(),
                    "OAuth token request for client '" + clientId + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandApiException(CommandApiException.NO_RESPONSE, null, null, "POST", tokenUrl.toString(),
                    "interrupted while asking for an OAuth token", e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 != 2 || answer == null || !answer.path("access_token").isTextual()) {
            String error = answer == null ? null : textOrNull(answer.get("error"));
            String description = answer == null ? null : textOrNull(answer.get("error_description"));
            throw new CommandApiException(response.statusCode(), error, description, "POST", tokenUrl.toString(),
                    "the identity provider gave no token to client '" + clientId + "'", null);
        }
        long expiresIn = answer.path("expires_in").asLong(300);
        Duration ttl = Duration.ofSeconds(Math.max(1, expiresIn));
        Duration margin = ttl.dividedBy(5).compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : ttl.dividedBy(5);
        Token fresh = new Token("Bearer " + answer.get("access_token").asText(), asked.plus(ttl).minus(margin));
        current = fresh;
        LOG.debug("Obtained an OAuth token for client '{}' valid for {} s", clientId, expiresIn);
        return fresh;
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
