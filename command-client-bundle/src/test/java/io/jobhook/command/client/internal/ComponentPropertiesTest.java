package io.jobhook.command.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Settings from a plain map equal those DS (here: the OSGi converter, which follows the same rules) builds. */
class ComponentPropertiesTest {

    @Test
    void elementNamesMapToPropertyNamesAsInDs() {
        assertThat(ComponentProperties.propertyName("_password")).isEqualTo(".password");
        assertThat(ComponentProperties.propertyName("commandApi_target")).isEqualTo("commandApi.target");
        assertThat(ComponentProperties.propertyName("a__b")).isEqualTo("a_b");
        assertThat(ComponentProperties.propertyName("a$_$b")).isEqualTo("a-b");
        assertThat(ComponentProperties.propertyName("a$$b")).isEqualTo("a$b");
        assertThat(ComponentProperties.propertyName("a$b")).isEqualTo("ab");
    }

    @Test
    void theSameMapGivesTheSameSettingsAsTheComponentGets() {
        Map<String, Object> basic = ClientSettingsTest.basic();
        Map<String, Object> oauth = new HashMap<>(basic);
        oauth.putAll(Map.of("auth", "OAuth", "tokenUrl", "https://idp:1443/realms/Keyfactor/protocol/openid-connect/token",
                "clientId", "jobhook", ".clientSecret", "client-s3cret", "scope", "api", "audience", "command"));
        Map<String, Object> text = new HashMap<>(basic);
        text.putAll(Map.of("connectTimeout", "1500", "requestTimeout", "9000", "maxAttempts", "2",
                "apiVersion", "2"));
        Map<String, Object> lists = Map.of("url", new String[] {"https://command/KeyfactorAPI/"},
                "auth", List.of("bearer"), ".bearerToken", "tok", "maxAttempts", new long[] {7});

        for (Map<String, Object> properties : List.of(basic, oauth, text, lists)) {
            ClientSettings fromMap = ClientSettings.from(properties);
            ClientSettings fromDs = ClientSettings.from(ClientSettingsTest.config(properties));
            assertThat(fromMap).as("%s", properties.keySet()).hasToString(fromDs.toString());
            assertThat(fromMap.password).isEqualTo(fromDs.password);
            assertThat(fromMap.clientSecret).isEqualTo(fromDs.clientSecret);
            assertThat(fromMap.bearerToken).isEqualTo(fromDs.bearerToken);
            assertThat(fromMap.scope).isEqualTo(fromDs.scope);
            assertThat(fromMap.audience).isEqualTo(fromDs.audience);
        }
    }

    @Test
    void theSameRefusalAsTheComponentGets() {
        Map<String, Object> p = ClientSettingsTest.basic();
        p.put("url", "https://admin:hunter2@command/KeyfactorAPI");
        p.remove(".password");
        p.put("connectTimeout", -1);
        assertThatThrownBy(() -> ClientSettings.from(p)).hasMessage(catching(
                () -> ClientSettings.from(ClientSettingsTest.config(p))).getMessage());
    }

    @Test
    void aValueThatIsNoNumberIsOneMoreProblemNamingKeyAndValueAndTheDefaultStandsIn() {
        List<String> problems = new ArrayList<>();
        CommandClientConfig c = ComponentProperties.of(CommandClientConfig.class,
                Map.of("connectTimeout", "soon", "maxAttempts", 1L << 40, "requestTimeout", true), problems);

        assertThat(problems).containsExactlyInAnyOrder("key 'connectTimeout' must be a whole number, is 'soon'",
                "key 'maxAttempts' must be a whole number, is '1099511627776'",
                "key 'requestTimeout' must be a whole number, is 'true'");
        assertThat(c.connectTimeout()).isEqualTo(5000);
        assertThat(c.maxAttempts()).isEqualTo(4);
        assertThat(c.toString()).doesNotContain("soon");
    }

    private static RuntimeException catching(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no exception");
    }
}
