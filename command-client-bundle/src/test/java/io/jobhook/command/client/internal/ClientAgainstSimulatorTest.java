package io.jobhook.command.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jobhook.api.JobKind;
import io.jobhook.api.JobResult;
import io.jobhook.api.command.Agent;
import io.jobhook.api.command.Certificate;
import io.jobhook.api.command.CertificateStore;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.CommandRequest;
import io.jobhook.api.command.CommandResponse;
import io.jobhook.api.command.CustomJobRequest;
import io.jobhook.api.command.JobAuditSelection;
import io.jobhook.api.command.JobHistoryEntry;
import io.jobhook.api.command.JobHistoryStatus;
import io.jobhook.api.command.PagedQuery;
import io.jobhook.api.command.Query;
import io.jobhook.api.command.Schedule;
import io.jobhook.api.command.ScheduledCustomJob;
import io.jobhook.api.command.ScheduledJob;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJob;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.simulator.SimulatedCommand;
import io.jobhook.testsupport.MutableClock;
import io.jobhook.testsupport.SharedData;

/** Every typed operation, paging, each auth mode and each fault kind, over real loopback HTTP. */
class ClientAgainstSimulatorTest {

    static final UUID SAMPLE_AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");
    static final UUID INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
    static final UUID MANAGEMENT = UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973");
    static final UUID REENROLLMENT = UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61");

    final MutableClock clock = new MutableClock();
    final java.util.List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
    SimulatedCommand sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatedCommand.builder().user("KFTRAIN\\svc", "sim-password").oauthClient("jobhook", "sim-client-secret")
                .faults("retryAfterSeconds=0").clock(clock).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    HttpCommandApi client(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("url", sim.baseUri().toString());
        p.put("username", "KFTRAIN\\svc");
        p.put(".password", "sim-password");
        p.putAll(extra);
        return HttpCommandApi.create(ClientSettings.from(ClientSettingsTest.config(p)), clock,
                new RetryPolicy(4, Duration.ofMillis(2), Duration.ofMillis(10), () -> 0.5), waits::add);
    }

    HttpCommandApi basic() {
        return client(Map.of());
    }

    HttpCommandApi oauth() {
        return client(Map.of("auth", "oauth", "tokenUrl", sim.tokenUri().toString(), "clientId", "jobhook",
                ".clientSecret", "sim-client-secret"));
    }

    // ---- every typed operation -----------------------------------------------------------------

    @Test
    void storeTypeByNameCarriesTheSamplesGuids() {
        CertificateStoreType winCert = basic().storeTypeByName("wincert").orElseThrow();
        assertThat(winCert.shortName()).isEqualTo("WinCert");
        assertThat(winCert.jobTypeIds()).containsExactly(Map.entry(JobKind.INVENTORY, INVENTORY),
                Map.entry(JobKind.MANAGEMENT, MANAGEMENT), Map.entry(JobKind.REENROLLMENT, REENROLLMENT));
        assertThat(basic().storeTypeByName("NoSuchType")).isEmpty();
    }

    @Test
    void storeTypesListsEveryTypeOfTheInstance() {
        assertThat(basic().storeTypes()).extracting(CertificateStoreType::shortName)
                .containsExactlyInAnyOrderElementsOf(sim.storeTypeNames());
    }

    @Test
    void allFiftySixDefinitionsAreServedAndDecodedWithTheirGuids() throws IOException {
        sim.close();
        sim = SimulatedCommand.builder().user("KFTRAIN\\svc", "sim-password")
                .storeTypesFile(SharedData.file("store-types.kfutil.json")).clock(clock).start();
        List<CertificateStoreType> types = basic().storeTypes();

        assertThat(types).hasSize(56);
        assertThat(types).allSatisfy(t -> {
            assertThat(t.inventoryJobType()).as("%s inventory", t.shortName()).isNotNull();
            assertThat(t.managementJobType() != null).as("%s management", t.shortName())
                    .isEqualTo(t.supportedOperations().management());
            assertThat(t.discoveryJobType() != null).as("%s discovery", t.shortName())
                    .isEqualTo(t.supportedOperations().discovery());
            assertThat(t.enrollmentJobType() != null).as("%s enrollment", t.shortName())
                    .isEqualTo(t.supportedOperations().enrollment());
        });
        assertThat(types.stream().flatMap(t -> t.jobTypeIds().values().stream()).distinct().count())
                .as("GUIDs are unique").isEqualTo(types.stream().mapToLong(t -> t.jobTypeIds().size()).sum());
    }

