package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.simulator.Completion;
import io.jobhook.simulator.HistoryRow;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJob;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.simulator.SimOperationType;
import io.jobhook.testsupport.MutableClock;

class CommandModelTest {

    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final CommandModel model = new CommandModel(SimulatorSettings.defaults(), clock, new ObjectMapper());

    @Test
    void defaultInstanceIsTheSamplesInstance() {
        SimStoreType winCert = model.winCert();
        assertThat(winCert.inventoryJobType()).hasToString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
        assertThat(winCert.managementJobType()).hasToString("4be14534-55b0-4cd7-9871-536b55b5e973");
        assertThat(winCert.enrollmentJobType()).hasToString("e868b3f8-9b6a-48b1-91c8-683d71d94f61");
        assertThat(winCert.discoveryJobType()).isNull();
        SimAgent agent = model.defaultAgent();
        assertThat(agent.agentId()).hasToString("fa406103-d84a-43ea-8bfd-99bc1f064281");
        assertThat(agent.clientMachine()).isEqualTo("orchestrator.kftrain.lab");
        assertThat(agent.username()).isEqualTo("KFTRAIN\\SVC_Orchestrator");
        assertThat(agent.approved()).isTrue();
        SimStore store = model.defaultStore();
        assertThat(store.clientMachine()).isEqualTo("iistarget.kftrain.lab");
        assertThat(store.storePath()).isEqualTo("My");
        assertThat(store.certStoreType()).isEqualTo(winCert.storeType());
        assertThat(store.inventoryJobId()).hasToString("0b4b411a-4b26-4492-a575-a10adb43a08a");
        assertThat(model.customJobType(CommandModel.RESTART_SERVICE)).isPresent();
    }

    @Test
    void builtInStoreTypesHaveJobTypesByTheirSupportedOperations() {
        assertThat(model.storeTypes()).extracting(SimStoreType::shortName)
                .contains("WinCert", "IISU", "RFPEM", "RFJKS", "RFPkcs12", "K8SSecret", "AWS-ACM");
        SimStoreType acm = model.storeType("aws-acm").orElseThrow();
        assertThat(acm.inventoryJobType()).isNotNull();
        assertThat(acm.managementJobType()).isNotNull();
        assertThat(acm.discoveryJobType()).isNull();
        assertThat(acm.enrollmentJobType()).isNull();
        SimStoreType k8s = model.storeType("K8SSecret").orElseThrow();
        assertThat(k8s.discoveryJobType()).isNotNull();
        assertThat(model.storeTypes()).extracting(SimStoreType::storeType).doesNotHaveDuplicates();
    }

