package io.jobhook.command.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.jar.Attributes;

import org.junit.jupiter.api.Test;

import io.jobhook.testsupport.PackagedBundle;

/** The packaged bundle exports the factories' package, versioned, and keeps the implementation private. */
class BundleManifestIT {

    @Test
    void exportsOnlyTheClientFactoriesAtTheirVersion() throws IOException {
        Attributes m = PackagedBundle.manifest();
        assertThat(m.getValue("Bundle-SymbolicName")).isEqualTo("io.jobhook.command.client");
        assertThat(m.getValue("Export-Package")).startsWith("io.jobhook.command.client;version=\"1.0.0\"")
                .doesNotContain("internal");
        assertThat(m.getValue("Private-Package")).as("its own, and the one backoff embedded")
                .isEqualTo("io.jobhook.command.client.internal,io.jobhook.backoff");
        assertThat(m.getValue("Service-Component")).contains("HttpCommandApi");
    }
}
