package io.jobhook.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.jar.Attributes;

import org.junit.jupiter.api.Test;

import io.jobhook.testsupport.PackagedBundle;

/** The packaged jar exports the test facade, versioned, keeps the simulator private and still runs with java -jar. */
class BundleManifestIT {

    @Test
    void exportsOnlyTheFacadeAtItsVersion() throws IOException {
        Attributes m = PackagedBundle.manifest();
        assertThat(m.getValue("Bundle-SymbolicName")).isEqualTo("io.jobhook.simulator");
        assertThat(m.getValue("Export-Package")).isEqualTo("io.jobhook.simulator;version=\"1.1.0\"");
        assertThat(m.getValue("Private-Package")).contains("io.jobhook.simulator.internal");
        assertThat(m.getValue("Main-Class")).isEqualTo("io.jobhook.simulator.internal.Main");
    }
}
