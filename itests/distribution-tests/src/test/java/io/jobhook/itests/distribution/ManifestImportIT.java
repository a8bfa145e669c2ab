package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Keyfactor's sample {@code manifest.json}, imported through the admin API into a running distribution, becomes a
 * WinCert handler configuration the runtime accepts: the handler registers for exactly the manifest's job types,
 * and a completion of one of them is routed to it.
 */
class ManifestImportIT {

    static final String ADMIN = "import-admin-token";
    static final String IDENTITY = "io.jobhook.wincert~samplejobcompletionhandler";
    static final Set<String> MANIFEST_GUIDS = Set.of("7a07f123-a6ad-41f6-8dba-08fdf5320f84",
            "b8054afc-e3df-47d6-a0ea-cf8abcc08978");

    @Test
    void theSampleManifestBecomesAHandlerRegisteredForExactlyItsJobTypes() throws Exception {
        String manifest = Files.readString(sampleManifest());
        try (RunningJobhook jobhook = RunningJobhook.prepare("manifest-import").withoutDemo()) {
            jobhook.config("io.jobhook.admin.cfg", ".tokens = " + ADMIN + "\n");
            jobhook.start();

            HttpResponse<String> dryRun = post(jobhook, "/jobhook/v1/import-manifest?pid=io.jobhook.wincert", manifest);
            assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
            assertThat(dryRun.body()).contains("\"action\":\"would-write\"", "\"favoriteAnimal\":\"Hippopotamus\"");
            assertThat(jobhook.home.resolve("etc/io.jobhook.wincert-samplejobcompletionhandler.cfg")).doesNotExist();

            HttpResponse<String> written = post(jobhook, "/jobhook/v1/import-manifest?pid=io.jobhook.wincert&write=true",
                    manifest);
            assertThat(written.body()).contains("\"action\":\"written\"");
            RunningJobhook.await("the imported handler registered", Duration.ofSeconds(30),
                    () -> jobTypesOf(AdminIT.get(jobhook, "/jobhook/v1/handlers", ADMIN).body()) != null);
            assertThat(jobTypesOf(AdminIT.get(jobhook, "/jobhook/v1/handlers", ADMIN).body()))
                    .as("the imported handler's job types").isEqualTo(MANIFEST_GUIDS);

            HttpResponse<String> accepted = jobhook.post(UUID.fromString("7a07f123-a6ad-41f6-8dba-08fdf5320f84"));
            String event = AdminIT.get(jobhook, accepted.headers().firstValue("Location").orElseThrow(), ADMIN).body();
            assertThat(event).as("the completion's deliveries").contains("\"handler\":\"" + IDENTITY + "\"");
            jobhook.stop();
        }
    }

    /** @return the job types the admin API lists for the imported handler, or null while it is not there */
    private static Set<String> jobTypesOf(String handlers) {
        Matcher m = Pattern.compile("\"identity\":\"" + Pattern.quote(IDENTITY) + "\"[^}]*?\"jobTypes\":\\[([^\\]]*)\\]")
                .matcher(handlers);
        if (!m.find()) {
            return null;
        }
        return Arrays.stream(m.group(1).split(",")).map(s -> s.replace("\"", "").strip()).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private static HttpResponse<String> post(RunningJobhook jobhook, String path, String body) throws Exception {
        return AdminIT.HTTP.send(HttpRequest.newBuilder(jobhook.uri(path)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sample manifest of the shared data (as test-support's SharedData: skipped where absent, failing under CI). */
    private static Path sampleManifest() {
        String dir = System.getProperty("jobhook.shared.data", "");
        Path file = Path.of(dir).resolve("sample-jobcompletionhandler.manifest.json");
        if (dir.isBlank() || !Files.isRegularFile(file)) {
            String why = "no " + file + " (system property jobhook.shared.data)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("Shared data missing under CI=true: " + why);
            }
            Assumptions.abort("Skipped: " + why);
        }
        return file;
    }
}
