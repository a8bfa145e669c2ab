package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void defaultsToPort8643AndSeed1() {
        Main.Options o = Main.parse(new String[0]);
        assertThat(o.port()).isEqualTo(8643);
        assertThat(o.settings().seed()).isEqualTo(1);
        assertThat(o.settings().basePath()).isEqualTo("/KeyfactorAPI");
    }

    @Test
    void parsesEveryOption() {
        Main.Options o = Main.parse(new String[] {"--port", "0", "--seed", "9", "--base-path", "/KFAPI",
                "--job-interval", "0", "--faults", "status503=1x"});
        assertThat(o.port()).isZero();
        assertThat(o.settings().seed()).isEqualTo(9);
        assertThat(o.settings().basePath()).isEqualTo("/KFAPI");
        assertThat(o.settings().jobIntervalSeconds()).isZero();
        assertThat(o.settings().faults()).isEqualTo("status503=1x");
        assertThat(Main.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--port", "70000"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> Main.parse(new String[] {"--seed"})).hasMessageContaining("--seed needs a value");
        assertThatThrownBy(() -> Main.parse(new String[] {"--colour", "red"})).hasMessageContaining("--colour");
        assertThatThrownBy(() -> Main.parse(new String[] {"--store-types", "/no/such/file.json"}))
                .hasMessageContaining("/no/such/file.json");
    }
}
