package io.jobhook.simulator.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Loopback HTTP calls to a simulator, as Command clients make them. */
final class Http {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final StandaloneSimulator sim;

    Http(StandaloneSimulator sim) {
        this.sim = sim;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String basic() {
        return basic(sim.settings().user(), sim.settings().password());
    }

    HttpRequest.Builder api(String pathAndQuery, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(sim.baseUri().resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("x-keyfactor-requested-with", "APIClient").header("x-keyfactor-api-version", "1")
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(api(pathAndQuery, basic()).GET().build());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(api(path, basic()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> send(HttpRequest req) throws IOException, InterruptedException {
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> control(String method, String what, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(sim.controlUri(what)).timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b.header("Content-Type", "text/plain").build());
    }

    HttpResponse<String> token(String form) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(sim.tokenUri()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    String bearer() throws IOException, InterruptedException {
        HttpResponse<String> r = token("grant_type=client_credentials&client_id=" + sim.settings().clientId()
                + "&client_secret=" + sim.settings().clientSecret());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Token request answered " + r.statusCode());
        }
        return "Bearer " + json(r).get("access_token").asText();
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return MAPPER.readTree(r.body());
    }

    static String enc(String s) {
        return io.jobhook.api.command.Query.percentEncode(s);
    }

    URI base() {
        return sim.baseUri();
    }
}
