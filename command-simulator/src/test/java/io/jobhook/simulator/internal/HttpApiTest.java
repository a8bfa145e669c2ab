package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.jobhook.testsupport.MutableClock;
import io.jobhook.testsupport.SharedData;

class HttpApiTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T10:00:00Z"));
    private StandaloneSimulator sim;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        sim = StandaloneSimulator.start(0, SimulatorSettings.defaults().withJobIntervalSeconds(0), clock);
        http = new Http(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void curlEquivalentAnswersWinCertWithItsJobTypes() throws Exception {
        assertThat(sim.baseUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/KeyfactorAPI/");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sim.baseUri().resolve("CertificateStoreTypes/Name/WinCert"))
                .header("Authorization", Http.basic("KFTRAIN\\svc", sim.settings().password()))
                .header("x-keyfactor-requested-with", "APIClient").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Keyfactor-Product-Version")).contains("11.2.0.0");
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = Http.json(r);
        assertThat(body.isArray()).isTrue();
        assertThat(body).hasSize(1);
        assertThat(body.get(0).get("InventoryJobType").asText()).isEqualTo("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
        assertThat(body.get(0).get("ManagementJobType").asText()).isEqualTo("4be14534-55b0-4cd7-9871-536b55b5e973");
        assertThat(body.get(0).get("EnrollmentJobType").asText()).isEqualTo("e868b3f8-9b6a-48b1-91c8-683d71d94f61");
    }

    @Test
    void answeredRequestsAreKeptOnlyOnceAskedForWithThePathBelowTheBaseAsSent() throws Exception {
        http.get("Agents");
        assertThat(sim.simulator().answeredRequests()).as("not recording by default").isEmpty();

        sim.simulator().recordRequests();
        http.send(HttpRequest.newBuilder(sim.baseUri().resolve("/keyfactorapi/CertificateStoreTypes/Name/Win%43ert?x=%31"))
                .header("Authorization", http.basic()).header("x-keyfactor-requested-with", "APIClient").build());
        http.send(HttpRequest.newBuilder(sim.baseUri()).header("Authorization", http.basic())
                .header("x-keyfactor-requested-with", "APIClient").build());
        http.token("grant_type=client_credentials&client_id=" + sim.settings().clientId() + "&client_secret="
                + sim.settings().clientSecret());
        http.control("GET", "requests", null);

        assertThat(sim.simulator().answeredRequests()).containsExactly(
                new AnsweredRequest("GET", "/CertificateStoreTypes/Name/Win%43ert", "x=%31", 200),
                new AnsweredRequest("GET", "/", null, 404));
    }

    @Test
    void pathsIgnoreCaseAsIisDoes() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                sim.baseUri().resolve("/keyfactorapi/certificatestoretypes/name/wincert"))
                .header("Authorization", http.basic()).header("x-keyfactor-requested-with", "APIClient").build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r).get(0).get("ShortName").asText()).isEqualTo("WinCert");
    }

    @Test
    void withoutTheRequestedWithHeaderTheAnswerIs400() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sim.baseUri().resolve("Agents"))
                .header("Authorization", http.basic()).build());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r).get("ErrorCode").asText()).isEqualTo(ApiError.MISSING_HEADER);
        assertThat(Http.json(r).get("Message").asText()).contains("x-keyfactor-requested-with");
        assertThat(r.headers().firstValue("X-Keyfactor-Product-Version")).isPresent();
    }

    @Test
    void unknownIdsAnswer404WithAKeyfactorError() throws Exception {
        for (String path : List.of("CertificateStoreTypes/Name/NoSuchType", "CertificateStoreTypes/9999",
                "Agents/00000000-0000-0000-0000-000000000001", "Certificates/4242",
                "CertificateStores/00000000-0000-0000-0000-000000000001", "NoSuchThing")) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            JsonNode e = Http.json(r);
            assertThat(e.get("ErrorCode").asText()).as(path).isEqualTo(ApiError.NOT_FOUND);
            assertThat(e.get("Message").asText()).as(path).isNotBlank();
        }
    }

    @Test
    void storeTypesListAndById() throws Exception {
        JsonNode all = Http.json(http.get("CertificateStoreTypes"));
        assertThat(all.size()).isEqualTo(sim.model().storeTypes().size());
        int id = sim.model().winCert().storeType();
        JsonNode one = Http.json(http.get("CertificateStoreTypes/" + id));
        assertThat(one.isObject()).isTrue();
        assertThat(one.get("ShortName").asText()).isEqualTo("WinCert");
        JsonNode filtered = Http.json(http.get("CertificateStoreTypes?cstquery.queryString="
                + Http.enc("ShortName -startswith \"RF\"") + "&cstquery.sortField=ShortName&cstquery.sortAscending=1"));
        List<String> names = new ArrayList<>();
        filtered.forEach(t -> names.add(t.get("ShortName").asText()));
        assertThat(names).containsExactly("RFPkcs12", "RFPEM", "RFJKS");
    }

    @Test
    void jobHistoryPagesAndFilters() throws Exception {
        sim.model().addJobHistory(120, Instant.parse("2024-03-01T00:00:00Z"));
        List<Long> ids = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode rows = Http.json(http.get("OrchestratorJobs/JobHistory?pq.pageReturned=" + page
                    + "&pq.returnLimit=50&pq.sortField=JobHistoryId&pq.sortAscending=0"));
            rows.forEach(r -> ids.add(r.get("JobHistoryId").asLong()));
            if (rows.size() < 50) {
                break;
            }
        }
        assertThat(ids).hasSize(120).isSorted().doesNotHaveDuplicates();
        JsonNode filtered = Http.json(http.get("OrchestratorJobs/JobHistory?QueryString="
                + Http.enc("JobHistoryId -ge \"" + ids.get(117) + "\" AND Status -eq \"3\"")));
        assertThat(filtered).hasSize(3);
        assertThat(filtered.get(0).get("Status").asText()).isEqualTo("Completed");
        assertThat(filtered.get(0).get("Result").asText()).isEqualTo("Success");
        assertThat(filtered.get(0).get("OperationStart").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    }

    @Test
    void invalidSortFieldOrQueryAnswer400NeverA500() throws Exception {
        HttpResponse<String> sort = http.get("OrchestratorJobs/JobHistory?pq.sortField=Colour");
        assertThat(sort.statusCode()).isEqualTo(400);
        assertThat(Http.json(sort).get("ErrorCode").asText()).isEqualTo("0xA011004A");
        assertThat(Http.json(sort).get("Message").asText()).isEqualTo("Invalid sort field: Colour");
        for (String q : List.of("JobId -eq", "Nope -eq \"1\"", "(", "Status -eq \"Dozing\"", "\"", "AND OR")) {
            HttpResponse<String> r = http.get("OrchestratorJobs/JobHistory?pq.queryString=" + Http.enc(q));
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(Http.json(r).get("ErrorCode").asText()).as(q).isEqualTo("0xA011004A");
        }
        assertThat(http.get("Agents?ReturnLimit=zero").statusCode()).isEqualTo(400);
    }

    @Test
    void customJobRunsAndItsDataIsReadable() throws Exception {
        String agent = sim.model().defaultAgent().agentId().toString();
        HttpResponse<String> r = http.post("OrchestratorJobs/Custom", "{\"AgentId\":\"" + agent
                + "\",\"JobTypeName\":\"RestartService\",\"Schedule\":{\"Immediate\":true},"
                + "\"JobFields\":{\"ServiceName\":\"W3SVC\",\"TimeoutSeconds\":45,\"Force\":true}}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode job = Http.json(r);
        String jobId = job.get("JobId").asText();
        assertThat(job.get("OrchestratorId").asText()).isEqualTo(agent);
        assertThat(job.get("JobFields").toString()).contains("{\"JobTypeField\":\"TimeoutSeconds\",\"Value\":\"45\"}");
        assertThat(job.get("RequestTimestamp").asText()).isEqualTo("2024-03-01T10:00:00");
        JsonNode scheduled = Http.json(http.get("OrchestratorJobs/ScheduledJobs?pq.queryString="
                + Http.enc("Id -eq \"" + jobId + "\"")));
        assertThat(scheduled).hasSize(1);
        assertThat(scheduled.get(0).get("JobType").asText()).isEqualTo("RestartService");

        sim.model().runDueJobs(clock.instant());
        JsonNode rows = Http.json(http.get("OrchestratorJobs/JobHistory?pq.queryString="
                + Http.enc("JobID -eq \"" + jobId + "\"")));
        assertThat(rows).hasSize(1);
        long historyId = rows.get(0).get("JobHistoryId").asLong();
        JsonNode data = Http.json(http.get("OrchestratorJobs/JobStatus/Data?jobHistoryId=" + historyId));
        assertThat(data.get("JobHistoryId").asLong()).isEqualTo(historyId);
        assertThat(data.get("Data").asText()).contains("W3SVC");
        assertThat(http.get("OrchestratorJobs/JobStatus/Data?jobHistoryId=1").statusCode()).isEqualTo(404);
        assertThat(http.get("OrchestratorJobs/JobStatus/Data").statusCode()).isEqualTo(400);

        assertThat(http.post("OrchestratorJobs/Acknowledge", "{\"JobAuditIds\":[" + historyId + "]}").statusCode())
                .isEqualTo(204);
        assertThat(Http.json(http.get("OrchestratorJobs/JobHistory?pq.queryString="
                + Http.enc("Status -eq \"Acknowledged\""))).get(0).get("JobHistoryId").asLong()).isEqualTo(historyId);
        assertThat(http.post("OrchestratorJobs/Reschedule", "{\"Query\":\"JobId -eq \\\"" + jobId + "\\\"\"}")
                .statusCode()).isEqualTo(204);
        assertThat(sim.model().runDueJobs(clock.instant())).extracting(c -> c.jobId().toString()).containsExactly(jobId);
    }

    @Test
    void badBodiesAnswer400NamingTheProblem() throws Exception {
        String agent = sim.model().defaultAgent().agentId().toString();
        HttpResponse<String> noType = http.post("OrchestratorJobs/Custom", "{\"AgentId\":\"" + agent + "\"}");
        assertThat(noType.statusCode()).isEqualTo(400);
        assertThat(Http.json(noType).get("Message").asText()).contains("JobTypeName");
        HttpResponse<String> badField = http.post("OrchestratorJobs/Custom", "{\"AgentId\":\"" + agent
                + "\",\"JobTypeName\":\"RestartService\",\"JobFields\":{\"TimeoutSeconds\":\"later\"}}");
        assertThat(Http.json(badField).get("Message").asText()).contains("TimeoutSeconds");
        assertThat(http.post("OrchestratorJobs/Custom", "not json").statusCode()).isEqualTo(400);
        assertThat(http.post("OrchestratorJobs/Acknowledge", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = http.post("OrchestratorJobs/Acknowledge", "{\"JobAuditIds\":[123456]}");
        assertThat(Http.json(missing).get("Message").asText()).contains("123456");
        assertThat(http.send(http.api("OrchestratorJobs/JobHistory", http.basic())
                .DELETE().build()).statusCode()).isEqualTo(405);
    }

    @Test
    void agentsCertificatesStoresCustomTypesAndEndpoints() throws Exception {
        JsonNode agents = Http.json(http.get("Agents"));
        assertThat(agents.get(0).get("Status").isInt()).isTrue();
        assertThat(agents.get(0).get("AgentPlatform").isInt()).isTrue();
        String agentId = agents.get(0).get("AgentId").asText();
        assertThat(Http.json(http.get("Agents/" + agentId)).get("ClientMachine").asText())
                .isEqualTo("orchestrator.kftrain.lab");
        assertThat(Http.json(http.get("Agents?pq.queryString=" + Http.enc("Status -eq \"2\"")))).hasSize(1);

        JsonNode cert = Http.json(http.get("Certificates/11?includeLocations=true&includeMetadata=true"));
        assertThat(cert.get("Id").asInt()).isEqualTo(11);
        assertThat(cert.get("Locations")).hasSize(1);
        assertThat(cert.get("Metadata").size()).isPositive();

        String storeId = sim.model().defaultStore().id().toString();
        JsonNode store = Http.json(http.get("CertificateStores/" + storeId));
        assertThat(store.get("Storepath").asText()).isEqualTo("My");
        assertThat(store.get("Properties").isTextual()).isTrue();

        JsonNode types = Http.json(http.get("JobTypes/Custom"));
        assertThat(types.get(0).get("JobTypeName").asText()).isEqualTo("RestartService");
        assertThat(types.get(0).get("JobTypeFields").get(0).get("Type").asInt()).isEqualTo(1);
        String typeId = types.get(0).get("Id").asText();
        assertThat(Http.json(http.get("JobTypes/Custom/" + typeId)).get("Id").asText()).isEqualTo(typeId);

        JsonNode endpoints = Http.json(http.get("Status/Endpoints"));
        assertThat(endpoints.isArray()).isTrue();
        assertThat(endpoints.toString()).contains("GET /OrchestratorJobs/JobHistory");

        JsonNode scheduled = Http.json(http.get("OrchestratorJobs/ScheduledJobs"));
        assertThat(scheduled.get(0).get("Id").asText()).isEqualTo("0b4b411a-4b26-4492-a575-a10adb43a08a");
        assertThat(scheduled.get(0).get("Target").asText()).isEqualTo("iistarget.kftrain.lab My");
    }

    @Test
    void servesAllFiftySixStoreTypesFromTheSharedFile() throws Exception {
        java.nio.file.Path file = SharedData.file("store-types.kfutil.json");
        try (StandaloneSimulator big = StandaloneSimulator.start(0, SimulatorSettings.defaults()
                .withJobIntervalSeconds(0).withStoreTypesFile(file))) {
            Http h = new Http(big);
            JsonNode all = Http.json(h.get("CertificateStoreTypes?ReturnLimit=100"));
            assertThat(all).hasSize(56);
            for (JsonNode t : all) {
                JsonNode byName = Http.json(h.get("CertificateStoreTypes/Name/" + Http.enc(t.get("ShortName").asText())));
                assertThat(byName).hasSize(1);
                assertThat(byName.get(0).get("InventoryJobType").asText()).isEqualTo(t.get("InventoryJobType").asText());
            }
        }
    }
}
