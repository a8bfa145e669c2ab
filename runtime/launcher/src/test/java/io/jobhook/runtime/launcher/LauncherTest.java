package io.jobhook.runtime.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

class LauncherTest {

    @TempDir
    Path home;

    @Test
    void parsesTheCommandLineAndImpliesHeadlessWithoutATerminal() {
        LaunchOptions o = LaunchOptions.parse(new String[] {"--port", "9000"}, home, false);
        assertThat(o.headless()).isTrue();
        assertThat(o.port()).isEqualTo(9000);
        assertThat(LaunchOptions.parse(new String[0], home, true).headless()).isFalse();
        assertThat(LaunchOptions.parse(new String[] {"--headless"}, home, true).headless()).isTrue();
        assertThat(LaunchOptions.parse(new String[] {"--help"}, home, true).help()).isTrue();
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--port", "http"}, home, true))
                .hasMessage("--port 'http' is not a port number (0 to 65535)");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--verbose"}, home, true))
                .hasMessage("Unknown argument '--verbose'; see --help");
        assertThat(o.consoleNote()).contains("standard input is not a terminal");
        assertThat(LaunchOptions.parse(new String[] {"--headless"}, home, true).consoleNote()).contains("--headless");
        assertThat(LaunchOptions.parse(new String[0], home, true).consoleNote()).contains("'stop 0'");
    }

    @Test
    void temporaryFilesAreRemovedAndNothingElse() throws IOException {
        Files.createDirectories(home.resolve("data/tmp/fileinstall-handlers/x"));
        Files.writeString(home.resolve("data/tmp/fileinstall-handlers/x/bundle.jar"), "x");
        Files.writeString(home.resolve("data/journal.mv.db"), "kept");
        Launcher.clearTemporary(home);
        assertThat(home.resolve("data/tmp")).doesNotExist();
        assertThat(home.resolve("data/journal.mv.db")).hasContent("kept");
        Launcher.clearTemporary(home); // nothing there: nothing to do
    }

    @Test
    void aStartThatLostFelixsGlobalLockIsTriedAgainAndOtherFailuresAreNot() throws Exception {
        int[] starts = new int[1];
        Bundle contended = bundle(() -> {
            if (++starts[0] < 3) {
                Thread.currentThread().interrupt(); // as Felix leaves it
                throw new BundleException("Unable to acquire global lock for resolve.", BundleException.RESOLVE_ERROR);
            }
        });
        Launcher.start(contended);
        assertThat(starts[0]).isEqualTo(3);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();

        int[] broken = new int[1];
        Bundle unresolvable = bundle(() -> {
            broken[0]++;
            throw new BundleException("Unable to resolve io.example: missing requirement", BundleException.RESOLVE_ERROR);
        });
        assertThatThrownBy(() -> Launcher.start(unresolvable)).hasMessageContaining("missing requirement");
        assertThat(broken[0]).isEqualTo(1);

        int[] always = new int[1];
        Bundle neverFree = bundle(() -> {
            always[0]++;
            throw new BundleException("Unable to acquire global lock for resolve.", BundleException.RESOLVE_ERROR);
        });
        assertThatThrownBy(() -> Launcher.start(neverFree)).hasMessageContaining("global lock");
        assertThat(always[0]).isEqualTo(Launcher.START_ATTEMPTS);
        Thread.interrupted();
    }

    @FunctionalInterface
    interface StartAction {
        void run() throws BundleException;
    }

    /** A bundle whose start() runs {@code onStart}; nothing else is called by the launcher's start. */
    private static Bundle bundle(StartAction onStart) {
        return (Bundle) Proxy.newProxyInstance(LauncherTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("start") && (args == null || args.length == 0)) {
                        onStart.run();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void frameworkPropertiesFollowTheContractAndTheOperatorsFile() throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/config.properties"), "org.osgi.service.http.port = 9999\ncustom = ${jobhook.home}/x\n");
        Map<String, String> p = Launcher.frameworkProperties(home, LaunchOptions.parse(new String[0], home, false));
        assertThat(p).containsEntry("ds.log.extension", "true").containsEntry("ds.loglevel", "warn")
                .containsEntry("felix.fileinstall.enableConfigSave", "false")
                .containsEntry("felix.bootdelegation.implicit", "false")
                .containsEntry("org.apache.felix.http.host", "127.0.0.1")
                .containsEntry("org.osgi.service.http.port", "9999")
                .containsEntry("custom", home.toAbsolutePath() + "/x")
                .containsEntry("gosh.args", "--nointeractive")
                .containsEntry("felix.fileinstall.tmpdir", home.resolve("data/tmp/fileinstall-etc").toString());
        Map<String, String> overridden = Launcher.frameworkProperties(home,
                LaunchOptions.parse(new String[] {"--port", "7000"}, home, true));
        assertThat(overridden).containsEntry("org.osgi.service.http.port", "7000").doesNotContainKey("gosh.args");
    }

    @Test
    void configurationIsKeptOnlyInEtcAndEverySecretReferenceIsResolvedFirst() throws IOException {
        Map<String, String> p = Launcher.frameworkProperties(home, LaunchOptions.parse(new String[0], home, false));
        assertThat(p).containsEntry("felix.cm.pm", "memory")
                .containsEntry("felix.cm.config.plugins", "org.apache.felix.configadmin.plugin.interpolation")
                .containsEntry("org.apache.felix.configadmin.plugin.interpolation.secretsdir",
                        home.resolve("secrets").toString())
                .containsEntry("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2")
                .containsEntry("org.apache.felix.http.require.config", "true");

        Path httpCfg = Files.createDirectories(home.resolve("etc")).resolve("org.apache.felix.http.cfg");
        Launcher.httpConfiguration(httpCfg);
        assertThat(httpCfg).as("Jetty waits for this file's configuration: it is made when missing").exists();
        Files.writeString(httpCfg, "org.apache.felix.https.enable = true\n");
        Launcher.httpConfiguration(httpCfg);
        assertThat(httpCfg).hasContent("org.apache.felix.https.enable = true");

        Launcher.secretsDirectory(home.resolve("secrets"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("secrets"))))
                .isEqualTo("rwx------");
    }

