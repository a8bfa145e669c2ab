package io.jobhook.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/** The packaged bundle's manifest is the contract handler bundles resolve against. */
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
    void exportsTheApiPackagesAtTheirVersions() throws IOException {
        Attributes m = manifest();
        assertThat(m.getValue("Bundle-SymbolicName")).isEqualTo("io.jobhook.api");
        String exports = m.getValue("Export-Package");
        assertThat(exports).contains("io.jobhook.api;version=\"1.1.0\"")
                .contains("io.jobhook.api.command;version=\"1.0.0\"");
    }

    @Test
    void importsNothingAtRunTime() throws IOException {
        Attributes m = manifest();
        assertThat(m.getValue("Import-Package")).as("Import-Package").isNull();
        assertThat(m.getValue("DynamicImport-Package")).as("DynamicImport-Package").isNull();
        assertThat(m.getValue("Require-Bundle")).as("Require-Bundle").isNull();
        assertThat(m.getValue("Require-Capability")).isEqualTo("osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"");
    }
}
