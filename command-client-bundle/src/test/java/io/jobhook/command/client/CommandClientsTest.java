package io.jobhook.command.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jobhook.api.JobKind;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.CustomJobRequest;
import io.jobhook.api.command.PagedQuery;
import io.jobhook.simulator.SimulatedCommand;

/** The exported factories, as a test kit or a tool uses them: real clients of the simulator over loopback HTTP. */
class CommandClientsTest {

    static final UUID SAMPLE_AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");
    static final UUID INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");

    SimulatedCommand sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatedCommand.builder().user("KFTRAIN\\svc", "sim-password").oauthClient("jobhook", "sim-client-secret")
                .start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void basicGivesAWorkingClientOfTheBaseUri() {
        CommandApi client = CommandClients.basic(sim.baseUri(), "KFTRAIN\\svc", "sim-password");

        assertThat(client.baseUri()).isEqualTo(sim.baseUri());
        assertThat(client.storeTypeByName("WinCert").orElseThrow().jobTypeIds()).containsEntry(JobKind.INVENTORY,
                INVENTORY);
        assertThat(client.agent(SAMPLE_AGENT).orElseThrow().clientMachine()).isEqualTo("orchestrator.kftrain.lab");

        CommandApi wrong = CommandClients.basic(sim.baseUri(), "KFTRAIN\\svc", "not-the-password");
        assertThatThrownBy(() -> wrong.agents(PagedQuery.all())).isInstanceOf(CommandApiException.class)
                .satisfies(e -> assertThat(((CommandApiException) e).status()).isEqualTo(401))
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void fromConfigurationReadsTheKeysAsTheServiceDoesFromACfgFile() {
        // As FileInstall hands them over: text for numbers, and keys of its own the client ignores.
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("url", sim.baseUri().toString().replaceAll("/$", ""));
        cfg.put("auth", "oauth");
        cfg.put("tokenUrl", sim.tokenUri().toString());
        cfg.put("clientId", "jobhook");
        cfg.put(".clientSecret", "sim-client-secret");
        cfg.put("connectTimeout", "2000");
        cfg.put("requestTimeout", 10_000L);
        cfg.put("maxAttempts", "2");
        cfg.put("apiVersion", "1");
        cfg.put("felix.fileinstall.filename", "file:/opt/jobhook/etc/io.jobhook.command.cfg");

        CommandApi client = CommandClients.fromConfiguration(cfg);

        assertThat(client.baseUri()).isEqualTo(sim.baseUri());
        assertThat(client.customJobTypes()).extracting(t -> t.jobTypeName()).contains("RestartService");
        client.scheduleCustomJob(new CustomJobRequest(SAMPLE_AGENT, "RestartService", null,
                Map.of("ServiceName", "W3SVC")));
        assertThat(sim.scheduledCustomJobs()).singleElement().satisfies(j -> assertThat(j.jobFields())
                .containsEntry("ServiceName", "W3SVC"));
        assertThat(sim.requestCount("/OrchestratorJobs/Custom")).isEqualTo(1);

        Map<String, Object> basic = Map.of("url", List.of(sim.baseUri().toString()), "username", "KFTRAIN\\svc",
                ".password", new String[] {"sim-password"}, "maxAttempts", 1);
        assertThat(CommandClients.fromConfiguration(basic).storeTypeByName("WinCert")).isPresent();
    }

    @Test
    void aConfigurationTheServiceWouldRefuseIsRefusedNamingEveryKeyAndNoSecret() {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("url", "ftp://command.kftrain.lab/KeyfactorAPI");
        cfg.put("username", "KFTRAIN\\svc");
        cfg.put(".password", "hunter2-secret");
        cfg.put("maxAttempts", "many");
        cfg.put("requestTimeout", 0);

        assertThatThrownBy(() -> CommandClients.fromConfiguration(cfg))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Configuration io.jobhook.command refused: ")
                .hasMessageContaining("key 'maxAttempts' must be a whole number, is 'many'")
                .hasMessageContaining("key 'url' must be an absolute http or https URL, is "
                        + "'ftp://command.kftrain.lab/KeyfactorAPI'")
                .hasMessageContaining("key 'requestTimeout' must be more than 0 ms, is 0")
                .hasMessageNotContaining("hunter2-secret");

        assertThatThrownBy(() -> CommandClients.fromConfiguration(Map.of("auth", "oauth", "url", "https://command/KeyfactorAPI",
                "clientId", "jobhook", ".clientSecret", "very-secret")))
                .hasMessage("Configuration io.jobhook.command refused: key 'tokenUrl' is missing");
        assertThatThrownBy(() -> CommandClients.fromConfiguration(Map.of("url", "https://command/KeyfactorAPI",
                "auth", "kerberos"))).hasMessageContaining("key 'auth': 'kerberos' is not one of basic, oauth, bearer, none");
    }

    @Test
    void basicRefusesWhatTheConfigurationWouldWithTheKeysNamed() {
        assertThatThrownBy(() -> CommandClients.basic(URI.create("https://svc:hunter2@command/KeyfactorAPI"),
                "KFTRAIN\\svc", "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'url' must not carry credentials")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> CommandClients.basic(null, "KFTRAIN\\svc", null))
                .hasMessage("Configuration io.jobhook.command refused: key 'url' is missing; key '.password' is missing");
    }
}
