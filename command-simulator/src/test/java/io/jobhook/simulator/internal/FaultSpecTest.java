package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FaultSpecTest {

    @Test
    void parsesEveryItem() {
        FaultSpec s = FaultSpec.parse(" latencyMs=200 ; status500=0.25;STATUS503=2x;status429=1x;retryAfterSeconds=3;"
                + "expireTokens=1;truncate=0;malformed=1x;disconnect=3x;");
        assertThat(s.latencyMs()).isEqualTo(200);
        assertThat(s.retryAfterSeconds()).isEqualTo(3);
        assertThat(s.triggers().get(FaultSpec.Kind.STATUS500).rate()).isEqualTo(0.25);
        assertThat(s.triggers().get(FaultSpec.Kind.STATUS503).count()).isEqualTo(2);
        assertThat(s.render()).isEqualTo("latencyMs=200;retryAfterSeconds=3;disconnect=3x;truncate=0;malformed=1x;"
                + "status500=0.25;status503=2x;status429=1x;expireTokens=1");
        assertThat(FaultSpec.parse("")).isEqualTo(FaultSpec.NONE);
        assertThat(FaultSpec.parse(null).render()).isEmpty();
    }

    @Test
    void badItemsAreNamed() {
        assertThatThrownBy(() -> FaultSpec.parse("status500=2")).hasMessageContaining("'status500=2'")
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> FaultSpec.parse("latencyMs=200;explode=1x")).hasMessageContaining("'explode=1x'")
                .hasMessageContaining("unknown fault");
        assertThatThrownBy(() -> FaultSpec.parse("disconnect")).hasMessageContaining("'disconnect'");
        assertThatThrownBy(() -> FaultSpec.parse("latencyMs=-1")).hasMessageContaining("latencyMs=-1");
        assertThatThrownBy(() -> FaultSpec.parse("truncate=-2x")).hasMessageContaining("truncate=-2x");
        assertThatThrownBy(() -> FaultSpec.parse("malformed=1x;MALFORMED=2x")).hasMessageContaining("twice");
    }

    @Test
    void countsHitTheNextRequestsOneFaultAtATime() {
        FaultControl f = new FaultControl(1);
        f.set("status503=1x;disconnect=1x;status500=2x");
        List<FaultSpec.Kind> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seen.add(f.nextAnswerFault());
        }
        assertThat(seen).containsExactly(FaultSpec.Kind.DISCONNECT, FaultSpec.Kind.STATUS500, FaultSpec.Kind.STATUS500,
                FaultSpec.Kind.STATUS503, null);
        assertThat(f.current()).isEmpty();
        assertThat(f.injected()).containsEntry("status500", 2L).containsEntry("disconnect", 1L);
    }

    @Test
    void ratesAreSeededAndBounded() {
        FaultControl a = new FaultControl(42);
        FaultControl b = new FaultControl(42);
        a.set("status500=0.5");
        b.set("status500=0.5");
        List<FaultSpec.Kind> ka = new ArrayList<>();
        List<FaultSpec.Kind> kb = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ka.add(a.nextAnswerFault());
            kb.add(b.nextAnswerFault());
        }
        assertThat(ka).isEqualTo(kb);
        long hits = ka.stream().filter(k -> k != null).count();
        assertThat(hits).isBetween(60L, 140L);
        a.set("status500=1");
        assertThat(a.nextAnswerFault()).isEqualTo(FaultSpec.Kind.STATUS500);
        a.set("status500=0");
        assertThat(a.nextAnswerFault()).isNull();
    }

    @Test
    void expireTokensIsSeparateFromAnswerFaults() {
        FaultControl f = new FaultControl(1);
        f.set("expireTokens=1x");
        assertThat(f.nextAnswerFault()).isNull();
        assertThat(f.expireTokenNow()).isTrue();
        assertThat(f.expireTokenNow()).isFalse();
    }

    @Test
    void aRefusedSpecChangesNothing() {
        FaultControl f = new FaultControl(1);
        f.set("status429=2x");
        assertThatThrownBy(() -> f.set("status429=lots")).hasMessageContaining("status429=lots");
        assertThat(f.current()).isEqualTo("status429=2x");
        f.clear();
        assertThat(f.current()).isEmpty();
    }
}
