package io.jobhook.runtime.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class IngressSettingsTest {

    static IngressConfig config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(IngressConfig.class);
    }

    static IngressSettings settings(Map<String, Object> properties) {
        IngressConfig c = config(properties);
        return IngressSettings.of(c.enabled(), c._tokens(), c.clientSubjects(), c.maxBodyBytes(),
                c.idempotencyTtlSeconds());
    }

    @Test
    void theDefaultsAreThoseOfTheContract() {
        IngressSettings s = settings(Map.of());

        assertThat(s.enabled()).isTrue();
        assertThat(s.tokens().count()).isZero();
        assertThat(s.maxBodyBytes()).isEqualTo(65_536);
        assertThat(s.idempotencyTtl()).isEqualTo(Duration.ofSeconds(86_400));
    }

    @Test
    void tokensAreReadFromThePrivateProperty() {
        IngressSettings list = settings(Map.of(".tokens", new String[] {"t-one", "t-two"}));
        IngressSettings cfgFileString = settings(Map.of(".tokens", "t-one,t-two"));
        IngressSettings publicKey = settings(Map.of("tokens", "t-one"));

        assertThat(list.tokens().count()).isEqualTo(2);
        assertThat(list.tokens().matches("t-two")).isTrue();
        assertThat(cfgFileString.tokens().count()).isEqualTo(2);
        assertThat(publicKey.tokens().count()).as("only the private key holds tokens").isZero();
    }

    @Test
    void clientSubjectsAreDistinguishedNamesAndBadOnesAreRefusedNamingTheKey() {
        IngressSettings s = settings(Map.of("clientSubjects", new String[] {"CN=command.kftrain.lab,O=KFTRAIN", ""}));
        assertThat(s.clientSubjects()).extracting(p -> p.getName()).containsExactly("CN=command.kftrain.lab,O=KFTRAIN");
        assertThat(s.toString()).contains("clientSubjects=1");

        assertThatThrownBy(() -> settings(Map.of("clientSubjects", "no equals sign")))
                .hasMessage("Configuration io.jobhook.ingress refused: key 'clientSubjects': 'no equals sign' is not a "
                        + "distinguished name such as CN=command.example.com,O=Example");
    }

    @Test
    void aBadTokenEntryIsRefusedNamingTheKeyAndNeverItsText() {
        assertThatThrownBy(() -> settings(Map.of(".tokens", "fine-token,sha256:0123")))
                .hasMessage("Configuration io.jobhook.ingress refused: key '.tokens': token 2 starts with sha256: but is "
                        + "not followed by 64 hexadecimal digits (a SHA-256 digest)");
        assertThatThrownBy(() -> settings(Map.of(".tokens", "$[env:JOBHOOK_PUSH_TOKEN]")))
                .hasMessageContaining("key '.tokens': token 1 is the unresolved reference $[env:JOBHOOK_PUSH_TOKEN]");
    }

    @Test
    void valuesFromACfgFileAreConverted() {
        IngressSettings s = settings(Map.of("enabled", "false", "maxBodyBytes", "1024", "idempotencyTtlSeconds", "60"));

        assertThat(s.enabled()).isFalse();
        assertThat(s.maxBodyBytes()).isEqualTo(1024);
        assertThat(s.idempotencyTtl()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void impossibleValuesAreRefusedNamingEveryKeyAndValue() {
        assertThatThrownBy(() -> settings(Map.of("maxBodyBytes", 0, "idempotencyTtlSeconds", -5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration io.jobhook.ingress refused: key 'maxBodyBytes' must be 1 to 16777216, was 0; "
                        + "key 'idempotencyTtlSeconds' must be 1 to 316224000, was -5");
        assertThatThrownBy(() -> settings(Map.of("maxBodyBytes", Integer.MAX_VALUE)))
                .hasMessageContaining("'maxBodyBytes' must be 1 to 16777216, was 2147483647");
    }

    @Test
    void printsTheNumberOfTokensNeverAToken() {
        IngressSettings s = settings(Map.of(".tokens", new String[] {"very-secret-1", "very-secret-2"}));

        assertThat(s).hasToString("enabled=true, tokens=2, clientSubjects=0, maxBodyBytes=65536, idempotencyTtlSeconds=86400");
    }
}
