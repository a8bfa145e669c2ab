package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class GuidDerivationTest {

    @Test
    void defaultSeedGivesTheSampleGuids() {
        assertThat(GuidDerivation.jobTypeId(1, "WinCert", StoreJobKind.INVENTORY))
                .isEqualTo(UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3"));
        assertThat(GuidDerivation.jobTypeId(1, "WinCert", StoreJobKind.MANAGEMENT))
                .isEqualTo(UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973"));
        assertThat(GuidDerivation.jobTypeId(1, "wincert", StoreJobKind.REENROLLMENT))
                .isEqualTo(UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61"));
        assertThat(GuidDerivation.agentId(1, 1)).isEqualTo(UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281"));
    }

    @Test
    void anotherSeedGivesOtherGuidsStableAcrossRuns() {
        UUID inventory = GuidDerivation.jobTypeId(2, "WinCert", StoreJobKind.INVENTORY);
        assertThat(inventory).isNotEqualTo(UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3"));
        // A literal: the derivation must not change between runs or releases; tests of other modules rely on it.
        assertThat(inventory).isEqualTo(UUID.fromString("4917e341-9f9b-4deb-8e19-3089f70b4858"));
        assertThat(GuidDerivation.agentId(2, 1)).isNotEqualTo(GuidDerivation.agentId(1, 1));
    }

    @Test
    void derivedGuidsAreVersion4AndDistinctPerNameAndKind() {
        UUID a = GuidDerivation.jobTypeId(7, "RFPEM", StoreJobKind.INVENTORY);
        UUID b = GuidDerivation.jobTypeId(7, "RFPEM", StoreJobKind.MANAGEMENT);
        UUID c = GuidDerivation.jobTypeId(7, "RFJKS", StoreJobKind.INVENTORY);
        assertThat(a.version()).isEqualTo(4);
        assertThat(a.variant()).isEqualTo(2);
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(GuidDerivation.jobTypeId(1, "RFPEM", StoreJobKind.INVENTORY))
                .isNotEqualTo(GuidDerivation.jobTypeId(2, "RFPEM", StoreJobKind.INVENTORY));
    }
}
