package io.jobhook.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobKindTest {

    @Test
    void tellsTheKindAndCapabilityFromAJobTypeName() {
        assertThat(JobKind.ofJobTypeName("WinCertInventory")).contains(JobKind.INVENTORY);
        assertThat(JobKind.ofJobTypeName("WinCertManagement")).contains(JobKind.MANAGEMENT);
        assertThat(JobKind.ofJobTypeName("wincertreenrollment")).contains(JobKind.REENROLLMENT);
        assertThat(JobKind.ofJobTypeName("K8SClusterDiscovery")).contains(JobKind.DISCOVERY);
        assertThat(JobKind.capabilityOf("WinCertReenrollment")).contains("WinCert");
    }

    @Test
    void customJobTypesAndBareSuffixesHaveNoKind() {
        assertThat(JobKind.ofJobTypeName("RestartIIS")).isEmpty();
        assertThat(JobKind.ofJobTypeName("Inventory")).isEmpty();
        assertThat(JobKind.ofJobTypeName(null)).isEmpty();
        assertThat(JobKind.capabilityOf("RestartIIS")).isEmpty();
    }

    @Test
    void buildsJobTypeNamesFromACapability() {
        assertThat(JobKind.REENROLLMENT.jobTypeName("WinCert")).isEqualTo("WinCertReenrollment");
    }
}
