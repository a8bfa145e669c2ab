package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.jobhook.testsupport.MutableClock;

class AuthHttpTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T10:00:00Z"));

    private StandaloneSimulator start(SimulatorSettings s) throws Exception {
        return StandaloneSimulator.start(0, s.withJobIntervalSeconds(0), clock);
    }

    @Test
    void withoutCredentialsTheAnswerIs401OfferingBothSchemes() throws Exception {
        try (StandaloneSimulator sim = start(SimulatorSettings.defaults())) {
            Http http = new Http(sim);
            HttpResponse<String> r = http.send(http.api("Agents", null).build());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).isEmpty();
            assertThat(r.headers().allValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Basic"))
                    .anyMatch(v -> v.startsWith("Bearer"));
            assertThat(http.send(http.api("Agents", Http.basic("KFTRAIN\\svc", "wrong")).build()).statusCode())
                    .isEqualTo(401);
            assertThat(http.send(http.api("Agents", Http.basic("kftrain\\SVC", sim.settings().password())).build())
                    .statusCode()).as("user names ignore case, as Windows").isEqualTo(200);
        }
    }

    @Test
    void configuredUsersReplaceTheGeneratedOne() throws Exception {
        try (StandaloneSimulator sim = start(SimulatorSettings.defaults().withUser("LAB\\ops", "s3cret"))) {
            Http http = new Http(sim);
            assertThat(http.send(http.api("Agents", Http.basic("LAB\\ops", "s3cret")).build()).statusCode())
                    .isEqualTo(200);
            assertThat(sim.settings().users()).containsOnlyKeys("LAB\\ops");
        }
    }

    @Test
    void clientCredentialsGiveExpiringBearerTokens() throws Exception {
        try (StandaloneSimulator sim = start(SimulatorSettings.defaults().withTokenTtlSeconds(60))) {
            Http http = new Http(sim);
            HttpResponse<String> t = http.token("grant_type=client_credentials&client_id=jobhook&client_secret="
                    + sim.settings().clientSecret() + "&scope=api&audience=command");
            assertThat(t.statusCode()).isEqualTo(200);
            JsonNode token = Http.json(t);
            assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(token.get("expires_in").asInt()).isEqualTo(60);
            String bearer = "Bearer " + token.get("access_token").asText();
            assertThat(http.send(http.api("Agents", bearer).build()).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(60));
            HttpResponse<String> expired = http.send(http.api("Agents", bearer).build());
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(expired.headers().allValues("WWW-Authenticate")).anyMatch(v -> v.contains("invalid_token"));
            assertThat(http.send(http.api("Agents", http.bearer()).build()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void clientCredentialsMayComeInABasicHeader() throws Exception {
        try (StandaloneSimulator sim = start(SimulatorSettings.defaults().withClient("svc-client", "pa:ss"))) {
            Http http = new Http(sim);
            HttpResponse<String> t = http.send(HttpRequest.newBuilder(sim.tokenUri())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", Http.basic("svc-client", "pa%3Ass"))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
            assertThat(t.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void badTokenRequestsAreRefusedWithOAuthErrors() throws Exception {
        try (StandaloneSimulator sim = start(SimulatorSettings.defaults())) {
            Http http = new Http(sim);
            HttpResponse<String> wrong = http.token("grant_type=client_credentials&client_id=jobhook&client_secret=no");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(Http.json(wrong).get("error").asText()).isEqualTo("invalid_client");
            assertThat(wrong.body()).doesNotContain(sim.settings().clientSecret());
            HttpResponse<String> grant = http.token("grant_type=password&client_id=jobhook&client_secret=x");
            assertThat(Http.json(grant).get("error").asText()).isEqualTo("unsupported_grant_type");
            assertThat(http.send(HttpRequest.newBuilder(sim.tokenUri()).GET().build()).statusCode()).isEqualTo(405);
            assertThat(http.send(http.api("Agents", "Bearer made-up").build()).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void basicOnlyRefusesBearerAndHasNoTokenEndpoint() throws Exception {
        try (StandaloneSimulator sim = start(SimulatorSettings.defaults().withAuth(EnumSet.of(AuthScheme.BASIC)))) {
            Http http = new Http(sim);
            assertThat(http.token("grant_type=client_credentials&client_id=jobhook&client_secret="
                    + sim.settings().clientSecret()).statusCode()).isEqualTo(404);
            HttpResponse<String> r = http.send(http.api("Agents", null).build());
            assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"Keyfactor\"");
            assertThat(http.get("Agents").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void oauthOnlyRefusesBasic() throws Exception {
        try (StandaloneSimulator sim = start(SimulatorSettings.defaults().withAuth(EnumSet.of(AuthScheme.OAUTH)))) {
            Http http = new Http(sim);
            assertThat(http.get("Agents").statusCode()).isEqualTo(401);
            assertThat(http.send(http.api("Agents", http.bearer()).build()).statusCode()).isEqualTo(200);
        }
    }
}
