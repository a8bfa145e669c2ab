package io.jobhook.wincert.internal;

import static io.jobhook.testkit.SampleCompletions.AGENT;
import static io.jobhook.testkit.SampleCompletions.INVENTORY_JOB;
import static io.jobhook.testkit.SampleCompletions.MANAGEMENT_JOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CustomJobRequest;
import io.jobhook.command.client.CommandClients;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.simulator.SimulatedCommand;
import io.jobhook.testkit.DeliveryReport;
import io.jobhook.testkit.HandlerRunner;
import io.jobhook.testkit.LogCapture;
import io.jobhook.testkit.LoggedEvent;
import io.jobhook.testkit.SampleCompletions;
import io.jobhook.testsupport.SharedData;

/**
 * The seed's three sample completions, delivered to the WinCert handler by the test kit as the runtime would deliver
 * them — built from its component class with its configuration, against the simulated Command whose default seed is
 * the sample's instance — asserting the sample's trace. {@link WinCertSampleIT} runs these tests again with the
 * packaged bundle in OSGi.
 */
class WinCertSampleTest {

    static final String ORCHESTRATOR = "[fa406103-d84a-43ea-8bfd-99bc1f064281/orchestrator.kftrain.lab]";

    HandlerRunner runner;

    /** The handler as the demo configures it ({@code storeTypes = WinCert}, the Tiger), with {@code config} over it. */
    HandlerRunner runner(Map<String, Object> config) {
        Map<String, Object> p = new HashMap<>(Map.of("storeTypes", "WinCert", "favoriteAnimal", "Tiger"));
        p.putAll(config);
        runner = start(p);
        return runner;
    }

    /** How the handler is run: built from its class here, its packaged bundle in OSGi in {@link WinCertSampleIT}. */
    HandlerRunner start(Map<String, Object> configuration) {
        return HandlerRunner.of(WinCertHandler.class, configuration);
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    static List<String> trace(LogCapture log) {
        return log.messages("TRACE");
    }

    static long requests(SimulatedCommand command, String pathSuffix) {
        return command.requests().stream().filter(r -> r.path().endsWith(pathSuffix)).count();
    }

    @Test
    void inventoryTracesTheSamplesLinesAndQueriesJobHistoryForTheJob() throws IOException {
        HandlerRunner runner = runner(Map.of());
        SimulatedCommand command = runner.command();
        command.addSampleHistory();
        // Another job's runs, which the query must leave out.
        runner.client().scheduleCustomJob(CustomJobRequest.immediate(AGENT, "RestartService"));
        command.runDueJobs();
        OrchestratorJobCompleteHandlerContext context = SampleCompletions.inventory().build();
        DeliveryReport report;
        List<String> trace;
        List<LoggedEvent> events;
        try (LogCapture log = LogCapture.of("io.jobhook.wincert")) {
            report = runner.deliver(context);
            trace = trace(log);
            events = log.events();
        }

        assertThat(report.delivered()).isTrue();
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
                + "Client : " + command.baseUri() + "\n]");
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
        assertThat(requests(command, "/OrchestratorJobs/JobHistory")).isEqualTo(1);
        assertThat(events).allSatisfy(e -> assertThat(e.mdc()).containsEntry("eventId", context.eventId().toString()));
    }

    @Test
    void managementAddTakesTheAddBranchAndTellsTheKindFromTheStoreTypesGuids() {
        HandlerRunner runner = runner(Map.of());
        List<String> trace;
        DeliveryReport report;
        long storeTypeReads;
        try (LogCapture log = LogCapture.of("io.jobhook.wincert")) {
            report = runner.deliver(SampleCompletions.managementAdd());
            storeTypeReads = requests(runner.command(), "/CertificateStoreTypes/Name/WinCert");
            runner.deliver(SampleCompletions.managementAdd());
            trace = trace(log);
        }
        assertThat(report.delivered()).isTrue();
        assertThat(trace.subList(3, 8)).containsExactly(
                "Dispatching job completion handler for a Management job 426ec1ab-9f02-4011-8df9-72c4a603ca90",
                "Executing the Management handler",
                "Custom logic for Management completion handler here",
                "Management job process for an Add operation",
                "Exiting Job Completion Handler for orchestrator " + ORCHESTRATOR
                        + " and JobType 'WinCertManagement' with status: True");
        assertThat(requests(runner.command(), "/CertificateStoreTypes/Name/WinCert")).as("read once, then known")
                .isEqualTo(storeTypeReads);
    }

    @Test
    void managementRemoveAndOtherOperationsTakeTheirOwnBranches() {
        HandlerRunner runner = runner(Map.of());
        try (LogCapture log = LogCapture.of("io.jobhook.wincert")) {
            runner.deliver(SampleCompletions.managementAdd().operationType(OperationType.REMOVE));
            runner.deliver(SampleCompletions.managementAdd().operationType(OperationType.CREATE));
            assertThat(trace(log)).contains("Management job process for a Remove operation",
                    "Management job process for an operation of type Create");
        }
    }