    @Test
    void theHttpConfigurationFileWinsOverTheFrameworkPropertiesWhenSayingWhereItListens() {
        Map<String, String> framework = Map.of("org.osgi.service.http.port", "8642", "org.apache.felix.http.host",
                "127.0.0.1");
        assertThat(HttpEndpoints.of(framework, new Properties()).describe("/jobhook/v1/"))
                .isEqualTo("http://127.0.0.1:8642/jobhook/v1/");

        Properties httpsToo = new Properties();
        httpsToo.setProperty("org.apache.felix.https.enable", "true");
        httpsToo.setProperty("org.osgi.service.http.port.secure", "8643");
        httpsToo.setProperty("org.osgi.service.http.port", "9000");
        HttpEndpoints both = HttpEndpoints.of(framework, httpsToo);
        assertThat(both.httpPort()).isEqualTo(9000);
        assertThat(both.describe("/x")).isEqualTo("http://127.0.0.1:9000/x and https://127.0.0.1:8643/x");

        httpsToo.setProperty("org.apache.felix.http.enable", "false");
        HttpEndpoints httpsOnly = HttpEndpoints.of(framework, httpsToo);
        assertThat(httpsOnly.httpPort()).isEqualTo(-1);
        assertThat(httpsOnly.describe("/x")).isEqualTo("https://127.0.0.1:8643/x");

        httpsToo.setProperty("org.osgi.service.http.port.secure", "eighty");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpEndpoints.of(framework, httpsToo))
                .hasMessage("org.osgi.service.http.port.secure must be a port number, was 'eighty'");
    }

    @Test
    void demoModeWritesTheConfigurationThatJoinsSimulatorClientIngressAndHandler() throws IOException {
        Path etc = Files.createDirectories(home.resolve("etc"));
        Files.writeString(etc.resolve("org.ops4j.pax.logging.cfg"), "log4j2.rootLogger.level = INFO\n"
                + "# log4j2.logger.wincert.level = TRACE\n");
        DemoSetup demo = new DemoSetup(etc);
        assertThat(demo.needed()).isTrue();

        demo.write(8642);

        Properties simulator = ConfigFiles.read(etc.resolve("io.jobhook.simulator.cfg"));
        Properties command = ConfigFiles.read(etc.resolve("io.jobhook.command.cfg"));
        Properties ingress = ConfigFiles.read(etc.resolve("io.jobhook.ingress.cfg"));
        assertThat(simulator.getProperty("enabled")).isEqualTo("true");
        assertThat(simulator.getProperty("pushUrl")).isEqualTo("http://127.0.0.1:8642/jobhook/v1/completions");
        assertThat(command.getProperty("url")).isEqualTo("http://127.0.0.1:8642/KeyfactorAPI");
        assertThat(command.getProperty("username")).isEqualTo("KFTRAIN\\svc");
        assertThat(simulator.getProperty(".users")).isEqualTo("KFTRAIN\\svc=" + command.getProperty(".password"));
        assertThat(ingress.getProperty(".tokens")).isEqualTo(simulator.getProperty(".pushToken")).hasSizeGreaterThan(20);
        assertThat(ConfigFiles.read(etc.resolve("io.jobhook.admin.cfg")).getProperty(".tokens")).hasSizeGreaterThan(20);
        assertThat(ConfigFiles.read(etc.resolve("io.jobhook.wincert-demo.cfg")).getProperty("storeTypes"))
                .isEqualTo("WinCert");
        assertThat(Files.readString(etc.resolve("org.ops4j.pax.logging.cfg")))
                .startsWith("log4j2.rootLogger.level = INFO")
                .contains("log4j2.logger.wincert.name = io.jobhook.wincert", "log4j2.logger.wincert.level = TRACE");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("io.jobhook.command.cfg"))))
                .isEqualTo("rw-------");
        assertThat(demo.needed()).as("once written, the next start is not a first demo start").isFalse();
    }

    @Test
    void aCommandUrlMeansNoDemo() throws IOException {
        Path etc = Files.createDirectories(home.resolve("etc"));
        Files.writeString(etc.resolve("io.jobhook.command.cfg"), "url = https://command.example.com/KeyfactorAPI\n");
        assertThat(new DemoSetup(etc).needed()).isFalse();
    }
}
