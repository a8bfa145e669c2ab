package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The systemd unit the distribution ships ({@code bin/jobhook.service}) does what it says, short of systemd itself:
 * its {@code ExecStart} (with the installation's folder for {@code /opt/jobhook}) starts the runtime in its
 * {@code WorkingDirectory}; the {@code KillSignal} systemd sends stops it within {@code TimeoutStopSec}, with an exit
 * code the unit counts as success; and the unit names a user, restarts on failure, and is not executable.
 */
class ServiceUnitIT {

    @Test
    void theUnitsCommandStartsTheRuntimeAndItsStopSignalEndsItCleanlyInTime() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("service-unit").withoutDemo()) {
            Path unit = jobhook.home.resolve("bin/jobhook.service");
            assertThat(Files.getPosixFilePermissions(unit)).as("the unit's mode")
                    .doesNotContain(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_EXECUTE);
            Map<String, String> service = section(Files.readAllLines(unit), "[Service]");
            assertThat(service).containsEntry("Restart", "on-failure").containsEntry("KillSignal", "SIGTERM")
                    .containsKeys("User", "Group", "WorkingDirectory", "ExecStart", "TimeoutStopSec", "SuccessExitStatus");
            assertThat(service.get("User")).isNotBlank().isNotEqualTo("root");

            String installed = service.get("WorkingDirectory");
            List<String> command = new ArrayList<>(Arrays.asList(service.get("ExecStart").split("\\s+")));
            command.replaceAll(a -> a.replace(installed, jobhook.home.toString()));
            // The port from etc/, where an operator sets it (it wins over --port): the unit passes none.
            jobhook.config("org.apache.felix.http.cfg", "org.osgi.service.http.port = " + jobhook.port + "\n"
                    + "org.apache.felix.http.host = 127.0.0.1\n");
            Process process = new ProcessBuilder(command).directory(jobhook.home.toFile()).redirectErrorStream(true)
                    .redirectOutput(jobhook.home.resolve("service-console.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                RunningJobhook.await("the ingress started by the unit's command", Duration.ofSeconds(60), () -> {
                    assertThat(process.isAlive()).as("bin/jobhook as the unit runs it").isTrue();
                    try {
                        return http.send(HttpRequest.newBuilder(jobhook.uri("/jobhook/v1/completions")).GET().build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 405;
                    } catch (Exception notYet) {
                        return false;
                    }
                });

                long timeout = Long.parseLong(service.get("TimeoutStopSec"));
                long sent = System.nanoTime();
                process.destroy(); // SIGTERM, as systemd's stop
                assertThat(process.waitFor(timeout, TimeUnit.SECONDS)).as("stopped within TimeoutStopSec").isTrue();
                System.out.printf("ServiceUnitIT: stopped %d ms after SIGTERM, exit code %d%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), process.exitValue());
                List<String> success = new ArrayList<>(List.of("0"));
                success.addAll(Arrays.asList(service.get("SuccessExitStatus").split("\\s+")));
                assertThat(success).as("exit codes the unit counts as a clean stop")
                        .contains(Integer.toString(process.exitValue()));
            } finally {
                process.destroyForcibly();
            }
        }
    }

    /** @return the keys of one section of a unit file ({@code [Service]}), comments left out */
    static Map<String, String> section(List<String> lines, String name) {
        Map<String, String> keys = new LinkedHashMap<>();
        boolean in = false;
        for (String line : lines) {
            String l = line.strip();
            if (l.startsWith("[")) {
                in = l.equals(name);
            } else if (in && !l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                keys.put(l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip());
            }
        }
        return keys;
    }
}
