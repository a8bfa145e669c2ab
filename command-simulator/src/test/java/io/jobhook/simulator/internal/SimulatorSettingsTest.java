package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class SimulatorSettingsTest {

    @Test
    void defaultsGenerateOneUserAndOneClient() {
        SimulatorSettings s = SimulatorSettings.defaults();
        assertThat(s.seed()).isEqualTo(1);
        assertThat(s.basePath()).isEqualTo("/KeyfactorAPI");
        assertThat(s.auth()).isEqualTo(EnumSet.allOf(AuthScheme.class));
        assertThat(s.users()).containsOnlyKeys("KFTRAIN\\svc");
        assertThat(s.password()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(s.clients()).containsOnlyKeys("jobhook");
        assertThat(SimulatorSettings.defaults().password()).isNotEqualTo(s.password());
        assertThat(s.tokenTtlSeconds()).isEqualTo(300);
        assertThat(s.jobIntervalSeconds()).isEqualTo(5);
    }

    @Test
    void configuredCredentialsReplaceTheGeneratedOnes() {
        SimulatorSettings s = SimulatorSettings.defaults().withUser("LAB\\a", "pa").withUser("LAB\\b", "pb")
                .withClient("c1", "s1");
        assertThat(s.users()).isEqualTo(Map.of("LAB\\a", "pa", "LAB\\b", "pb"));
        assertThat(s.clients()).isEqualTo(Map.of("c1", "s1"));
        assertThat(s.user()).isEqualTo("LAB\\a");
    }

    @Test
    void toStringShowsNoSecret() {
        SimulatorSettings s = SimulatorSettings.defaults().withUser("LAB\\a", "hunter2-secret")
                .withClient("c1", "client-secret-9").withPush(URI.create("http://127.0.0.1:1/p"), "push-token-7");
        assertThat(s.toString()).doesNotContain("hunter2-secret", "client-secret-9", "push-token-7")
                .contains("LAB\\a", "c1");
    }

    @Test
    void invalidValuesAreNamed() {
        SimulatorSettings d = SimulatorSettings.defaults();
        assertThatThrownBy(() -> d.withBasePath("KeyfactorAPI")).hasMessageContaining("basePath");
        assertThatThrownBy(() -> d.withBasePath("/simulator")).hasMessageContaining("basePath");
        assertThat(d.withBasePath("/Keyfactor/API/").basePath()).isEqualTo("/Keyfactor/API");
        assertThatThrownBy(() -> d.withAuth(Set.of())).hasMessageContaining("auth");
        assertThatThrownBy(() -> d.withTokenTtlSeconds(0)).hasMessageContaining("tokenTtlSeconds");
        assertThatThrownBy(() -> d.withJobIntervalSeconds(-1)).hasMessageContaining("jobIntervalSeconds");
        assertThatThrownBy(() -> d.withPush(URI.create("ftp://x/y"), "t")).hasMessageContaining("pushUrl");
        assertThatThrownBy(() -> d.withPush(URI.create("http://x/y"), "")).hasMessageContaining(".pushToken");
        assertThatThrownBy(() -> d.withFaults("status500=9")).hasMessageContaining("status500=9");
        assertThatThrownBy(() -> AuthScheme.parseList("basic,kerberos")).hasMessageContaining("kerberos");
    }

    @Test
    void configurationEntriesAreParsedWithoutEchoingSecrets() {
        SimulatorSettings s = SimulatorSettings.fromConfiguration(7, 0, "/KFAPI", "oauth",
                new String[] {"LAB\\ops=p=w"}, new String[] {"cli=sec"}, 60, "http://127.0.0.1:8642/jobhook/v1/completions",
                "tok", "latencyMs=5");
        assertThat(s.users()).containsEntry("LAB\\ops", "p=w");
        assertThat(s.clients()).containsEntry("cli", "sec");
        assertThat(s.auth()).containsExactly(AuthScheme.OAUTH);
        assertThat(s.pushUrl()).contains(URI.create("http://127.0.0.1:8642/jobhook/v1/completions"));
        assertThatThrownBy(() -> SimulatorSettings.fromConfiguration(1, 5, "/K", "basic",
                new String[] {"LAB\\ok=fine", "topsecretvalue"}, new String[0], 300, "", "", ""))
                .hasMessageContaining(".users").hasMessageContaining("entry 2").hasMessageNotContaining("topsecretvalue");
        assertThatThrownBy(() -> SimulatorSettings.fromConfiguration(1, 5, "/K", "basic", new String[0], new String[0],
                300, "http://127.0.0.1:1/x", "", "")).hasMessageContaining("pushUrl");
    }

    @Test
    void theComponentsConfigurationMapsPrivateKeys() {
        SimulatorConfig config = Converters.standardConverter().convert(Map.of("enabled", "true", ".users",
                new String[] {"LAB\\x=y"}, ".clients", "a=b", ".pushToken", "t", "pushUrl", "http://127.0.0.1:9/p"))
                .to(SimulatorConfig.class);
        assertThat(config._users()).containsExactly("LAB\\x=y");
        assertThat(config._clients()).containsExactly("a=b");
        assertThat(config._pushToken()).isEqualTo("t");
        assertThat(config.basePath()).isEqualTo("/KeyfactorAPI");
        assertThat(config.seed()).isEqualTo(1L);
        SimulatorConfig disabled = Converters.standardConverter().convert(Map.of()).to(SimulatorConfig.class);
        assertThat(disabled.enabled()).isFalse();
        // Disabled: the component starts nothing and needs no framework.
        new SimulatorComponent(disabled, null).deactivate();
    }
}
