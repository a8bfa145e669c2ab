package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A backup of a running distribution's journal, taken online through the admin API while completions arrive, restored
 * as {@code runtime/admin/README.md} says into a fresh installation: the same events are listed there.
 */
class BackupIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FINE = "io.jobhook.test.misbehaving~fine";

    @Test
    void aBackupRestoredIntoAFreshHomeListsTheSameEvents() throws Exception {
        Path zip;
        List<String> before;
        try (RunningJobhook source = RunningJobhook.prepare("backup-source").withoutDemo()) {
            source.config("io.jobhook.admin.cfg", ".tokens = " + AdminIT.ADMIN + "\n");
            source.config("io.jobhook.test.misbehaving-fine.cfg", "jobTypes = " + AdminIT.JOB_TYPE
                    + "\nbehaviour = true\n");
            source.deploy("test-handlers", "test-handlers");
            source.start();
            RunningJobhook.await("the handler live", Duration.ofSeconds(30),
                    () -> source.console().contains("Handler " + FINE + " registered"));
            for (int i = 0; i < 20; i++) {
                assertThat(source.post(AdminIT.JOB_TYPE).statusCode()).isEqualTo(202);
            }
            RunningJobhook.await("every delivery made", Duration.ofSeconds(30),
                    () -> events(source).findValues("state").stream().allMatch(s -> s.asText().equals("DELIVERED"))
                            && events(source).size() == 20);
            before = eventIds(events(source));

            zip = source.home.resolveSibling(source.home.getFileName() + "-journal.zip");
            HttpResponse<Path> backup = AdminIT.HTTP.send(HttpRequest.newBuilder(source.uri("/jobhook/v1/backup"))
                    .header("Authorization", "Bearer " + AdminIT.ADMIN).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(zip));
            assertThat(backup.statusCode()).isEqualTo(200);
            assertThat(backup.headers().firstValue("Content-Disposition").orElseThrow())
                    .startsWith("attachment; filename=\"jobhook-journal-");
            assertThat(source.post(AdminIT.JOB_TYPE).statusCode()).as("still taking completions").isEqualTo(202);
            assertThat(source.console()).doesNotContain("jobhook-backup"); // the temporary copy is gone, unlogged
            source.stop();
        }

        try (RunningJobhook restored = RunningJobhook.prepare("backup-restored").withoutDemo()) {
            restored.config("io.jobhook.admin.cfg", ".tokens = " + AdminIT.ADMIN + "\n");
            // As documented: unzip the backup into the fresh installation's data/ before its first start.
            Path data = restored.home.resolve("data");
            Files.createDirectories(data);
            List<String> entries = new ArrayList<>();
            try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    entries.add(e.getName());
                    Files.copy(in, data.resolve(e.getName()));
                }
            }
            assertThat(entries).containsExactly("journal.mv.db");
            restored.start();
            JsonNode events = events(restored);
            assertThat(eventIds(events)).as("the same events, newest first").isEqualTo(before);
            assertThat(events.findValues("state")).extracting(JsonNode::asText).containsOnly("DELIVERED");
            restored.stop();
        }
    }

    static JsonNode events(RunningJobhook jobhook) {
        try {
            return JSON.readTree(AdminIT.get(jobhook, "/jobhook/v1/events?limit=1000", AdminIT.ADMIN).body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> eventIds(JsonNode events) {
        List<String> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.path("eventId").asText()));
        return ids;
    }
}