    @Test
    void inventoryRunsOnItsScheduleAndWritesHistory() {
        assertThat(model.runDueJobs(T0.plusSeconds(30))).isEmpty();
        List<Completion> done = model.runDueJobs(T0.plus(Duration.ofMinutes(1)));
        assertThat(done).hasSize(1);
        Completion c = done.get(0);
        assertThat(c.jobType()).isEqualTo("WinCertInventory");
        assertThat(c.jobTypeId()).isEqualTo(model.winCert().inventoryJobType());
        assertThat(c.jobId()).isEqualTo(model.defaultStore().inventoryJobId());
        assertThat(c.operationType()).isEqualTo(SimOperationType.UNKNOWN);
        assertThat(c.certificateId()).isNull();
        assertThat(c.jobResult()).isEqualTo(SimJobResult.SUCCESS);
        assertThat(c.jobHistoryId()).isEqualTo(CommandModel.FIRST_JOB_HISTORY_ID);
        HistoryRow row = model.jobHistoryRow(c.jobHistoryId()).orElseThrow();
        assertThat(row.status()).isEqualTo(SimHistoryStatus.COMPLETED);
        assertThat(row.operationEnd()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(model.runDueJobs(T0.plus(Duration.ofMinutes(1)))).isEmpty();
        assertThat(model.runDueJobs(T0.plus(Duration.ofMinutes(2)))).extracting(Completion::jobHistoryId)
                .containsExactly(CommandModel.FIRST_JOB_HISTORY_ID + 1);
    }

    @Test
    void startedJobsAreInProcessUntilCompleted() {
        List<HistoryRow> started = model.startDueJobs(T0.plus(Duration.ofMinutes(1)));
        assertThat(started).hasSize(1);
        HistoryRow running = model.jobHistoryRow(started.get(0).jobHistoryId()).orElseThrow();
        assertThat(running.status()).isEqualTo(SimHistoryStatus.IN_PROCESS);
        assertThat(running.result()).isEqualTo(SimJobResult.UNKNOWN);
        assertThat(running.operationEnd()).isNull();
        assertThat(model.completeRunningJobs(T0.plus(Duration.ofMinutes(1).plusSeconds(5)))).hasSize(1);
        assertThat(model.jobHistoryRow(running.jobHistoryId()).orElseThrow().status())
                .isEqualTo(SimHistoryStatus.COMPLETED);
    }

    @Test
    void managementAddCreatesTheNextCertificateInTheStore() {
        SimJob add = model.scheduleManagementAdd(model.defaultStore().id(), null);
        List<Completion> done = model.runDueJobs(T0);
        assertThat(done).hasSize(1);
        Completion c = done.get(0);
        assertThat(c.jobId()).isEqualTo(add.jobId());
        assertThat(c.jobType()).isEqualTo("WinCertManagement");
        assertThat(c.operationType()).isEqualTo(SimOperationType.ADD);
        assertThat(c.certificateId()).isEqualTo(14);
        assertThat(c.requestTimestamp()).isEqualTo(T0);
        assertThat(model.certificate(14).orElseThrow().locations()).extracting(SimCertificate.Location::certStoreId)
                .containsExactly(model.defaultStore().id());
        assertThat(model.scheduledJobs()).extracting(SimJob::jobId).doesNotContain(add.jobId());
    }

    @Test
    void managementRemoveTakesTheCertificateOutOfTheStore() {
        model.scheduleManagementRemove(model.defaultStore().id(), 11);
        Completion c = model.runDueJobs(T0).get(0);
        assertThat(c.operationType()).isEqualTo(SimOperationType.REMOVE);
        assertThat(c.certificateId()).isEqualTo(11);
        assertThat(model.certificate(11).orElseThrow().locations()).isEmpty();
    }

    @Test
    void reenrollmentCarriesTheNewCertificate() {
        model.scheduleReenrollment(model.defaultStore().id());
        Completion c = model.runDueJobs(T0).get(0);
        assertThat(c.jobType()).isEqualTo("WinCertReenrollment");
        assertThat(c.jobTypeId()).isEqualTo(model.winCert().enrollmentJobType());
        assertThat(c.operationType()).isEqualTo(SimOperationType.UNKNOWN);
        assertThat(c.certificateId()).isEqualTo(14);
    }

    @Test
    void failedOneOffJobsAreRetriedWithARisingRetryCount() {
        SimJob job = model.scheduleManagementAdd(model.defaultStore().id(), null);
        model.planResults(job.jobId(), SimJobResult.FAILURE, SimJobResult.FAILURE);
        Completion first = model.runDueJobs(T0).get(0);
        assertThat(first.jobResult()).isEqualTo(SimJobResult.FAILURE);
        assertThat(first.status()).isEqualTo(SimHistoryStatus.COMPLETED_WILL_RETRY);
        assertThat(first.currentRetryCount()).isZero();
        assertThat(model.runDueJobs(T0.plusSeconds(1))).isEmpty();
        Completion second = only(job, model.runDueJobs(T0.plus(CommandModel.RETRY_DELAY)));
        assertThat(second.currentRetryCount()).isEqualTo(1);
        assertThat(second.status()).isEqualTo(SimHistoryStatus.COMPLETED_WILL_RETRY);
        Completion third = only(job, model.runDueJobs(T0.plus(CommandModel.RETRY_DELAY.multipliedBy(2))));
        assertThat(third.currentRetryCount()).isEqualTo(2);
        assertThat(third.jobResult()).isEqualTo(SimJobResult.SUCCESS);
        assertThat(third.status()).isEqualTo(SimHistoryStatus.COMPLETED);
        assertThat(third.jobHistoryId()).isGreaterThan(second.jobHistoryId());
    }

    private static Completion only(SimJob job, List<Completion> done) {
        List<Completion> mine = done.stream().filter(c -> c.jobId().equals(job.jobId())).toList();
        assertThat(mine).hasSize(1);
        return mine.get(0);
    }

    @Test
    void retriesStopAfterTheMaximum() {
        SimJob job = model.scheduleManagementAdd(model.defaultStore().id(), null);
        SimJobResult[] failures = new SimJobResult[CommandModel.MAX_RETRIES + 1];
        java.util.Arrays.fill(failures, SimJobResult.FAILURE);
        model.planResults(job.jobId(), failures);
        Completion last = null;
        for (int i = 0; i <= CommandModel.MAX_RETRIES; i++) {
            last = only(job, model.runDueJobs(T0.plus(CommandModel.RETRY_DELAY.multipliedBy(i))));
        }
        assertThat(last.currentRetryCount()).isEqualTo(CommandModel.MAX_RETRIES);
        assertThat(last.status()).isEqualTo(SimHistoryStatus.COMPLETED);
        assertThat(model.runDueJobs(T0.plus(Duration.ofHours(1))).stream()
                .filter(c -> c.jobId().equals(job.jobId()))).isEmpty();
    }

    @Test
    void customJobsFillDefaultsAndReturnData() {
        SimJob job = model.scheduleCustomJob(model.defaultAgent().agentId(), "restartservice", null,
                Map.of("ServiceName", "W3SVC", "TimeoutSeconds", 60));
        assertThat(job.jobFields()).containsEntry("ServiceName", "W3SVC").containsEntry("TimeoutSeconds", "60")
                .containsEntry("Force", "false");
        Completion c = model.runDueJobs(T0).get(0);
        assertThat(c.jobType()).isEqualTo(CommandModel.RESTART_SERVICE);
        assertThat(c.jobTypeId()).isEqualTo(model.customJobType(CommandModel.RESTART_SERVICE).orElseThrow().id());
        HistoryRow row = model.jobHistoryRow(c.jobHistoryId()).orElseThrow();
        assertThat(row.data()).contains("\"ServiceName\":\"W3SVC\"").contains("\"Result\":\"Success\"");
        assertThat(row.storePath()).isNull();
    }

    @Test
    void customJobsAreValidated() {
        UUID agent = model.defaultAgent().agentId();
        assertThatThrownBy(() -> model.scheduleCustomJob(agent, "NoSuchType", null, Map.of()))
                .hasMessageContaining("NoSuchType");
        assertThatThrownBy(() -> model.scheduleCustomJob(agent, "RestartService", null, Map.of("Colour", "red")))
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> model.scheduleCustomJob(agent, "RestartService", null,
                Map.of("TimeoutSeconds", "soon"))).hasMessageContaining("TimeoutSeconds").hasMessageContaining("integer");
        assertThatThrownBy(() -> model.scheduleCustomJob(UUID.randomUUID(), "RestartService", null, Map.of()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void listenersHearEveryCompletion() {
        List<Completion> heard = new CopyOnWriteArrayList<>();
        model.addCompletionListener(heard::add);
        model.addCompletionListener(c -> {
            throw new IllegalStateException("a broken listener harms no one");
        });
        model.scheduleReenrollment(model.defaultStore().id());
        List<Completion> done = model.runDueJobs(T0);
        assertThat(heard).isEqualTo(done);
    }

    @Test
    void acknowledgeAndRescheduleByIds() {
        SimJob job = model.scheduleManagementAdd(model.defaultStore().id(), null);
        model.planResults(job.jobId(), SimJobResult.FAILURE);
        Completion failed = model.runDueJobs(T0).get(0);
        model.acknowledge(List.of(failed.jobHistoryId()));
        assertThat(model.jobHistoryRow(failed.jobHistoryId()).orElseThrow().status())
                .isEqualTo(SimHistoryStatus.ACKNOWLEDGED);
        model.reschedule(List.of(failed.jobHistoryId()));
        assertThat(model.runDueJobs(T0)).extracting(Completion::jobId).containsExactly(job.jobId());
        assertThatThrownBy(() -> model.acknowledge(List.of(999_999L))).hasMessageContaining("999999");
    }

    @Test
    void manyHistoryRowsGetConsecutiveIds() {
        List<HistoryRow> rows = model.addJobHistory(120, T0);
        assertThat(rows).hasSize(120);
        assertThat(rows.get(119).jobHistoryId() - rows.get(0).jobHistoryId()).isEqualTo(119);
        assertThat(model.jobHistory()).hasSize(120);
    }

    @Test
    void addedAgentsAndCertificatesAreVisible() {
        SimAgent second = model.addAgent("orch2.kftrain.lab", List.of("CertStores.RFPEM.Inventory"));
        assertThat(second.agentId()).isEqualTo(GuidDerivation.agentId(1, 2));
        assertThat(model.agents()).hasSize(2);
        SimCertificate cert = model.addCertificate("api.kftrain.lab");
        assertThat(cert.id()).isEqualTo(14);
        assertThat(model.certificate(14)).contains(cert);
        assertThatThrownBy(() -> model.addCertificate(cert)).hasMessageContaining("14");
    }

    @Test
    void theSampleJobsRunOneJobOfEachKindTheSampleTraces() {
        model.scheduleSampleJobs();
        List<Completion> completions = model.runDueJobs(clock.instant().plusSeconds(1));
        assertThat(completions).extracting(Completion::jobType, Completion::operationType).containsExactlyInAnyOrder(
                tuple("WinCertInventory", SimOperationType.UNKNOWN),
                tuple("WinCertManagement", SimOperationType.ADD),
                tuple("WinCertManagement", SimOperationType.REMOVE),
                tuple("WinCertReenrollment", SimOperationType.UNKNOWN));
        assertThat(completions).allSatisfy(c -> assertThat(c.jobResult()).isEqualTo(SimJobResult.SUCCESS));
    }
}
