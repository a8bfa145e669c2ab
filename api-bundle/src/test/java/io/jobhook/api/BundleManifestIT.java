package io.jobhook.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.jar.Attributes;

import org.junit.jupiter.api.Test;

import io.jobhook.testsupport.PackagedBundle;

/** The packaged bundle's manifest is the contract handler bundles resolve against. */
class BundleManifestIT {

    @Test
    void exportsTheApiPackagesAtTheirVersions() throws IOException {
        Attributes m = PackagedBundle.manifest();
        assertThat(m.getValue("Bundle-SymbolicName")).isEqualTo("io.jobhook.api");
        String exports = m.getValue("Export-Package");
        assertThat(exports).contains("io.jobhook.api;version=\"1.1.0\"")
                .contains("io.jobhook.api.command;version=\"1.0.0\"");
    }

    @Test
    void importsNothingAtRunTime() throws IOException {
        Attributes m = PackagedBundle.manifest();
        assertThat(m.getValue("Import-Package")).as("Import-Package").isNull();
        assertThat(m.getValue("DynamicImport-Package")).as("DynamicImport-Package").isNull();
        assertThat(m.getValue("Require-Bundle")).as("Require-Bundle").isNull();
        assertThat(m.getValue("Require-Capability")).isEqualTo("osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"");
    }
}
