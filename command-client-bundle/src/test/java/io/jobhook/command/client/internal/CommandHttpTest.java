package io.jobhook.command.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.CustomJobRequest;
import io.jobhook.api.command.PagedQuery;
import io.jobhook.api.command.Query;
import io.jobhook.command.client.internal.ScriptedServer.Answer;
import io.jobhook.testsupport.MutableClock;

/** The client's HTTP behaviour against answers scripted exactly: headers, errors, retries, deadline, OAuth. */
class CommandHttpTest {

    static final UUID AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");

    ScriptedServer server;
    final List<Duration> waits = new ArrayList<>();
    final MutableClock clock = new MutableClock();

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpCommandApi client(Authenticator auth, int maxAttempts, Duration requestTimeout) {
        CommandHttp http = new CommandHttp(server.uri("/KeyfactorAPI/"), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), auth, "1",
                requestTimeout, new RetryPolicy(maxAttempts, Duration.ofMillis(10), Duration.ofMillis(40), () -> 0.5),
                clock, d -> {
                    waits.add(d);
                    clock.advance(d);
                });
        return new HttpCommandApi(http);
    }

    HttpCommandApi basicClient() {
        return client(Authenticator.basic("KFTRAIN\\svc", "pw:with:colons"), 4, Duration.ofSeconds(30));
    }

    @Test
    void sendsKeyfactorsHeadersAndBasicCredentialsOfDomainUser() {
        basicClient().jobHistory(PagedQuery.where(Query.field("JobID").eq(AGENT)));

        ScriptedServer.Seen request = server.seen.get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/KeyfactorAPI/OrchestratorJobs/JobHistory");
        assertThat(request.query()).isEqualTo("QueryString=JobID%20-eq%20%22" + AGENT + "%22&PageReturned=1&ReturnLimit=50");
        assertThat(request.header("x-keyfactor-requested-with")).isEqualTo("APIClient");
        assertThat(request.header("x-keyfactor-api-version")).isEqualTo("1");
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(new String(Base64.getDecoder().decode(request.header("Authorization").substring(6)),
                StandardCharsets.UTF_8)).isEqualTo("KFTRAIN\\svc:pw:with:colons");
    }

    @Test
    void aBodiless401SaysToCheckTheCredentialsAndIsNotRetried() {
        server.then(new Answer(401, Map.of(), ""));
        assertThatThrownBy(() -> basicClient().agents(PagedQuery.all()))
                .isInstanceOf(CommandApiException.class)
                .hasMessage("Command API GET /Agents answered 401: no body; Command did not accept the credentials "
                        + "configured in io.jobhook.command")
                .hasMessageNotContaining("pw:with:colons");
        assertThat(server.seen).hasSize(1);
    }

    @Test
    void keyfactorsErrorIsCarriedWholeAndA400IsNotRetried() {
        server.then(Answer.json(400, "{\"ErrorCode\":\"0xA011004A\",\"Message\":\"Invalid sort field: Nope\"}"));
        assertThatThrownBy(() -> basicClient().jobHistory(PagedQuery.all().sortBy("Nope", true)))
                .isInstanceOfSatisfying(CommandApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("0xA011004A");
                    assertThat(e.keyfactorMessage()).isEqualTo("Invalid sort field: Nope");
                    assertThat(e.method()).isEqualTo("GET");
                    assertThat(e.path()).isEqualTo("/OrchestratorJobs/JobHistory");
                });
        assertThat(server.seen).hasSize(1);
    }

    @Test
    void anHtmlErrorPageIsNamedAsSuchAndAReadIsRetriedUntilItsAttemptsRunOut() {
        server.otherwise(new Answer(500, Map.of("Content-Type", "text/html"), "<html><body>Server Error in '/' Application</body></html>"));
        assertThatThrownBy(() -> basicClient().agents(PagedQuery.all()))
                .hasMessageContaining("answered 500")
                .hasMessageContaining("the body is not Keyfactor's JSON error (text/html): <html><body>Server Error")
                .hasMessageContaining("gave up after 4 attempt(s)");
        assertThat(server.seen).hasSize(4);
        assertThat(waits).containsExactly(Duration.ofMillis(7), Duration.ofMillis(15), Duration.ofMillis(30));
    }

    @Test
    void honoursRetryAfterOn503AndSucceeds() {
        server.then(new Answer(503, Map.of("Retry-After", "2"), "")).then(Answer.json(200, "[]"));
        assertThat(basicClient().agents(PagedQuery.all())).isEmpty();
        assertThat(server.seen).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aRetryAfterBeyondTheDeadlineFailsAtOnce() {
        server.then(new Answer(429, Map.of("Retry-After", "60"), ""));
        assertThatThrownBy(() -> client(Authenticator.none(), 4, Duration.ofSeconds(5)).agents(PagedQuery.all()))
                .hasMessageContaining("answered 429")
                .hasMessageContaining("the next would pass the 5000 ms deadline");
        assertThat(server.seen).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aCustomJobIsRetriedWhenCommandRefusedItUnseenButNeverAfterA500() {
        String scheduled = "{\"JobId\":\"" + UUID.randomUUID() + "\",\"OrchestratorId\":\"" + AGENT
                + "\",\"JobTypeName\":\"RestartService\",\"Schedule\":{\"Immediate\":true},\"JobFields\":[]}";
        server.then(new Answer(503, Map.of("Retry-After", "0"), "")).then(Answer.json(200, scheduled));
        assertThat(basicClient().scheduleCustomJob(CustomJobRequest.immediate(AGENT, "RestartService")).orchestratorId())
                .isEqualTo(AGENT);
        assertThat(server.seen("/OrchestratorJobs/Custom")).hasSize(2);

        server.seen.clear();
        server.then(Answer.json(500, "{\"ErrorCode\":\"0xA0110001\",\"Message\":\"Unexpected\"}"));
        assertThatThrownBy(() -> basicClient().scheduleCustomJob(CustomJobRequest.immediate(AGENT, "RestartService")))
                .hasMessageContaining("answered 500 (0xA0110001): Unexpected");
        assertThat(server.seen).hasSize(1);
    }

    @Test
    void aGarbledAnswerToAReadIsRetriedAndToAWriteIsReported() {
        server.then(Answer.json(200, "[{\"AgentId\":")).then(Answer.json(200, "[]"));
        assertThat(basicClient().agents(PagedQuery.all())).isEmpty();
        assertThat(server.seen).hasSize(2);

        server.then(Answer.json(200, "{\"JobId\":"));
        assertThatThrownBy(() -> basicClient().scheduleCustomJob(CustomJobRequest.immediate(AGENT, "RestartService")))
                .hasMessageContaining("answered 200: the answer is not what Command sends: not valid JSON")
                .hasMessageContaining("not retried: Command may have acted on it");
        assertThat(server.seen).hasSize(3);
    }

    @Test
    void aRefusedConnectionIsRetriedThenReportedAsNoAnswer() throws IOException {
        URI closed;
        try (ScriptedServer gone = new ScriptedServer()) {
            closed = gone.uri("/KeyfactorAPI/");
        }
        CommandHttp http = new CommandHttp(closed, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), Authenticator.none(), "1",
                Duration.ofSeconds(30), new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), () -> 0), clock,
                d -> waits.add(d));
        assertThatThrownBy(() -> new HttpCommandApi(http).agents(PagedQuery.all()))
                .isInstanceOfSatisfying(CommandApiException.class,
                        e -> assertThat(e.status()).isEqualTo(CommandApiException.NO_RESPONSE))
                .hasMessageContaining("got no answer: ConnectException")
                .hasMessageContaining("gave up after 3 attempt(s)");
        assertThat(waits).hasSize(2);
    }

    @Test
    void notFoundIsEmptyForLookupsById() {
        server.then(Answer.json(404, "{\"ErrorCode\":\"0xA0110009\",\"Message\":\"Agent not found\"}"));
        assertThat(basicClient().agent(AGENT)).isEmpty();
        server.then(new Answer(404, Map.of(), ""));
        assertThat(basicClient().certificate(14)).isEmpty();
        assertThat(server.seen.get(1).query()).isEqualTo("includeLocations=true&includeMetadata=true");
    }

    @Test
    void storeTypeByNameEncodesTheNameAndTakesTheArraysOnlyElement() {
        server.then(Answer.json(200, "[{\"ShortName\":\"My Type\",\"InventoryJobType\":\"49b3a17d-cada-4ec8-84c6-7719bf5beef3\"}]"))
                .then(Answer.json(200, "[]"));
        assertThat(basicClient().storeTypeByName("My Type")).hasValueSatisfying(t -> assertThat(t.shortName()).isEqualTo("My Type"));
        assertThat(server.seen.get(0).path()).isEqualTo("/KeyfactorAPI/CertificateStoreTypes/Name/My Type");
        assertThat(basicClient().storeTypeByName("Nothing")).isEmpty();
    }

    @Test
    void productVersionComesFromTheLastAnswerOrAProbe() {
        server.otherwise(new Answer(200, Map.of("X-Keyfactor-Product-Version", "11.2.0.0", "Content-Type", "application/json"), "[]"));
        HttpCommandApi api = basicClient();
        assertThat(api.productVersion()).isEqualTo("11.2.0.0");
        assertThat(server.seen.get(0).path()).isEqualTo("/KeyfactorAPI/Status/Endpoints");
        api.agents(PagedQuery.all());
        api.productVersion();
        assertThat(server.seen).hasSize(2);
    }

    @Test
    void oauthTokenIsCachedRefreshedBeforeExpiryAndRenewedOnceOnA401() throws IOException {
        server.otherwise(Answer.json(200, "[]"));
        List<String> issued = new ArrayList<>();
        try (ScriptedServer idp = new ScriptedServer()) {
            for (int i = 1; i <= 3; i++) {
                idp.then(Answer.json(200, "{\"access_token\":\"token-" + i + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
            }
            OAuthClientCredentials oauth = new OAuthClientCredentials(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    idp.uri("/realms/Keyfactor/protocol/openid-connect/token"), "jobhook", "client-s3cret", "scope-a",
                    null, Duration.ofSeconds(5), clock);
            HttpCommandApi api = client(oauth, 4, Duration.ofSeconds(30));

            api.agents(PagedQuery.all());
            api.agents(PagedQuery.all());
            assertThat(idp.seen).hasSize(1);
            assertThat(idp.seen.get(0).body()).isEqualTo(
                    "grant_type=client_credentials&client_id=jobhook&client_secret=client-s3cret&scope=scope-a");

            clock.advance(Duration.ofSeconds(241)); // within a minute of expiry: fetched afresh
            api.agents(PagedQuery.all());
            assertThat(idp.seen).hasSize(2);

            server.then(new Answer(401, Map.of(), "")); // Command no longer takes token-2
            api.agents(PagedQuery.all());
            assertThat(idp.seen).hasSize(3);
            server.seen.forEach(s -> issued.add(s.header("Authorization")));
        }
        assertThat(issued).containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2", "Bearer token-2",
                "Bearer token-3");
    }

    @Test
    void aRefusingIdentityProviderIsReportedWithoutTheSecret() throws IOException {
        try (ScriptedServer idp = new ScriptedServer()) {
            idp.then(Answer.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client credentials\"}"));
            OAuthClientCredentials oauth = new OAuthClientCredentials(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    idp.uri("/token"), "jobhook", "client-s3cret", null, null, Duration.ofSeconds(5), clock);
            assertThatThrownBy(() -> client(oauth, 4, Duration.ofSeconds(30)).agents(PagedQuery.all()))
                    .hasMessageContaining("answered 401 (invalid_client): Invalid client credentials")
                    .hasMessageContaining("client 'jobhook'")
                    .hasMessageNotContaining("client-s3cret");
            assertThat(idp.seen).hasSize(1);
            assertThat(server.seen).isEmpty();
        }
    }

    @Test
    void anInterruptedWaitStopsTheCallAndKeepsTheInterrupt() {
        server.otherwise(new Answer(503, Map.of(), ""));
        CommandHttp http = new CommandHttp(server.uri("/KeyfactorAPI/"), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), Authenticator.none(),
                "1", Duration.ofSeconds(30), new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Math::random), Clock.systemUTC(), d -> {
                    throw new InterruptedException();
                });
        try {
            assertThatThrownBy(() -> new HttpCommandApi(http).agents(PagedQuery.all()))
                    .hasMessageContaining("interrupted while waiting to retry");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
