package io.jobhook.testkit;

import java.time.Instant;
import java.util.UUID;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * The three completions of Keyfactor's sample handler README — an inventory, a management Add and a
 * re-enrollment of a WinCert store on the sample's orchestrator — ready made, as builders a test may change
 * ({@code .jobResult(JobResult.FAILURE)}, {@code .operationType(OperationType.REMOVE)}, ...). Their job-type
 * GUIDs are the sample Command's, which {@link HandlerRunner#command()} simulates, so a handler configured with
 * {@code storeTypes = WinCert} is given all three.
 */
public final class SampleCompletions {

    /** The sample's orchestrator (agent) id. */
    public static final UUID AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");
    /** The sample's orchestrator machine. */
    public static final String CLIENT_MACHINE = "orchestrator.kftrain.lab";
    /** The job-type GUID of WinCert inventory in the sample's Command. */
    public static final UUID WINCERT_INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
    /** The job-type GUID of WinCert management in the sample's Command. */
    public static final UUID WINCERT_MANAGEMENT = UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973");
    /** The job-type GUID of WinCert re-enrollment in the sample's Command. */
    public static final UUID WINCERT_REENROLLMENT = UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61");
    /** The sample inventory's job id (a scheduled job: the same in every run). */
    public static final UUID INVENTORY_JOB = UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a");
    /** The sample management job's id. */
    public static final UUID MANAGEMENT_JOB = UUID.fromString("426ec1ab-9f02-4011-8df9-72c4a603ca90");
    /** The sample re-enrollment job's id. */
    public static final UUID REENROLLMENT_JOB = UUID.fromString("32354394-955e-4142-a968-479daa294128");

    private SampleCompletions() {
    }

    /** @return the sample's WinCert inventory, successful */
    public static OrchestratorJobCompleteHandlerContext.Builder inventory() {
        return sample("WinCertInventory", WINCERT_INVENTORY, INVENTORY_JOB).operationType(OperationType.UNKNOWN)
                .requestTimestamp(Instant.parse("2023-05-03T23:18:48Z"));
    }

    /** @return the sample's WinCert management job: an Add of certificate 14, successful */
    public static OrchestratorJobCompleteHandlerContext.Builder managementAdd() {
        return sample("WinCertManagement", WINCERT_MANAGEMENT, MANAGEMENT_JOB).operationType(OperationType.ADD)
                .certificateId(14).requestTimestamp(Instant.parse("2023-05-06T00:29:32Z"));
    }

    /** @return the sample's WinCert re-enrollment of certificate 15, successful */
    public static OrchestratorJobCompleteHandlerContext.Builder reenrollment() {
        return sample("WinCertReenrollment", WINCERT_REENROLLMENT, REENROLLMENT_JOB).operationType(OperationType.UNKNOWN)
                .certificateId(15).requestTimestamp(Instant.parse("2023-05-06T00:32:46Z"));
    }

    /**
     * @return a completion of any job type on the sample's orchestrator, successful, pushed; set what the test
     *         needs
     */
    public static OrchestratorJobCompleteHandlerContext.Builder completion(String jobType, UUID jobTypeId) {
        return sample(jobType, jobTypeId, UUID.randomUUID());
    }

    private static OrchestratorJobCompleteHandlerContext.Builder sample(String jobType, UUID jobTypeId, UUID jobId) {
        return OrchestratorJobCompleteHandlerContext.builder().agentId(AGENT).username("KFTRAIN\\SVC_Orchestrator")
                .clientMachine(CLIENT_MACHINE).jobResult(JobResult.SUCCESS).jobId(jobId).jobType(jobType)
                .jobTypeId(jobTypeId).source(CompletionSource.PUSH);
    }
}
