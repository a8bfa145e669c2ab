package io.jobhook.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/** The packaged jar exports the test facade, versioned, keeps the simulator private and still runs with java -jar. */
class BundleManifestIT {

    private static Attributes manifest() throws IOException {
        String jar = System.getProperty("jobhook.bundle.jar");
        assertThat(jar).as("system property jobhook.bundle.jar").isNotBlank();
        assertThat(Files.isRegularFile(Path.of(jar))).as("%s exists", jar).isTrue();
        try (JarFile file = new JarFile(jar)) {
            return file.getManifest().getMainAttributes();
        }
    }

    @Test
    void exportsOnlyTheFacadeAtItsVersion() throws IOException {
        Attributes m = manifest();
        assertThat(m.getValue("Bundle-SymbolicName")).isEqualTo("io.jobhook.simulator");
        assertThat(m.getValue("Export-Package")).isEqualTo("io.jobhook.simulator;version=\"1.1.0\"");
        assertThat(m.getValue("Private-Package")).contains("io.jobhook.simulator.internal");
        assertThat(m.getValue("Main-Class")).isEqualTo("io.jobhook.simulator.internal.Main");
    }
}
