package io.jobhook.wincert.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.jobhook.api.CompletionSource;
import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CommandApi;
import io.jobhook.command.client.internal.TestClients;
import io.jobhook.simulator.internal.SimJob;
import io.jobhook.simulator.internal.SimSchedule;
import io.jobhook.simulator.internal.SimulatorSettings;
import io.jobhook.simulator.internal.StandaloneSimulator;

/**
 * The seed's three sample contexts, delivered to the handler with a client of the simulator (whose
 * default seed is the sample's Command instance), asserting the sample's trace.
 */
class WinCertSampleTest {

    static final UUID AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");
    static final UUID INVENTORY_JOB = UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a");
    static final UUID MANAGEMENT_JOB = UUID.fromString("426ec1ab-9f02-4011-8df9-72c4a603ca90");
    static final UUID REENROLLMENT_JOB = UUID.fromString("32354394-955e-4142-a968-479daa294128");
    static final String ORCHESTRATOR = "[fa406103-d84a-43ea-8bfd-99bc1f064281/orchestrator.kftrain.lab]";

    StandaloneSimulator sim;
    CommandApi client;

    @BeforeEach
    void start() throws IOException {
        sim = StandaloneSimulator.start(0, SimulatorSettings.defaults().withJobIntervalSeconds(0)
                .withUser("KFTRAIN\\svc", "sim-password"));
        client = TestClients.basic(sim.baseUri(), "KFTRAIN\\svc", "sim-password");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static OrchestratorJobCompleteHandlerContext.Builder sample(String jobType, UUID jobTypeId, UUID jobId) {
        return OrchestratorJobCompleteHandlerContext.builder()
                .agentId(AGENT).username("KFTRAIN\\SVC_Orchestrator").clientMachine("orchestrator.kftrain.lab")
                .jobResult(JobResult.SUCCESS).jobId(jobId).jobType(jobType).jobTypeId(jobTypeId)
                .source(CompletionSource.PUSH);
    }

    OrchestratorJobCompleteHandlerContext inventory() {
        return sample("WinCertInventory", UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3"), INVENTORY_JOB)
                .operationType(OperationType.UNKNOWN).requestTimestamp(Instant.parse("2023-05-03T23:18:48Z"))
                .client(client).build();
    }

    OrchestratorJobCompleteHandlerContext.Builder management() {
        return sample("WinCertManagement", UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973"), MANAGEMENT_JOB)
                .operationType(OperationType.ADD).certificateId(14).requestTimestamp(Instant.parse("2023-05-06T00:29:32Z"))
                .client(client);
    }

    OrchestratorJobCompleteHandlerContext reenrollment() {
        return sample("WinCertReenrollment", UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61"), REENROLLMENT_JOB)
                .operationType(OperationType.UNKNOWN).certificateId(15).requestTimestamp(Instant.parse("2023-05-06T00:32:46Z"))
                .client(client).build();
    }

    static WinCertHandler handler(Map<String, Object> config) {
        Map<String, Object> p = new HashMap<>(Map.of("storeTypes", "WinCert", "favoriteAnimal", "Tiger"));
        p.putAll(config);
        return new WinCertHandler(WinCertSettingsTest.config(p), Map.of("service.pid", "io.jobhook.wincert~demo"));
    }

    @Test
    void inventoryTracesTheSamplesLinesAndQueriesJobHistoryForTheJob() throws IOException {
        sim.model().addSampleHistory();
        // Another job's runs, which the query must leave out.
        sim.model().scheduleCustomJob(AGENT, "RestartService", SimSchedule.immediate(), Map.of());
        sim.model().runDueJobs(Instant.now().plusSeconds(1));
        assertThat(sim.model().jobHistory()).hasSizeGreaterThan(4);
        OrchestratorJobCompleteHandlerContext context = inventory();
        boolean status;
        List<String> trace;
        List<ILoggingEvent> events;
        try (LogCapture log = new LogCapture()) {
            status = handler(Map.of()).runHandler(context);
            trace = log.messages(Level.TRACE);
            events = log.events();
        }

        assertThat(status).isTrue();
        assertThat(trace).hasSize(9);
        assertThat(trace.get(0)).isEqualTo("Entering Job Completion Handler for orchestrator " + ORCHESTRATOR
                + " and JobType 'WinCertInventory'");
        assertThat(trace.get(1)).isEqualTo("This handler's favorite animal is: Tiger");
        assertThat(trace.get(2)).isEqualTo("The context passed is: \n[\n"
                + "AgentId : fa406103-d84a-43ea-8bfd-99bc1f064281,\n"
                + "Username : KFTRAIN\\SVC_Orchestrator,\n"
                + "ClientMachine : orchestrator.kftrain.lab,\n"
                + "JobResult : Success,\n"
                + "JobId : 0b4b411a-4b26-4492-a575-a10adb43a08a,\n"
                + "JobType : WinCertInventory,\n"
                + "JobTypeId : 49b3a17d-cada-4ec8-84c6-7719bf5beef3,\n"
                + "OperationType : Unknown,\n"
                + "CertificateId : null,\n"
                + "RequestTimestamp : 2023-05-03T23:18:48Z,\n"
                + "CurrentRetryCount : 0,\n"
                + "EventId : " + context.eventId() + ",\n"
                + "DeliveryAttempt : 1,\n"
                + "Source : PUSH,\n"
                + "Client : " + sim.baseUri() + "\n]");
        assertThat(trace.subList(3, 7)).containsExactly(
                "Dispatching job completion handler for an Inventory job 0b4b411a-4b26-4492-a575-a10adb43a08a",
                "Executing the Inventory handler",
                "Custom logic for Inventory completion handler here",
                "Querying Command API with: OrchestratorJobs/JobHistory?pq.queryString="
                        + "JobID%20-eq%20%220b4b411a-4b26-4492-a575-a10adb43a08a%22");
        assertThat(trace.get(7)).startsWith("Results of JobHistory API: [");
        // The simulator's answer for the sample job is the answer captured from a live Command.
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(trace.get(7).substring("Results of JobHistory API: ".length())))
                .isEqualTo(json.readTree(Files.readString(SharedData.file("jobhistory-response.sample.json"))));
        assertThat(trace.get(8)).isEqualTo("Exiting Job Completion Handler for orchestrator " + ORCHESTRATOR
                + " and JobType 'WinCertInventory' with status: True");
        assertThat(sim.requestCount("/OrchestratorJobs/JobHistory")).isEqualTo(1);
        assertThat(events).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("eventId",
                context.eventId().toString()));
    }

    @Test
    void managementAddTakesTheAddBranchAndTellsTheKindFromTheStoreTypesGuids() {
        List<String> trace;
        boolean status;
        WinCertHandler handler = handler(Map.of());
        try (LogCapture log = new LogCapture()) {
            status = handler.runHandler(management().build());
            handler.runHandler(management().build());
            trace = log.messages(Level.TRACE);
        }
        assertThat(status).isTrue();
        assertThat(trace.subList(3, 8)).containsExactly(
                "Dispatching job completion handler for a Management job 426ec1ab-9f02-4011-8df9-72c4a603ca90",
                "Executing the Management handler",
                "Custom logic for Management completion handler here",
                "Management job process for an Add operation",
                "Exiting Job Completion Handler for orchestrator " + ORCHESTRATOR
                        + " and JobType 'WinCertManagement' with status: True");
        assertThat(sim.requestCount("/CertificateStoreTypes/Name/WinCert")).as("read once, then known").isEqualTo(1);
    }

    @Test
    void managementRemoveAndOtherOperationsTakeTheirOwnBranches() {
        try (LogCapture log = new LogCapture()) {
            handler(Map.of()).runHandler(management().operationType(OperationType.REMOVE).build());
            handler(Map.of()).runHandler(management().operationType(OperationType.CREATE).build());
            assertThat(log.messages(Level.TRACE)).contains("Management job process for a Remove operation",
                    "Management job process for an operation of type Create");
        }
    }

    @Test
    void theKindComesFromTheGuidEvenWhenTheJobTypeNameSaysOtherwise() {
        // A job type name without a kind suffix, but the WinCert Management GUID: the GUID decides.
        try (LogCapture log = new LogCapture()) {
            handler(Map.of()).runHandler(management().jobType("WinCertRenamed").build());
            assertThat(log.messages(Level.TRACE)).contains("Executing the Management handler");
        }
    }

    @Test
    void reenrollmentTakesItsOwnPath() {
        try (LogCapture log = new LogCapture()) {
            assertThat(handler(Map.of()).runHandler(reenrollment())).isTrue();
            assertThat(log.messages(Level.TRACE).subList(3, 7)).containsExactly(
                    "Dispatching job completion handler for the re-enrollment job 32354394-955e-4142-a968-479daa294128",
                    "Executing the Reenrollment handler",
                    "Custom logic for Reenrollment completion handler here",
                    "Exiting Job Completion Handler for orchestrator " + ORCHESTRATOR
                            + " and JobType 'WinCertReenrollment' with status: True");
        }
    }

    @Test
    void aJobItDoesNotHandleIsNotItsJob() {
        try (LogCapture log = new LogCapture()) {
            assertThat(handler(Map.of()).runHandler(sample("RestartService", UUID.randomUUID(), UUID.randomUUID())
                    .client(client).build())).isTrue();
            assertThat(log.messages(Level.TRACE)).anyMatch(m -> m.startsWith("Job type 'RestartService'")
                    && m.endsWith("is not one this handler processes; nothing to do"));
            assertThat(log.messages(Level.TRACE)).noneMatch(m -> m.startsWith("Dispatching"));
        }
    }

    @Test
    void aCommandErrorGivesFalseAndOneWarnLineWithoutStackTraceOrSecret() {
        CommandApi wrong = TestClients.basic(sim.baseUri(), "KFTRAIN\\svc", "not-the-password");
        OrchestratorJobCompleteHandlerContext context = inventory().toBuilder().client(wrong).build();
        try (LogCapture log = new LogCapture()) {
            assertThat(handler(Map.of()).runHandler(context)).isFalse();
            List<ILoggingEvent> warnings = log.events().stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertThat(warnings).singleElement().satisfies(w -> {
                assertThat(w.getThrowableProxy()).isNull();
                assertThat(w.getFormattedMessage())
                        .startsWith("WinCert handler io.jobhook.wincert~demo: WinCertInventory job " + INVENTORY_JOB
                                + " failed while querying job history: Command API GET /OrchestratorJobs/JobHistory answered 401")
                        .doesNotContain("not-the-password");
            });
            assertThat(log.messages(Level.TRACE)).last().asString().endsWith("with status: False");
        }
    }

    @Test
    void followUpCustomJobIsScheduledOnTheSameOrchestratorWithTheConfiguredFields() {
        WinCertHandler handler = handler(Map.of("followUpCustomJob", "RestartService",
                "followUpFields", new String[] {"ServiceName=W3SVC"}));
        List<SimJob> before = sim.model().scheduledJobs();
        List<String> info;
        try (LogCapture log = new LogCapture()) {
            assertThat(handler.runHandler(management().build())).isTrue();
            info = log.messages(Level.INFO);
        }
        List<SimJob> added = sim.model().scheduledJobs().stream().filter(j -> !before.contains(j)).toList();
        assertThat(added).singleElement().satisfies(job -> {
            assertThat(job.jobTypeName()).isEqualTo("RestartService");
            assertThat(job.agentId()).isEqualTo(AGENT);
            assertThat(job.jobFields()).containsEntry("ServiceName", "W3SVC"); // the others take their defaults
        });
        assertThat(info).singleElement().asString().isEqualTo("Scheduled custom job 'RestartService' as job "
                + added.get(0).jobId() + " on orchestrator " + AGENT + " after the Add of certificate 14 by job "
                + MANAGEMENT_JOB);
    }

    @Test
    void noFollowUpAfterARemoveOrAFailedAdd() {
        WinCertHandler handler = handler(Map.of("followUpCustomJob", "RestartService"));
        int before = sim.model().scheduledJobs().size();
        handler.runHandler(management().operationType(OperationType.REMOVE).build());
        handler.runHandler(management().jobResult(JobResult.FAILURE).build());
        assertThat(sim.model().scheduledJobs()).hasSize(before);
        assertThat(sim.requestCount("/OrchestratorJobs/Custom")).isZero();
    }

    @Test
    void onlyResultsAndMinRetryCountFilterBeforeAnyCall() {
        WinCertHandler handler = handler(Map.of("onlyResults", "Failure", "minRetryCount", 2));
        try (LogCapture log = new LogCapture()) {
            assertThat(handler.runHandler(management().jobResult(JobResult.FAILURE).currentRetryCount(1).build())).isTrue();
            assertThat(handler.runHandler(management().build())).isTrue();
            assertThat(log.messages(Level.TRACE)).noneMatch(m -> m.startsWith("Dispatching"));
            assertThat(sim.requestCount("/")).isZero();

            assertThat(handler.runHandler(management().jobResult(JobResult.FAILURE).currentRetryCount(2).build())).isTrue();
            assertThat(log.messages(Level.TRACE)).contains("Executing the Management handler");
        }
    }
}
