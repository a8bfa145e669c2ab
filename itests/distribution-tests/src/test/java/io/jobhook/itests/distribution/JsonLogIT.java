package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON log preset: the one line the shipped {@code etc/org.ops4j.pax.logging.cfg} says to uncomment gives
 * {@code logs/jobhook.json}, one JSON object per line, with a completion's log keys as fields.
 */
class JsonLogIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PRESET = "#log4j2.rootLogger.appenderRef.json.ref = json";

    @Test
    void oneUncommentedLineWritesJsonLinesWithTheLogKeys() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("jsonlog").withoutDemo()) {
            Path cfg = jobhook.home.resolve("etc/org.ops4j.pax.logging.cfg");
            String shipped = Files.readString(cfg, StandardCharsets.ISO_8859_1);
            assertThat(shipped).contains(PRESET);
            assertThat(jobhook.home.resolve("logs/jobhook.json")).as("nothing written while it is off").doesNotExist();
            jobhook.config("org.ops4j.pax.logging.cfg", shipped.replace(PRESET, PRESET.substring(1)));
            jobhook.config("io.jobhook.test.misbehaving-broken.cfg", "jobTypes = " + AdminIT.JOB_TYPE
                    + "\nbehaviour = false\ndispatch.maxAttempts = 1\n");
            jobhook.deploy("test-handlers", "test-handlers");
            jobhook.start();
            String eventId = RunningJobhook.eventId(jobhook.post(AdminIT.JOB_TYPE));

            Path json = jobhook.home.resolve("logs/jobhook.json");
            RunningJobhook.await("the handler's line in logs/jobhook.json", Duration.ofSeconds(30),
                    () -> Files.exists(json) && read(json).contains(eventId));
            List<JsonNode> lines = new ArrayList<>();
            for (String line : read(json).split("\n")) {
                lines.add(JSON.readTree(line)); // every line is one JSON object
            }
            JsonNode handlerLine = lines.stream().filter(n -> n.path("eventId").asText().equals(eventId)
                    && n.path("message").asText().contains("returned false")).findFirst().orElseThrow();
            assertThat(handlerLine.path("log.level").asText()).isEqualTo("INFO");
            assertThat(handlerLine.path("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(handlerLine.path("log.logger").asText()).contains("io.jobhook.runtime.dispatch");
            assertThat(handlerLine.path("bundle.name").asText()).isEqualTo("io.jobhook.runtime.dispatch");
            assertThat(handlerLine.path("handler").asText()).isEqualTo("io.jobhook.test.misbehaving~broken");
            assertThat(read(jobhook.home.resolve("logs/jobhook.log"))).as("the text log goes on beside it")
                    .contains(eventId);
            jobhook.stop();
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
