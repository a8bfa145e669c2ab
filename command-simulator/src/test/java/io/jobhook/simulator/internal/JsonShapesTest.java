package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.testsupport.MutableClock;
import io.jobhook.testsupport.SharedData;

class JsonShapesTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonShapes json = new JsonShapes(mapper);
    private final CommandModel model = new CommandModel(SimulatorSettings.defaults(),
            new MutableClock(Instant.parse("2024-03-01T10:00:00Z")), mapper);

    @Test
    void sampleHistoryIsExactlyTheCapturedAnswer() throws Exception {
        JsonNode captured = mapper.readTree(Files.readAllBytes(SharedData.file("jobhistory-response.sample.json")));
        List<ObjectNode> rows = model.addSampleHistory().stream().map(json::historyRow).toList();
        assertThat(mapper.readTree(json.array(rows).toString())).isEqualTo(captured);
        List<String> names = new ArrayList<>();
        captured.get(0).fieldNames().forEachRemaining(names::add);
        List<String> ours = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(ours::add);
        assertThat(ours).containsExactlyElementsOf(names);
    }

    @Test
    void historyRowsUseNamesAndTimestampsWithoutOffset() {
        ObjectNode n = json.historyRow(model.addJobHistory(SimJobResult.WARNING, SimHistoryStatus.COMPLETED,
                Instant.parse("2024-03-01T09:59:58.750Z"), "careful"));
        assertThat(n.get("Result").asText()).isEqualTo("Warning");
        assertThat(n.get("Status").asText()).isEqualTo("Completed");
        assertThat(n.get("OperationStart").asText()).isEqualTo("2024-03-01T09:59:58");
        assertThat(n.get("Schedule").toString()).isEqualTo("{\"Interval\":{\"Minutes\":1}}");
    }

    @Test
    void agentsUseNumbers() {
        ObjectNode n = json.agent(model.defaultAgent());
        assertThat(n.get("Status").isInt()).isTrue();
        assertThat(n.get("Status").asInt()).isEqualTo(2);
        assertThat(n.get("AgentPlatform").isInt()).isTrue();
        assertThat(n.get("LastSeen").asText()).isEqualTo("2024-03-01T10:00:00");
        assertThat(n.get("Capabilities").toString()).contains("CertStores.WinCert.Inventory");
    }

    @Test
    void storeTypeCarriesTheJobTypeGuidsAndNullsForUnsupportedKinds() {
        ObjectNode n = json.storeType(model.winCert());
        assertThat(n.get("InventoryJobType").asText()).isEqualTo("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
        assertThat(n.get("ManagementJobType").asText()).isEqualTo("4be14534-55b0-4cd7-9871-536b55b5e973");
        assertThat(n.get("EnrollmentJobType").asText()).isEqualTo("e868b3f8-9b6a-48b1-91c8-683d71d94f61");
        assertThat(n.get("DiscoveryJobType").isNull()).isTrue();
        assertThat(n.get("SupportedOperations").get("Enrollment").asBoolean()).isTrue();
        assertThat(n.get("PrivateKeyAllowed").asText()).isEqualTo("Optional");
        assertThat(n.get("Properties").get(1).get("Name").asText()).isEqualTo("WinRM Protocol");
        assertThat(n.get("Properties").get(1).get("Type").asText()).isEqualTo("MultipleChoice");
    }

    @Test
    void storePropertiesAreAJsonTextAndStorepathIsSpeltSo() throws Exception {
        ObjectNode n = json.store(model.defaultStore());
        assertThat(n.has("Storepath")).isTrue();
        assertThat(n.has("StorePath")).isFalse();
        assertThat(n.get("Properties").isTextual()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> props = mapper.readValue(n.get("Properties").asText(), Map.class);
        assertThat(props).containsEntry("WinRM Port", "5986").containsEntry("ServerPassword", null);
    }

    @Test
    void certificateLocationsAndMetadataOnlyWhenAsked() {
        SimCertificate c = model.certificate(11).orElseThrow();
        ObjectNode bare = json.certificate(c, false, false);
        assertThat(bare.get("Locations")).isEmpty();
        assertThat(bare.get("Metadata")).isEmpty();
        ObjectNode full = json.certificate(c, true, true);
        assertThat(full.get("Locations").get(0).get("CertStoreId").asText())
                .isEqualTo(model.defaultStore().id().toString());
        assertThat(full.get("Metadata").get("Environment").asText()).isEqualTo("Lab");
        assertThat(full.get("Thumbprint").asText()).matches("[0-9A-F]{40}");
    }

    @Test
    void completionHasTheContextsFieldNames() {
        model.scheduleManagementAdd(model.defaultStore().id(), null);
        ObjectNode n = json.completion(model.runDueJobs(Instant.parse("2024-03-01T10:00:00Z")).get(0));
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("AgentId", "Username", "ClientMachine", "JobResult", "JobId", "JobType",
                "JobTypeId", "OperationType", "CertificateId", "RequestTimestamp", "CurrentRetryCount");
        assertThat(n.get("OperationType").asText()).isEqualTo("Add");
        assertThat(n.get("JobResult").asText()).isEqualTo("Success");
        assertThat(n.get("CertificateId").asInt()).isEqualTo(14);
        assertThat(n.get("JobTypeId").asText()).isEqualTo("4be14534-55b0-4cd7-9871-536b55b5e973");
    }
}
