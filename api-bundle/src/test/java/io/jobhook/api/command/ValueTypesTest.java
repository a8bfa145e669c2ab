package io.jobhook.api.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jobhook.api.JobKind;

class ValueTypesTest {

    static final UUID INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
    static final UUID MANAGEMENT = UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973");
    static final UUID ENROLLMENT = UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61");

    static CertificateStoreType winCert() {
        return new CertificateStoreType(101, "Windows Certificate", "WinCert", "WinCert", false,
                new SupportedOperations(true, false, false, true, true), null, null, "Optional", "Forbidden",
                true, false, true, null, INVENTORY, MANAGEMENT, null, ENROLLMENT);
    }

    @Test
    void storeTypeMapsItsJobTypeGuidsToKindsBothWays() {
        CertificateStoreType t = winCert();
        assertThat(t.jobTypeIds()).containsExactly(
                Map.entry(JobKind.INVENTORY, INVENTORY), Map.entry(JobKind.MANAGEMENT, MANAGEMENT),
                Map.entry(JobKind.REENROLLMENT, ENROLLMENT));
        assertThat(t.kindOf(ENROLLMENT)).contains(JobKind.REENROLLMENT);
        assertThat(t.kindOf(UUID.randomUUID())).isEmpty();
        assertThat(t.jobTypeId(JobKind.DISCOVERY)).isEmpty();
        assertThat(t.properties()).isEmpty();
        assertThat(t.supportedOperations().management()).isTrue();
    }

    @Test
    void exceptionSaysWhichCallFailedAndWhatCommandSaid() {
        CommandApiException e = new CommandApiException(400, "0xA011004A", "Invalid sort field: Nope", "GET",
                "/OrchestratorJobs/JobHistory", null);
        assertThat(e).hasMessage(
                "Command API GET /OrchestratorJobs/JobHistory answered 400 (0xA011004A): Invalid sort field: Nope");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.errorCode()).isEqualTo("0xA011004A");
        assertThat(e.keyfactorMessage()).isEqualTo("Invalid sort field: Nope");
        assertThat(e.isNotFound()).isFalse();
        assertThat(new CommandApiException(404, null, null, "GET", "/Agents/x", null).isNotFound()).isTrue();
    }

    @Test
    void exceptionWithoutAnswerNamesTheTransportFailure() {
        IOException cause = new ConnectException("Connection refused");
        CommandApiException e = new CommandApiException(CommandApiException.NO_RESPONSE, null, null, "POST",
                "/OrchestratorJobs/Custom", cause);
        assertThat(e).hasMessage("Command API POST /OrchestratorJobs/Custom got no answer: ConnectException: Connection refused")
                .hasCause(cause);
    }

    @Test
    void exceptionAddsJobhooksDetailWhereCommandSaidNothing() {
        assertThat(new CommandApiException(401, null, null, "GET", "/Agents", "no body; check the credentials", null))
                .hasMessage("Command API GET /Agents answered 401: no body; check the credentials");
        assertThat(new CommandApiException(500, "0x1", "Boom", "GET", "/Agents", "more", null))
                .hasMessage("Command API GET /Agents answered 500 (0x1): Boom (more)");
    }

    @Test
    void schedulesRenderTheirQueryForm() {
        assertThat(Schedule.everyMinutes(30).queryForm()).isEqualTo("I_30");
        assertThat(new Schedule.Daily(Instant.parse("2023-05-06T14:30:00Z")).queryForm()).isEqualTo("D_14:30");
        assertThat(new Schedule.Weekly(List.of(DayOfWeek.MONDAY), Instant.parse("2023-05-06T08:05:00Z")).queryForm())
                .startsWith("W_");
        assertThatThrownBy(() -> Schedule.everyMinutes(0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> new Schedule.Monthly(32, Instant.EPOCH)).hasMessageContaining("was 32");
        assertThatThrownBy(() -> new Schedule.Weekly(List.of(), Instant.EPOCH)).hasMessageContaining("at least one day");
    }

    @Test
    void customJobRequestNeedsAnOrchestratorAndAJobTypeAndDefaultsToImmediate() {
        CustomJobRequest r = new CustomJobRequest(UUID.randomUUID(), "RestartIIS", null, null);
        assertThat(r.schedule()).isEqualTo(Schedule.immediate());
        assertThat(r.jobFields()).isEmpty();
        assertThatThrownBy(() -> new CustomJobRequest(null, "RestartIIS", null, null)).hasMessageContaining("agentId");
        assertThatThrownBy(() -> CustomJobRequest.immediate(UUID.randomUUID(), " ")).hasMessageContaining("jobTypeName");
    }

    @Test
    void jobAuditSelectionIsByIdsOrByQueryNeverBothOrNeither() {
        assertThat(JobAuditSelection.ofIds(2168, 2169).jobAuditIds()).containsExactly(2168L, 2169L);
        assertThat(JobAuditSelection.ofQuery(Query.field("Result").eq("4")).query()).isNotNull();
        assertThatThrownBy(() -> JobAuditSelection.ofIds()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobAuditSelection(List.of(1L), Query.field("A").eq(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawRequestsNeedAKnownMethodAndAPathBelowTheBaseUrl() {
        CommandRequest r = CommandRequest.get("/Status/Endpoints").withQueryParameter("a", "b c");
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.queryParameters()).containsEntry("a", "b c");
        assertThat(new CommandRequest("patch", "/Certificates/Metadata", null, "{}").method()).isEqualTo("PATCH");
        assertThatThrownBy(() -> new CommandRequest("TRACE", "/x", null, null)).hasMessageContaining("TRACE");
        assertThatThrownBy(() -> CommandRequest.get("Agents")).hasMessageContaining("'Agents'");
        assertThatThrownBy(() -> CommandRequest.get("//evil.example/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandRequest.get("/Agents?x=1")).hasMessageContaining("queryParameters");
    }

    @Test
    void responseHeadersAreFoundInAnyCase() {
        CommandResponse r = new CommandResponse(200, Map.of("X-Keyfactor-Product-Version", List.of("11.2.0.0")), null);
        assertThat(r.header("x-keyfactor-product-version")).contains("11.2.0.0");
        assertThat(r.header("Missing")).isEmpty();
        assertThat(r.body()).isEmpty();
    }
}
