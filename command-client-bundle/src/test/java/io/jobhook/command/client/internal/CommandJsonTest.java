package io.jobhook.command.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jobhook.api.JobResult;
import io.jobhook.api.command.Agent;
import io.jobhook.api.command.CertificateStore;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CustomJobRequest;
import io.jobhook.api.command.JobAuditSelection;
import io.jobhook.api.command.JobHistoryEntry;
import io.jobhook.api.command.JobHistoryStatus;
import io.jobhook.api.command.Query;
import io.jobhook.api.command.Schedule;
import io.jobhook.testsupport.SharedData;

class CommandJsonTest {

    static final UUID JOB = UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a");

    @Test
    void decodesTheCapturedJobHistoryAnswerFieldForField() throws IOException {
        String body = Files.readString(SharedData.file("jobhistory-response.sample.json"));
        List<JobHistoryEntry> rows = CommandJson.list(CommandJson.read(body), CommandJson::jobHistoryEntry);

        assertThat(rows).hasSize(4);
        JobHistoryEntry first = rows.get(0);
        assertThat(first.jobHistoryId()).isEqualTo(2168L);
        assertThat(first.agentMachine()).isEqualTo("orchestrator.kftrain.lab");
        assertThat(first.jobId()).isEqualTo(JOB);
        assertThat(first.schedule()).isEqualTo(new Schedule.Interval(1));
        assertThat(first.jobType()).isEqualTo("WinCertInventory");
        assertThat(first.operationStart()).isEqualTo(Instant.parse("2023-05-06T00:27:00Z"));
        assertThat(first.operationEnd()).isEqualTo(Instant.parse("2023-05-06T00:27:00Z"));
        assertThat(first.message()).isEmpty();
        assertThat(first.result()).isEqualTo(JobResult.SUCCESS);
        assertThat(first.status()).isEqualTo(JobHistoryStatus.COMPLETED);
        assertThat(first.storePath()).isEqualTo("My");
        assertThat(first.clientMachine()).isEqualTo("iistarget.kftrain.lab");

        JobHistoryEntry running = rows.get(3);
        assertThat(running.jobHistoryId()).isEqualTo(2171L);
        assertThat(running.operationEnd()).isNull();
        assertThat(running.result()).isEqualTo(JobResult.UNKNOWN);
        assertThat(running.status()).isEqualTo(JobHistoryStatus.IN_PROCESS);
    }

    @Test
    void decodesEnumerationsAsNumbersAndFieldNamesInAnyCase() throws IOException {
        JobHistoryEntry row = CommandJson.object(CommandJson.read(
                "{\"jobhistoryid\":7,\"JOBID\":\"{0B4B411A-4B26-4492-A575-A10ADB43A08A}\",\"Result\":4,\"Status\":5,"
                        + "\"OperationStart\":\"2023-05-06T00:27:00.123+02:00\"}"), CommandJson::jobHistoryEntry);
        assertThat(row.jobHistoryId()).isEqualTo(7);
        assertThat(row.jobId()).isEqualTo(JOB);
        assertThat(row.result()).isEqualTo(JobResult.FAILURE);
        assertThat(row.status()).isEqualTo(JobHistoryStatus.COMPLETED_WILL_RETRY);
        assertThat(row.operationStart()).isEqualTo(Instant.parse("2023-05-05T22:27:00.123Z"));
    }

    @Test
    void anEnumerationValueThisVersionDoesNotKnowReadsAsUnknown() throws IOException {
        JobHistoryEntry row = CommandJson.object(CommandJson.read("{\"Result\":\"Cancelled\",\"Status\":17}"),
                CommandJson::jobHistoryEntry);
        assertThat(row.result()).isEqualTo(JobResult.UNKNOWN);
        assertThat(row.status()).isEqualTo(JobHistoryStatus.UNKNOWN);
    }

