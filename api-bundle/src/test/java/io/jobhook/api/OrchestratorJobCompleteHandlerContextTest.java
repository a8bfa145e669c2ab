package io.jobhook.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jobhook.api.command.CommandApi;

class OrchestratorJobCompleteHandlerContextTest {

    static final UUID AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");
    static final UUID JOB = UUID.fromString("426ec1ab-9f02-4011-8df9-72c4a603ca90");
    static final UUID MANAGEMENT = UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973");

    static OrchestratorJobCompleteHandlerContext.Builder sampleManagement() {
        return OrchestratorJobCompleteHandlerContext.builder()
                .agentId(AGENT)
                .username("KFTRAIN\\SVC_Orchestrator")
                .clientMachine("orchestrator.kftrain.lab")
                .jobResult(JobResult.SUCCESS)
                .jobId(JOB)
                .jobType("WinCertManagement")
                .jobTypeId(MANAGEMENT)
                .operationType(OperationType.ADD)
                .certificateId(14)
                .requestTimestamp(Instant.parse("2023-05-06T00:29:32Z"));
    }

    @Test
    void carriesEveryKeyfactorFieldAndSaneDefaultsForJobhooksOwn() {
        OrchestratorJobCompleteHandlerContext c = sampleManagement().build();

        assertThat(c.agentId()).isEqualTo(AGENT);
        assertThat(c.username()).isEqualTo("KFTRAIN\\SVC_Orchestrator");
        assertThat(c.clientMachine()).isEqualTo("orchestrator.kftrain.lab");
        assertThat(c.jobResult()).isEqualTo(JobResult.SUCCESS);
        assertThat(c.jobId()).isEqualTo(JOB);
        assertThat(c.jobType()).isEqualTo("WinCertManagement");
        assertThat(c.jobTypeId()).isEqualTo(MANAGEMENT);
        assertThat(c.operationType()).isEqualTo(OperationType.ADD);
        assertThat(c.certificateId()).isEqualTo(14);
        assertThat(c.requestTimestamp()).isEqualTo(Instant.parse("2023-05-06T00:29:32Z"));
        assertThat(c.currentRetryCount()).isZero();
        assertThat(c.eventId()).isNotNull();
        assertThat(c.deliveryAttempt()).isEqualTo(1);
        assertThat(c.source()).isEqualTo(CompletionSource.MANUAL);
        assertThat(c.hasClient()).isFalse();
    }

    @Test
    void optionalKeyfactorFieldsMayStayUnset() {
        OrchestratorJobCompleteHandlerContext c = OrchestratorJobCompleteHandlerContext.builder()
                .agentId(Guids.NIL).jobId(JOB).jobType("WinCertInventory").jobTypeId(MANAGEMENT)
                .jobResult(JobResult.FAILURE).operationType(null).build();

        assertThat(c.username()).isNull();
        assertThat(c.clientMachine()).isNull();
        assertThat(c.certificateId()).isNull();
        assertThat(c.requestTimestamp()).isNull();
        assertThat(c.operationType()).isEqualTo(OperationType.UNKNOWN);
    }

    @Test
    void namesEveryMissingRequiredFieldAtOnce() {
        assertThatThrownBy(() -> OrchestratorJobCompleteHandlerContext.builder().jobType(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid OrchestratorJobCompleteHandlerContext: "
                        + "missing required agentId, jobId, jobType, jobTypeId, jobResult");
    }

    @Test
    void namesOneMissingFieldAlone() {
        assertThatThrownBy(() -> sampleManagement().jobTypeId(null).build())
                .hasMessage("Invalid OrchestratorJobCompleteHandlerContext: missing required jobTypeId");
        assertThatThrownBy(() -> sampleManagement().source(null).build())
                .hasMessageContaining("missing required source");
    }

    @Test
    void rejectsNegativeRetryCountsAndAttemptsBelowOne() {
        assertThatThrownBy(() -> sampleManagement().currentRetryCount(-1).deliveryAttempt(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("currentRetryCount must be 0 or more, was -1")
                .hasMessageContaining("deliveryAttempt must be 1 or more, was 0");
    }

    @Test
    void clientIsRequiredOnlyWhenAskedFor() {
        OrchestratorJobCompleteHandlerContext c = sampleManagement().build();
        assertThatThrownBy(c::client)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(c.eventId().toString())
                .hasMessageContaining("builder().client(");

        CommandApi api = commandApiAt("https://command.kftrain.lab/KeyfactorAPI/");
        OrchestratorJobCompleteHandlerContext withClient = c.toBuilder().client(api).build();
        assertThat(withClient.client()).isSameAs(api);
        assertThat(withClient.hasClient()).isTrue();
    }

    @Test
    void toBuilderKeepsEveryValueAndDerivesANewContext() {
        OrchestratorJobCompleteHandlerContext first = sampleManagement()
                .currentRetryCount(2).source(CompletionSource.PUSH).build();
        OrchestratorJobCompleteHandlerContext same = first.toBuilder().build();
        OrchestratorJobCompleteHandlerContext retry = first.toBuilder().deliveryAttempt(2).build();

        assertThat(same).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(retry).isNotEqualTo(first);
        assertThat(retry.eventId()).isEqualTo(first.eventId());
        assertThat(retry.deliveryAttempt()).isEqualTo(2);
        assertThat(first.deliveryAttempt()).isEqualTo(1);
    }

    @Test
    void equalityIgnoresTheClient() {
        OrchestratorJobCompleteHandlerContext c = sampleManagement().build();
        assertThat(c.toBuilder().client(commandApiAt("https://a/")).build()).isEqualTo(c);
    }

    @Test
    void printsKeyfactorsFieldsInKeyfactorsOrderWithTheClientsBaseUrl() {
        OrchestratorJobCompleteHandlerContext c = sampleManagement()
                .client(commandApiAt("https://command.kftrain.lab/KeyfactorAPI/")).build();
        assertThat(c.toString()).startsWith("[AgentId : fa406103-d84a-43ea-8bfd-99bc1f064281, "
                + "Username : KFTRAIN\\SVC_Orchestrator, ClientMachine : orchestrator.kftrain.lab, "
                + "JobResult : Success, JobId : 426ec1ab-9f02-4011-8df9-72c4a603ca90, JobType : WinCertManagement, "
                + "JobTypeId : 4be14534-55b0-4cd7-9871-536b55b5e973, OperationType : Add, CertificateId : 14, "
                + "RequestTimestamp : 2023-05-06T00:29:32Z, CurrentRetryCount : 0, "
                + "Client : https://command.kftrain.lab/KeyfactorAPI/, EventId : " + c.eventId());
    }

    /** A CommandApi whose only answer is its base URL; anything else fails the test. */
    static CommandApi commandApiAt(String baseUri) {
        return (CommandApi) Proxy.newProxyInstance(CommandApi.class.getClassLoader(), new Class<?>[] {CommandApi.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("baseUri")) {
                        return URI.create(baseUri);
                    }
                    throw new AssertionError("unexpected call " + method.getName());
                });
    }
}