    @Test
    void jobHistoryServesTheCapturedSampleAsItWasCaptured() {
        sim.addSampleHistory();
        List<JobHistoryEntry> rows = basic().jobHistory(PagedQuery.where(
                Query.field("JobID").eq(UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a"))).sortBy("JobHistoryId", true));

        assertThat(rows).extracting(JobHistoryEntry::jobHistoryId).containsExactly(2168L, 2169L, 2170L, 2171L);
        JobHistoryEntry first = rows.get(0);
        assertThat(first.agentMachine()).isEqualTo("orchestrator.kftrain.lab");
        assertThat(first.schedule()).isEqualTo(new Schedule.Interval(1));
        assertThat(first.jobType()).isEqualTo("WinCertInventory");
        assertThat(first.operationStart()).isEqualTo(Instant.parse("2023-05-06T00:27:00Z"));
        assertThat(first.result()).isEqualTo(JobResult.SUCCESS);
        assertThat(first.status()).isEqualTo(JobHistoryStatus.COMPLETED);
        assertThat(first.storePath()).isEqualTo("My");
        assertThat(first.clientMachine()).isEqualTo("iistarget.kftrain.lab");
        assertThat(rows.get(3).operationEnd()).isNull();
        assertThat(rows.get(3).status()).isEqualTo(JobHistoryStatus.IN_PROCESS);
    }

    @Test
    void jobHistoryFiltersOnResultAndStatusCodes() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        sim.addJobHistory(SimJobResult.FAILURE, SimHistoryStatus.COMPLETED_WILL_RETRY, start, "boom");
        sim.addJobHistory(SimJobResult.SUCCESS, SimHistoryStatus.COMPLETED, start, "");
        List<JobHistoryEntry> failed = basic().jobHistory(PagedQuery.where(Query.field("Result").eq(JobResult.FAILURE)
                .and(Query.field("Status").eq(JobHistoryStatus.COMPLETED_WILL_RETRY))));
        assertThat(failed).singleElement().satisfies(r -> assertThat(r.message()).isEqualTo("boom"));
    }

    @Test
    void pagingReadsEveryRowOncePageByPage() {
        sim.addJobHistory(250, Instant.parse("2026-01-01T00:00:00Z"));
        int total = sim.jobHistory().size();

        List<Long> ids = PagedQuery.all().limit(100).sortBy("JobHistoryId", true).stream(basic()::jobHistory)
                .map(JobHistoryEntry::jobHistoryId).toList();

        assertThat(ids).hasSize(total).doesNotHaveDuplicates().isSorted();
        assertThat(sim.requestCount("/OrchestratorJobs/JobHistory")).isEqualTo(total / 100 + 1);
    }

    @Test
    void anInvalidSortFieldIsKeyfactorsError() {
        assertThatThrownBy(() -> basic().jobHistory(PagedQuery.all().sortBy("NoSuchField", true)))
                .isInstanceOfSatisfying(CommandApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("0xA011004A");
                    assertThat(e.keyfactorMessage()).contains("NoSuchField");
                });
    }

    @Test
    void scheduledJobsIncludeTheInventoryOfTheSampleStore() {
        List<ScheduledJob> jobs = basic().scheduledJobs(PagedQuery.where(Query.field("JobType").eq("WinCertInventory")));
        assertThat(jobs).extracting(ScheduledJob::id).contains(UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a"));
    }

    @Test
    void aCustomJobIsScheduledRunAndItsDataRead() {
        ScheduledCustomJob job = basic().scheduleCustomJob(new CustomJobRequest(SAMPLE_AGENT, "RestartService", null,
                Map.of("ServiceName", "W3SVC")));
        assertThat(job.orchestratorId()).isEqualTo(SAMPLE_AGENT);
        assertThat(job.jobTypeName()).isEqualTo("RestartService");
        assertThat(job.jobFields()).containsEntry("ServiceName", "W3SVC");
        SimJob scheduled = sim.job(job.jobId()).orElseThrow();
        assertThat(scheduled.jobFields()).containsEntry("ServiceName", "W3SVC");

        sim.runDueJobs(clock.instant().plusSeconds(1));
        long runId = basic().jobHistory(PagedQuery.where(Query.field("JobId").eq(job.jobId()))).get(0).jobHistoryId();
        assertThat(basic().jobStatusData(runId)).hasValueSatisfying(d -> assertThat(d.jobHistoryId()).isEqualTo(runId));
        assertThat(basic().jobStatusData(987654321L)).isEmpty();
    }

    @Test
    void customJobTypesAgentsCertificatesAndStoresAreRead() {
        assertThat(basic().customJobTypes()).anySatisfy(t -> {
            assertThat(t.jobTypeName()).isEqualTo("RestartService");
            assertThat(t.jobTypeFields()).isNotEmpty();
        });

        List<Agent> agents = basic().agents(PagedQuery.all());
        assertThat(agents).extracting(Agent::agentId).contains(SAMPLE_AGENT);
        Agent agent = basic().agent(SAMPLE_AGENT).orElseThrow();
        assertThat(agent.clientMachine()).isEqualTo("orchestrator.kftrain.lab");
        assertThat(agent.username()).isEqualTo("KFTRAIN\\SVC_Orchestrator");
        assertThat(agent.approved()).isTrue();
        assertThat(basic().agent(UUID.randomUUID())).isEmpty();

        Certificate certificate = basic().certificate(11).orElseThrow();
        assertThat(certificate.id()).isEqualTo(11);
        assertThat(certificate.thumbprint()).isNotBlank();
        assertThat(basic().certificate(999999)).isEmpty();

        CertificateStore read = basic().certificateStore(sim.defaultStoreId()).orElseThrow();
        assertThat(read.storePath()).isEqualTo("My");
        assertThat(read.clientMachine()).isEqualTo("iistarget.kftrain.lab");
        assertThat(read.agentId()).isEqualTo(SAMPLE_AGENT);
        assertThat(basic().certificateStore(UUID.randomUUID())).isEmpty();
    }

    @Test
    void acknowledgeAndRescheduleChangeTheRows() {
        long failed = sim.addJobHistory(SimJobResult.FAILURE, SimHistoryStatus.COMPLETED,
                Instant.parse("2026-01-01T00:00:00Z"), "boom").jobHistoryId();
        basic().acknowledgeJobs(JobAuditSelection.ofIds(failed));
        assertThat(sim.jobHistoryRow(failed).orElseThrow().status()).isEqualTo(SimHistoryStatus.ACKNOWLEDGED);
        basic().rescheduleJobs(JobAuditSelection.ofIds(failed));
        assertThat(sim.requestCount("/OrchestratorJobs/Reschedule")).isEqualTo(1);
    }

    @Test
    void productVersionAndARawRequest() {
        HttpCommandApi api = basic();
        assertThat(api.productVersion()).matches("\\d+(\\.\\d+)+");
        CommandResponse raw = api.send(CommandRequest.get("/Status/Endpoints"));
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body()).startsWith("[");
        assertThat(api.baseUri()).isEqualTo(sim.baseUri());
    }

    // ---- each auth mode ------------------------------------------------------------------------

    @Test
    void basicWithAWrongPasswordIsA401NamingTheConfigurationNotThePassword() {
        assertThatThrownBy(() -> client(Map.of(".password", "wrong-password")).agents(PagedQuery.all()))
                .isInstanceOfSatisfying(CommandApiException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("io.jobhook.command")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void oauthTokenIsRefreshedBeforeItExpires() {
        HttpCommandApi api = oauth();
        assertThat(api.agents(PagedQuery.all())).isNotEmpty();
        clock.advance(Duration.ofSeconds(299)); // the simulator's 300 s token is all but gone: fetched afresh
        assertThat(api.agents(PagedQuery.all())).isNotEmpty();
        clock.advance(Duration.ofSeconds(2));   // had it been kept, the simulator would now refuse it
        assertThat(api.agents(PagedQuery.all())).isNotEmpty();
        assertThat(sim.requestCount("/Agents")).isEqualTo(3);
    }

    @Test
    void oauthTokenRejectedAsExpiredIsRenewedOnce() {
        HttpCommandApi api = oauth();
        api.agents(PagedQuery.all());
        sim.faults("expireTokens=1x");

        assertThat(api.agents(PagedQuery.all())).isNotEmpty();
        assertThat(sim.injectedFaults()).containsEntry("expireTokens", 1L);
        assertThat(sim.requestCount("/Agents")).isEqualTo(3);
    }

    @Test
    void aBearerTokenFromTheIdentityProviderWorksAndNoneIsRefused() throws Exception {
        String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(sim.tokenUri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=jobhook&client_secret=sim-client-secret")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        String token = CommandJson.read(body).get("access_token").asText();

        assertThat(client(Map.of("auth", "bearer", ".bearerToken", token)).agents(PagedQuery.all())).isNotEmpty();
        assertThatThrownBy(() -> client(Map.of("auth", "none")).agents(PagedQuery.all()))
                .isInstanceOfSatisfying(CommandApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    // ---- each fault kind -----------------------------------------------------------------------

    @Test
    void serverErrorsOnReadsAreRetriedUntilTheyPass() {
        sim.faults("status500=2x");
        assertThat(basic().agents(PagedQuery.all())).isNotEmpty();
        assertThat(sim.requestCount("/Agents")).isEqualTo(3);
        assertThat(waits).hasSize(2);
    }

    @Test
    void aCustomJobRefusedWith503IsSentAgainAndScheduledOnce() {
        int before = sim.scheduledJobs().size();
        sim.faults("status503=1x;retryAfterSeconds=0");
        basic().scheduleCustomJob(CustomJobRequest.immediate(SAMPLE_AGENT, "RestartService"));
        assertThat(sim.requestCount("/OrchestratorJobs/Custom")).isEqualTo(2);
        assertThat(sim.scheduledJobs()).hasSize(before + 1);
    }

    @Test
    void aCustomJobAnsweredWith500IsNotSentAgain() {
        int before = sim.scheduledJobs().size();
        sim.faults("status500=1x");
        assertThatThrownBy(() -> basic().scheduleCustomJob(CustomJobRequest.immediate(SAMPLE_AGENT, "RestartService")))
                .isInstanceOfSatisfying(CommandApiException.class, e -> assertThat(e.status()).isEqualTo(500));
        assertThat(sim.requestCount("/OrchestratorJobs/Custom")).isEqualTo(1);
        assertThat(sim.scheduledJobs()).hasSize(before);
    }

    @Test
    void throttlingIsWaitedOutAsRetryAfterSays() {
        sim.faults("status429=1x;retryAfterSeconds=3");
        assertThat(basic().agents(PagedQuery.all())).isNotEmpty();
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void truncatedMalformedAndDroppedAnswersToReadsAreRetried() {
        sim.faults("truncate=1x");
        assertThat(basic().agents(PagedQuery.all())).isNotEmpty();
        assertThat(sim.requestCount("/Agents")).isEqualTo(2);

        sim.faults("malformed=1x");
        assertThat(basic().agents(PagedQuery.all())).isNotEmpty();
        assertThat(sim.requestCount("/Agents")).isEqualTo(4);

        // The JDK client itself resends a GET once when a connection closes before any byte: two drops
        // make one failed attempt of ours.
        sim.faults("disconnect=2x");
        assertThat(basic().agents(PagedQuery.all())).isNotEmpty();
        assertThat(sim.requestCount("/Agents")).isEqualTo(7);
        assertThat(waits).hasSize(3);
    }

    @Test
    void aDroppedConnectionAfterAWriteIsReportedNotRepeated() {
        sim.faults("disconnect=1x");
        assertThatThrownBy(() -> basic().scheduleCustomJob(CustomJobRequest.immediate(SAMPLE_AGENT, "RestartService")))
                .isInstanceOfSatisfying(CommandApiException.class,
                        e -> assertThat(e.status()).isEqualTo(CommandApiException.NO_RESPONSE))
                .hasMessageContaining("not retried: Command may have acted on it");
        assertThat(sim.requestCount("/OrchestratorJobs/Custom")).isEqualTo(1);
    }

    @Test
    void aSlowCommandRunsIntoTheDeadline() {
        sim.faults("latencyMs=1500");
        HttpCommandApi api = HttpCommandApi.create(ClientSettings.from(ClientSettingsTest.config(Map.of(
                "url", sim.baseUri().toString(), "username", "KFTRAIN\\svc", ".password", "sim-password",
                "requestTimeout", 300L, "maxAttempts", 1))), java.time.Clock.systemUTC());
        assertThatThrownBy(() -> api.agents(PagedQuery.all()))
                .isInstanceOfSatisfying(CommandApiException.class,
                        e -> assertThat(e.status()).isEqualTo(CommandApiException.NO_RESPONSE))
                .hasMessageContaining("HttpTimeoutException");
    }
}