    @Test
    void aMalformedGuidOrAWrongShapeIsAnAnswerFormatError() {
        assertThatThrownBy(() -> CommandJson.object(CommandJson.read("{\"JobId\":\"nope\"}"), CommandJson::jobHistoryEntry))
                .isInstanceOf(CommandJson.AnswerFormatException.class).hasMessageContaining("JobId").hasMessageContaining("'nope'");
        assertThatThrownBy(() -> CommandJson.list(CommandJson.read("{}"), CommandJson::jobHistoryEntry))
                .isInstanceOf(CommandJson.AnswerFormatException.class).hasMessageContaining("expected a JSON array");
        assertThatThrownBy(() -> CommandJson.read("[{\"JobHistoryId\":1,"))
                .isInstanceOf(CommandJson.AnswerFormatException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void decodesEveryShippedStoreTypeDefinition() throws IOException {
        String body = Files.readString(SharedData.file("store-types.kfutil.json"));
        List<CertificateStoreType> types = CommandJson.list(CommandJson.read(body), CommandJson::storeType);

        assertThat(types).hasSize(56);
        assertThat(types).allSatisfy(t -> assertThat(t.shortName()).isNotBlank());
        CertificateStoreType winCert = types.stream().filter(t -> t.shortName().equals("WinCert")).findFirst().orElseThrow();
        assertThat(winCert.capability()).isEqualTo("WinCert");
        assertThat(winCert.supportedOperations().add()).isTrue();
        assertThat(winCert.supportedOperations().enrollment()).isTrue();
        assertThat(winCert.supportedOperations().discovery()).isFalse();
        assertThat(winCert.properties()).extracting(p -> p.name()).contains("WinRM Protocol", "ServerUseSsl");
        assertThat(winCert.entryParameters()).extracting(p -> p.name()).contains("ProviderName");
        assertThat(winCert.inventoryJobType()).isNull(); // definitions carry no GUIDs: an instance makes them
    }

    @Test
    void decodesAStoreTypeAnswerWithItsGuidsAndNumericEnumerations() throws IOException {
        CertificateStoreType t = CommandJson.list(CommandJson.read("[{\"StoreType\":101,\"ShortName\":\"WinCert\","
                + "\"Capability\":\"WinCert\",\"PrivateKeyAllowed\":1,\"CustomAliasAllowed\":0,"
                + "\"Properties\":[{\"Name\":\"ServerUseSsl\",\"Type\":2,\"Required\":true}],"
                + "\"InventoryJobType\":\"49b3a17d-cada-4ec8-84c6-7719bf5beef3\","
                + "\"ManagementJobType\":\"4be14534-55b0-4cd7-9871-536b55b5e973\",\"DiscoveryJobType\":null,"
                + "\"EnrollmentJobType\":\"e868b3f8-9b6a-48b1-91c8-683d71d94f61\"}]"), CommandJson::storeType).get(0);
        assertThat(t.storeType()).isEqualTo(101);
        assertThat(t.privateKeyAllowed()).isEqualTo("Optional");
        assertThat(t.customAliasAllowed()).isEqualTo("Forbidden");
        assertThat(t.properties().get(0).type()).isEqualTo("Bool");
        assertThat(t.inventoryJobType()).isEqualTo(UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3"));
        assertThat(t.discoveryJobType()).isNull();
        assertThat(t.enrollmentJobType()).isEqualTo(UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61"));
    }

    @Test
    void decodesEverySchedule() throws IOException {
        assertThat(schedule("{\"Immediate\":true}")).isEqualTo(Schedule.immediate());
        assertThat(schedule("{\"Daily\":{\"Time\":\"2023-05-06T14:30:00Z\"}}"))
                .isEqualTo(new Schedule.Daily(Instant.parse("2023-05-06T14:30:00Z")));
        assertThat(schedule("{\"Weekly\":{\"Days\":[\"Monday\",0],\"Time\":\"2000-01-23 04:56:07+00:00\"}}"))
                .isEqualTo(new Schedule.Weekly(List.of(DayOfWeek.MONDAY, DayOfWeek.SUNDAY), Instant.parse("2000-01-23T04:56:07Z")));
        assertThat(schedule("{\"Monthly\":{\"Day\":15,\"Time\":\"2023-05-06T14:30:00\"}}"))
                .isEqualTo(new Schedule.Monthly(15, Instant.parse("2023-05-06T14:30:00Z")));
        assertThat(schedule("{\"ExactlyOnce\":{\"Time\":\"2023-05-06T14:30:00Z\"}}"))
                .isEqualTo(new Schedule.ExactlyOnce(Instant.parse("2023-05-06T14:30:00Z")));
        assertThat(schedule("null")).isNull();
    }

    @Test
    void encodesSchedulesAsCommandReadsThem() throws IOException {
        for (Schedule s : List.of(Schedule.immediate(), Schedule.everyMinutes(60),
                new Schedule.Weekly(List.of(DayOfWeek.SUNDAY, DayOfWeek.FRIDAY), Instant.parse("2023-05-06T08:00:00Z")),
                new Schedule.Monthly(3, Instant.parse("2023-05-06T08:00:00Z")))) {
            String json = "{\"Schedule\":" + CommandJson.scheduleJson(s) + "}";
            assertThat(CommandJson.schedule(CommandJson.read(json), "Schedule")).isEqualTo(s);
        }
        assertThat(CommandJson.scheduleJson(Schedule.everyMinutes(60))).hasToString("{\"Interval\":{\"Minutes\":60}}");
    }

    @Test
    void certificateStorePropertiesAreJsonTextDecodedAgain() throws IOException {
        CertificateStore s = CommandJson.object(CommandJson.read("{\"Id\":\"" + JOB + "\",\"Storepath\":\"My\","
                + "\"CertStoreType\":101,\"Properties\":\"{\\\"spnwithport\\\":{\\\"value\\\":\\\"false\\\"}}\"}"),
                CommandJson::certificateStore);
        assertThat(s.storePath()).isEqualTo("My");
        assertThat(s.properties()).containsKey("spnwithport");
    }

    @Test
    void agentsComeWithNumbersOrNames() throws IOException {
        Agent a = CommandJson.object(CommandJson.read("{\"AgentId\":\"fa406103-d84a-43ea-8bfd-99bc1f064281\","
                + "\"ClientMachine\":\"orchestrator.kftrain.lab\",\"Status\":2,\"AgentPlatform\":1,"
                + "\"Capabilities\":[\"CertStores.WinCert.Inventory\"]}"), CommandJson::agent);
        assertThat(a.approved()).isTrue();
        assertThat(a.capabilities()).containsExactly("CertStores.WinCert.Inventory");
        assertThat(CommandJson.object(CommandJson.read("{\"Status\":\"Approved\"}"), CommandJson::agent).status()).isEqualTo(2);
    }

    @Test
    void writesRequestBodiesInCommandsShape() throws IOException {
        String body = CommandJson.customJobRequestJson(new CustomJobRequest(
                UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281"), "RestartService", null,
                java.util.Map.of("ServiceName", "W3SVC")));
        assertThat(CommandJson.read(body)).hasToString("{\"AgentId\":\"fa406103-d84a-43ea-8bfd-99bc1f064281\","
                + "\"JobTypeName\":\"RestartService\",\"Schedule\":{\"Immediate\":true},\"JobFields\":{\"ServiceName\":\"W3SVC\"}}");
        assertThat(CommandJson.jobAuditSelectionJson(JobAuditSelection.ofIds(2168, 2169)))
                .isEqualTo("{\"JobAuditIds\":[2168,2169]}");
        assertThat(CommandJson.jobAuditSelectionJson(JobAuditSelection.ofQuery(Query.field("Result").eq(JobResult.FAILURE))))
                .isEqualTo("{\"Query\":\"Result -eq \\\"4\\\"\"}");
    }

    private static Schedule schedule(String json) throws IOException {
        return CommandJson.schedule(CommandJson.read("{\"S\":" + json + "}"), "S");
    }
}
