package io.jobhook.command.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/** The packaged bundle exports the factories' package, versioned, and keeps the implementation private. */
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
    void exportsOnlyTheClientFactoriesAtTheirVersion() throws IOException {
        Attributes m = manifest();
        assertThat(m.getValue("Bundle-SymbolicName")).isEqualTo("io.jobhook.command.client");
        assertThat(m.getValue("Export-Package")).startsWith("io.jobhook.command.client;version=\"1.0.0\"")
                .doesNotContain("internal");
        assertThat(m.getValue("Private-Package")).as("its own, and the one backoff embedded")
                .isEqualTo("io.jobhook.command.client.internal,io.jobhook.backoff");
        assertThat(m.getValue("Service-Component")).contains("CommandApiComponent");
    }
}
