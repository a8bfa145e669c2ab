package io.jobhook.command.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class ClientSettingsTest {

    static CommandClientConfig config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(CommandClientConfig.class);
    }

    static Map<String, Object> basic() {
        Map<String, Object> p = new HashMap<>();
        p.put("url", "https://command.kftrain.lab/KeyfactorAPI");
        p.put("username", "KFTRAIN\\svc");
        p.put(".password", "s3cret-pw");
        return p;
    }

    @Test
    void acceptsBasicWithContractDefaults() {
        ClientSettings s = ClientSettings.from(config(basic()));
        assertThat(s.baseUri).hasToString("https://command.kftrain.lab/KeyfactorAPI/");
        assertThat(s.auth).isEqualTo(AuthMode.BASIC);
        assertThat(s.password).isEqualTo("s3cret-pw");
        assertThat(s.connectTimeout.toMillis()).isEqualTo(5000);
        assertThat(s.requestTimeout.toMillis()).isEqualTo(30000);
        assertThat(s.maxAttempts).isEqualTo(4);
        assertThat(s.backoffInitial.toMillis()).isEqualTo(200);
        assertThat(s.backoffMax.toMillis()).isEqualTo(5000);
        assertThat(s.apiVersion).isEqualTo("1");
    }

    @Test
    void anUnresolvedSecretReferenceIsRefusedNamingTheKeyAndTheReference() {
        Map<String, Object> p = basic();
        p.put(".password", "$[secret:command.password]");
        assertThatThrownBy(() -> ClientSettings.from(config(p)))
                .hasMessage("Configuration io.jobhook.command refused: key '.password' is the unresolved reference "
                        + "$[secret:command.password]: set that environment variable or write that secret's file");
    }

    @Test
    void backoffIsConfigurableAndItsBoundsChecked() {
        Map<String, Object> p = basic();
        p.put("backoffInitial", "5");
        p.put("backoffMax", 50);
        ClientSettings s = ClientSettings.from(config(p));
        assertThat(s.backoffInitial.toMillis()).isEqualTo(5);
        assertThat(s.backoffMax.toMillis()).isEqualTo(50);

        p.put("backoffInitial", "100");
        assertThatThrownBy(() -> ClientSettings.from(config(p)))
                .hasMessageContaining("key 'backoffMax' (50) must not be less than 'backoffInitial' (100)");
        p.put("backoffInitial", 0);
        assertThatThrownBy(() -> ClientSettings.from(config(p))).hasMessageContaining("key 'backoffInitial'");
    }

    @Test
    void neverShowsSecretsInItsDescription() {
        Map<String, Object> p = basic();
        p.put("auth", "oauth");
        p.put("tokenUrl", "https://idp:1443/realms/Keyfactor/protocol/openid-connect/token");
        p.put("clientId", "jobhook");
        p.put(".clientSecret", "client-s3cret");
        p.put(".bearerToken", "tok-s3cret");
        String text = ClientSettings.from(config(p)).toString();
        assertThat(text).contains("auth=oauth", "clientId=jobhook")
                .doesNotContain("s3cret-pw", "client-s3cret", "tok-s3cret");
    }

    @Test
    void refusesAMissingUrlNamingTheKey() {
        Map<String, Object> p = basic();
        p.remove("url");
        assertThatThrownBy(() -> ClientSettings.from(config(p)))
                .hasMessage("Configuration io.jobhook.command refused: key 'url' is missing");
    }

    @Test
    void refusesABadUrlNamingKeyAndValue() {
        Map<String, Object> p = basic();
        p.put("url", "ftp://command/KeyfactorAPI");
        assertThatThrownBy(() -> ClientSettings.from(config(p)))
                .hasMessageContaining("key 'url' must be an absolute http or https URL, is 'ftp://command/KeyfactorAPI'");
        p.put("url", "command.kftrain.lab/KeyfactorAPI");
        assertThatThrownBy(() -> ClientSettings.from(config(p))).hasMessageContaining("key 'url'");
    }

    @Test
    void refusesCredentialsInTheUrlWithoutEchoingThem() {
        Map<String, Object> p = basic();
        p.put("url", "https://admin:hunter2@command/KeyfactorAPI");
        assertThatThrownBy(() -> ClientSettings.from(config(p)))
                .hasMessageContaining("key 'url' must not carry credentials")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void refusesOAuthWithoutTokenUrlAndNamesEveryMissingKey() {
        Map<String, Object> p = new HashMap<>();
        p.put("url", "https://command/KeyfactorAPI");
        p.put("auth", "oauth");
        assertThatThrownBy(() -> ClientSettings.from(config(p)))
                .hasMessage("Configuration io.jobhook.command refused: key 'tokenUrl' is missing; "
                        + "key 'clientId' is missing; key '.clientSecret' is missing");
    }

    @Test
    void refusesBasicWithoutPasswordAndBearerWithoutToken() {
        Map<String, Object> p = basic();
        p.remove(".password");
        assertThatThrownBy(() -> ClientSettings.from(config(p))).hasMessageContaining("key '.password' is missing");
        p.put("auth", "bearer");
        assertThatThrownBy(() -> ClientSettings.from(config(p))).hasMessageContaining("key '.bearerToken' is missing");
    }

    @Test
    void refusesAnUnknownAuthModeAndImpossibleNumbers() {
        Map<String, Object> p = basic();
        p.put("auth", "kerberos");
        p.put("requestTimeout", 0L);
        p.put("maxAttempts", 0);
        assertThatThrownBy(() -> ClientSettings.from(config(p)))
                .hasMessageContaining("key 'auth': 'kerberos' is not one of basic, oauth, bearer, none")
                .hasMessageContaining("key 'requestTimeout' must be more than 0 ms, is 0")
                .hasMessageContaining("key 'maxAttempts' must be 1 or more, is 0");
    }

    @Test
    void refusesATruststoreThatIsNotThere() {
        Map<String, Object> p = basic();
        p.put("truststore", "/nonexistent/ca.p12");
        assertThatThrownBy(() -> ClientSettings.from(config(p)))
                .hasMessageContaining("key 'truststore': no readable file at /nonexistent/ca.p12");
    }

    @Test
    void noneNeedsNoCredentials() {
        ClientSettings s = ClientSettings.from(config(Map.of("url", "http://127.0.0.1:8643/KeyfactorAPI/", "auth", "NONE")));
        assertThat(s.auth).isEqualTo(AuthMode.NONE);
    }
}