    @Test
    void theKindComesFromTheGuidEvenWhenTheJobTypeNameSaysOtherwise() {
        // A job type name without a kind suffix, but the WinCert Management GUID: the GUID decides.
        HandlerRunner runner = runner(Map.of());
        try (LogCapture log = LogCapture.of("io.jobhook.wincert")) {
            runner.deliver(SampleCompletions.managementAdd().jobType("WinCertRenamed"));
            assertThat(trace(log)).contains("Executing the Management handler");
        }
    }

    @Test
    void reenrollmentTakesItsOwnPath() {
        HandlerRunner runner = runner(Map.of());
        try (LogCapture log = LogCapture.of("io.jobhook.wincert")) {
            assertThat(runner.deliver(SampleCompletions.reenrollment()).delivered()).isTrue();
            assertThat(trace(log).subList(3, 7)).containsExactly(
                    "Dispatching job completion handler for the re-enrollment job 32354394-955e-4142-a968-479daa294128",
                    "Executing the Reenrollment handler",
                    "Custom logic for Reenrollment completion handler here",
                    "Exiting Job Completion Handler for orchestrator " + ORCHESTRATOR
                            + " and JobType 'WinCertReenrollment' with status: True");
        }
    }

    @Test
    void aJobItDoesNotHandleIsNotItsJob() {
        UUID restart = UUID.randomUUID();
        // Listed by GUID, but not a WinCert job type: the handler itself says it has nothing to do.
        HandlerRunner runner = runner(Map.of("jobTypes", restart.toString()));
        try (LogCapture log = LogCapture.of("io.jobhook.wincert")) {
            assertThat(runner.deliver(SampleCompletions.completion("RestartService", restart)).delivered()).isTrue();
            assertThat(trace(log)).anyMatch(m -> m.startsWith("Job type 'RestartService'")
                    && m.endsWith("is not one this handler processes; nothing to do"));
            assertThat(trace(log)).noneMatch(m -> m.startsWith("Dispatching"));
        }
    }

    @Test
    void aCommandErrorGivesFalseAndOneWarnLineWithoutStackTraceOrSecret() {
        HandlerRunner runner = runner(Map.of("dispatch.maxAttempts", 1));
        SimulatedCommand command = runner.command();
        OrchestratorJobCompleteHandlerContext context = SampleCompletions.inventory()
                .client(CommandClients.basic(command.baseUri(), command.username(), "not-the-password")).build();
        try (LogCapture log = LogCapture.of("io.jobhook.wincert")) {
            DeliveryReport report = runner.deliver(context);
            assertThat(report.state()).isEqualTo(DeliveryState.FAILED);
            assertThat(report.outcomes()).containsExactly(AttemptOutcome.RETURNED_FALSE);
            assertThat(log.events()).filteredOn(e -> e.level().equals("WARN")).singleElement().satisfies(w -> {
                assertThat(w.thrown()).isNull();
                assertThat(w.message())
                        .startsWith("WinCert handler " + runner.properties().get("service.pid") + ": WinCertInventory job "
                                + INVENTORY_JOB + " failed while querying job history: "
                                + "Command API GET /OrchestratorJobs/JobHistory answered 401")
                        .doesNotContain("not-the-password");
            });
            assertThat(trace(log)).last().asString().endsWith("with status: False");
        }
    }

    @Test
    void followUpCustomJobIsScheduledOnTheSameOrchestratorWithTheConfiguredFields() {
        HandlerRunner runner = runner(Map.of("followUpCustomJob", "RestartService",
                "followUpFields", new String[] {"ServiceName=W3SVC"}));
        List<String> info;
        try (LogCapture log = LogCapture.of("io.jobhook.wincert")) {
            assertThat(runner.deliver(SampleCompletions.managementAdd()).delivered()).isTrue();
            info = log.messages("INFO");
        }
        List<SimulatedCommand.ScheduledCustomJob> added = runner.command().scheduledCustomJobs();
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
        HandlerRunner runner = runner(Map.of("followUpCustomJob", "RestartService"));
        runner.deliver(SampleCompletions.managementAdd().operationType(OperationType.REMOVE));
        runner.deliver(SampleCompletions.managementAdd().jobResult(JobResult.FAILURE));
        assertThat(runner.command().scheduledCustomJobs()).isEmpty();
        assertThat(requests(runner.command(), "/OrchestratorJobs/Custom")).isZero();
    }

    @Test
    void onlyResultsAndMinRetryCountFilterBeforeAnyCall() {
        HandlerRunner runner = runner(Map.of("onlyResults", "Failure", "minRetryCount", 2));
        runner.jobTypes(); // the runtime's own look-up of WinCert, before any delivery
        int before = runner.command().requests().size();
        try (LogCapture log = LogCapture.of("io.jobhook.wincert")) {
            assertThat(runner.deliver(SampleCompletions.managementAdd().jobResult(JobResult.FAILURE).currentRetryCount(1))
                    .delivered()).isTrue();
            assertThat(runner.deliver(SampleCompletions.managementAdd()).delivered()).isTrue();
            assertThat(trace(log)).noneMatch(m -> m.startsWith("Dispatching"));
            assertThat(runner.command().requests()).as("no call of the handler's").hasSize(before);

            assertThat(runner.deliver(SampleCompletions.managementAdd().jobResult(JobResult.FAILURE).currentRetryCount(2))
                    .delivered()).isTrue();
            assertThat(trace(log)).contains("Executing the Management handler");
        }
    }
}
