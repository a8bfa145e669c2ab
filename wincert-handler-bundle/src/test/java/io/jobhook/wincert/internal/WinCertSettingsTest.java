package io.jobhook.wincert.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import io.jobhook.api.JobResult;

class WinCertSettingsTest {

    static final String PID = "io.jobhook.wincert~demo";

    static WinCertHandlerConfig config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(WinCertHandlerConfig.class);
    }

    @Test
    void takesKeyfactorsCommaSeparatedJobTypesAndTheSampleDefaults() {
        WinCertSettings s = WinCertSettings.of(PID, config(Map.of("jobTypes",
                "7a07f123-a6ad-41f6-8dba-08fdf5320f84, {B8054AFC-E3DF-47D6-A0EA-CF8ABCC08978}")));
        assertThat(s.jobTypes()).containsExactly(UUID.fromString("7a07f123-a6ad-41f6-8dba-08fdf5320f84"),
                UUID.fromString("b8054afc-e3df-47d6-a0ea-cf8abcc08978"));
        assertThat(s.favoriteAnimal()).isEqualTo("Unspecified");
        assertThat(s.storeTypes()).isEmpty();
        assertThat(s.followUpCustomJob()).isNull();
        assertThat(s.accepts(JobResult.FAILURE, 0)).isTrue();
    }

    @Test
    void storeTypesAloneAreEnough() {
        WinCertSettings s = WinCertSettings.of(PID, config(Map.of("storeTypes", new String[] {"WinCert", "IIS"},
                "favoriteAnimal", "Hippopotamus")));
        assertThat(s.storeTypes()).containsExactly("WinCert", "IIS");
        assertThat(s.favoriteAnimal()).isEqualTo("Hippopotamus");
    }

    @Test
    void refusesNeitherJobTypesNorStoreTypesNamingThePid() {
        assertThatThrownBy(() -> WinCertSettings.of(PID, config(Map.of("favoriteAnimal", "Tiger"))))
                .hasMessage("Refusing configuration io.jobhook.wincert~demo: neither 'jobTypes' nor 'storeTypes' is set; "
                        + "set at least one");
    }

    @Test
    void refusesAMalformedGuidNamingPidKeyAndValue() {
        assertThatThrownBy(() -> WinCertSettings.of(PID, config(Map.of("jobTypes",
                new String[] {"49b3a17d-cada-4ec8-84c6-7719bf5beef3", "49b3a17d-cada"}))))
                .hasMessageStartingWith("Refusing configuration io.jobhook.wincert~demo: key 'jobTypes' value "
                        + "'49b3a17d-cada-4ec8-84c6-7719bf5beef3,49b3a17d-cada': Malformed GUID '49b3a17d-cada' (item 2");
    }

    @Test
    void refusesUnknownResultsNegativeRetryCountsAndMalformedFields() {
        Map<String, Object> p = new HashMap<>(Map.of("storeTypes", "WinCert"));
        p.put("onlyResults", new String[] {"Failure", "Broken"});
        assertThatThrownBy(() -> WinCertSettings.of(PID, config(p)))
                .hasMessageContaining("key 'onlyResults' value 'Broken': JobResult 'Broken' is not one of");
        p.put("onlyResults", new String[] {"Failure"});
        p.put("minRetryCount", -1);
        assertThatThrownBy(() -> WinCertSettings.of(PID, config(p))).hasMessageContaining("key 'minRetryCount' value '-1'");
        p.put("minRetryCount", 2);
        p.put("followUpCustomJob", "RestartService");
        p.put("followUpFields", new String[] {"ServiceName"});
        assertThatThrownBy(() -> WinCertSettings.of(PID, config(p)))
                .hasMessageContaining("key 'followUpFields' value 'ServiceName': expected name=value");
        p.remove("followUpCustomJob");
        p.put("followUpFields", new String[] {"ServiceName=W3SVC"});
        assertThatThrownBy(() -> WinCertSettings.of(PID, config(p)))
                .hasMessageContaining("set without 'followUpCustomJob'");
        assertThatThrownBy(() -> WinCertSettings.of(PID, config(Map.of("storeTypes", "Win Cert"))))
                .hasMessageContaining("key 'storeTypes' value 'Win Cert'");
    }

    @Test
    void filtersOnResultAndRetryCount() {
        WinCertSettings s = WinCertSettings.of(PID, config(Map.of("storeTypes", "WinCert",
                "onlyResults", new String[] {"failure", "Warning"}, "minRetryCount", 2)));
        assertThat(s.accepts(JobResult.FAILURE, 2)).isTrue();
        assertThat(s.accepts(JobResult.WARNING, 3)).isTrue();
        assertThat(s.accepts(JobResult.FAILURE, 1)).isFalse();
        assertThat(s.accepts(JobResult.SUCCESS, 5)).isFalse();
    }

    @Test
    void keepsFollowUpFieldsInOrder() {
        WinCertSettings s = WinCertSettings.of(PID, config(Map.of("storeTypes", "WinCert",
                "followUpCustomJob", " RestartService ", "followUpFields", new String[] {"ServiceName = W3SVC", "Force=true"})));
        assertThat(s.followUpCustomJob()).isEqualTo("RestartService");
        assertThat(s.followUpFields()).containsExactly(Map.entry("ServiceName", "W3SVC"), Map.entry("Force", "true"));
    }
}
