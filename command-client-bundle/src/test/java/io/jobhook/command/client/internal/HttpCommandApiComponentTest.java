package io.jobhook.command.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jobhook.api.command.PagedQuery;

class HttpCommandApiComponentTest {

    @Test
    void aWorkingConfigurationGivesAWorkingService() throws IOException {
        try (ScriptedServer server = new ScriptedServer()) {
            server.otherwise(ScriptedServer.Answer.json(200, "[]"));
            HttpCommandApi component = new HttpCommandApi(ClientSettingsTest.config(Map.of(
                    "url", server.uri("/KeyfactorAPI").toString(), "auth", "bearer", ".bearerToken", "tok")));

            assertThat(component.baseUri()).isEqualTo(server.uri("/KeyfactorAPI/"));
            assertThat(component.agents(PagedQuery.all())).isEmpty();
            assertThat(server.seen.get(0).header("Authorization")).isEqualTo("Bearer tok");
        }
    }

    @Test
    void aConfigurationThatCannotWorkIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new HttpCommandApi(ClientSettingsTest.config(Map.of("auth", "oauth",
                "url", "https://command/KeyfactorAPI", "clientId", "c", ".clientSecret", "very-secret"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration io.jobhook.command refused: key 'tokenUrl' is missing")
                .hasMessageNotContaining("very-secret");
    }
}
