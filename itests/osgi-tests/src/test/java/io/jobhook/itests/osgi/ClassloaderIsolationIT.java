package io.jobhook.itests.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.FrameworkUtil;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;

/**
 * Classloader isolation: two handler bundles embed different, incompatible versions of one library —
 * Jackson core 2.9.10 ({@code isolation-handler-a}) and 2.22.3 ({@code isolation-handler-b}, whose code uses
 * {@code JsonFactory.builder()} and {@code StreamReadConstraints}, which 2.9 lacks) — beside the runtime's own
 * Jackson 2.18.2 bundles, and both handle the same completions. Each writes, with its own Jackson, what it
 * sees: the version, the bundle that loaded {@code JsonFactory}, whether {@code StreamReadConstraints} is
 * visible. Each must see its own copy, loaded by its own bundle, and the runtime its own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClassloaderIsolationIT extends JobhookTestSupport {

    static final UUID JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000050");
    static final String A_FACTORY = "io.jobhook.test.isolation.a";
    static final String B_FACTORY = "io.jobhook.test.isolation.b";
    static final String A_ID = A_FACTORY + "~side";
    static final String B_ID = B_FACTORY + "~side";
    static final int COMPLETIONS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration(), jobhookBundles("isolation-handler-a", "isolation-handler-b"));
    }

    @Before
    public void configureHandlers() throws IOException {
        configureIngress();
        configureHandler(A_FACTORY, "side", Map.of("jobTypes", guids(JOB_TYPE), "file", file("a").toString()));
        configureHandler(B_FACTORY, "side", Map.of("jobTypes", guids(JOB_TYPE), "file", file("b").toString()));
        awaitRouted(JOB_TYPE, A_ID, B_ID);
    }

    @Test
    public void eachHandlerSeesItsOwnJacksonWhileBothHandleTheSameCompletions() {
        for (int i = 0; i < COMPLETIONS; i++) {
            UUID eventId = eventId(post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID())));

            assertThat(journal.deliveries(eventId)).extracting(Delivery::handler).containsExactlyInAnyOrder(A_ID, B_ID);
            await("event " + eventId + " to be DELIVERED to both handlers", () -> journal.deliveries(eventId).stream()
                    .allMatch(d -> d.state() == DeliveryState.DELIVERED));
            assertThat(journal.attempts(eventId)).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(AttemptOutcome.SUCCESS));

            JsonNode a = record("a", eventId);
            assertThat(a.path("handler").asText()).isEqualTo("io.jobhook.test.isolation.a");
            assertThat(a.path("jackson").asText()).as("Jackson version handler A sees").isEqualTo("2.9.10");
            assertThat(a.path("loadedBy").asText()).as("bundle that loaded handler A's JsonFactory")
                    .isEqualTo("io.jobhook.test.isolation.a");
            assertThat(a.path("streamReadConstraints").asBoolean(true))
                    .as("StreamReadConstraints (Jackson 2.15+) visible to handler A").isFalse();

            JsonNode b = record("b", eventId);
            assertThat(b.path("handler").asText()).isEqualTo("io.jobhook.test.isolation.b");
            assertThat(b.path("jackson").asText()).as("Jackson version handler B sees").isEqualTo("2.22.3");
            assertThat(b.path("loadedBy").asText()).as("bundle that loaded handler B's JsonFactory")
                    .isEqualTo("io.jobhook.test.isolation.b");
            assertThat(b.path("streamReadConstraints").asBoolean(false))
                    .as("StreamReadConstraints visible to handler B").isTrue();
            assertThat(b.path("maxNestingDepth").asInt()).as("handler B's own StreamReadConstraints").isEqualTo(64);
        }

        // The runtime (and this test) still use the framework's Jackson (the parent pom's, a third version),
        // from its own bundle.
        assertThat(FrameworkUtil.getBundle(JsonFactory.class).getSymbolicName())
                .isEqualTo("com.fasterxml.jackson.core.jackson-core");
        String platform = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
        assertThat(bundleNamed("com.fasterxml.jackson.core.jackson-core").getVersion().toString()).isEqualTo(platform);
        assertThat(platform).isNotIn("2.9.10", "2.22.3");
    }

    private Path file(String handler) {
        return work().resolve("isolation-" + handler + ".jsonl");
    }

    /** The one record handler {@code a} or {@code b} wrote for {@code eventId}. */
    private JsonNode record(String handler, UUID eventId) {
        try {
            List<JsonNode> records = Files.readAllLines(file(handler)).stream().filter(l -> !l.isBlank())
                    .map(ClassloaderIsolationIT::parse).filter(n -> n.path("eventId").asText().equals(eventId.toString()))
                    .toList();
            assertThat(records).as("records of event %s by handler %s", eventId, handler).hasSize(1);
            return records.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + line, e);
        }
    }
}
