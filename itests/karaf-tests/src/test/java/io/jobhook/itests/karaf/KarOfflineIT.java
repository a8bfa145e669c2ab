package io.jobhook.itests.karaf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The KAR alone installs every feature in a Karaf that reaches no repository but its own {@code system/}: no local
 * Maven repository, no network. Karaf's scr feature, a prerequisite, comes from the KAR too.
 */
class KarOfflineIT {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void everyFeatureInstallsFromTheKarAlone() throws Exception {
        Path kar = Path.of(RunningKaraf.required("jobhook.bundles")).resolve("karaf-features.kar");
        try (RunningKaraf karaf = RunningKaraf.prepare("kar-offline")) {
            try {
                Path empty = Files.createDirectories(karaf.home.resolve("empty-repository"));
                karaf.setKeys("org.ops4j.pax.url.mvn.cfg", Map.of(
                        "org.ops4j.pax.url.mvn.defaultRepositories",
                        "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                                + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots",
                        "org.ops4j.pax.url.mvn.localRepository", empty.toString()));
                karaf.write("org.apache.felix.http.cfg", "org.osgi.service.http.port = " + RunningKaraf.freePort()
                        + "\norg.apache.felix.http.host = 127.0.0.1\n");
                karaf.start();
                String installed = karaf.shell(Duration.ofSeconds(100),
                        "kar:install " + kar.toUri(),
                        "feature:install jobhook jobhook-poller jobhook-wincert jobhook-postgresql",
                        "feature:list -i",
                        "bundle:list -s -t 0");
                assertThat(installed).as("kar:install and feature:install, offline")
                        .doesNotContain("Error executing command").contains("scr").contains("jobhook-postgresql")
                        .contains("org.apache.felix.scr").contains("org.apache.felix.healthcheck.core")
                        .contains("io.jobhook.prometheus.client").contains("io.jobhook.runtime.dispatch");
                String states = karaf.shell(Duration.ofSeconds(30), "bundle:list -s -t 0");
                // Active, or waiting for its configuration (the poller, with no Command configured here)
                assertThat(states.lines().filter(l -> l.contains("io.jobhook") || l.contains("org.apache.felix.scr")))
                        .as("every bundle started").hasSizeGreaterThan(10)
                        .allMatch(l -> l.contains("| Active ") || l.contains("| Waiting "));
                try (var files = Files.list(empty)) {
                    assertThat(files).as("nothing fetched into a local repository").isEmpty();
                }
                karaf.stop();
                karaf.delete();
            } catch (Throwable t) {
                System.err.println("Offline KAR test failed in " + karaf.home + ":\n" + karaf.diagnostics());
                throw t;
            }
        }
    }
}
