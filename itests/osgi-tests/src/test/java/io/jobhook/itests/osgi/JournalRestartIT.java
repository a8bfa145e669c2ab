package io.jobhook.itests.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Constants;

import io.jobhook.api.CompletionSource;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.JournaledCompletion;

/**
 * The journal survives a framework restart. {@link PerMethod} gives each test method a framework of its
 * own, started for it and stopped after it (Pax Exam's native container: a new Felix instance over a new
 * bundle cache), and both runs share one {@code jobhook.data} directory that the host chose once.
 * {@code run1…} runs first (methods run in name order) and leaves what it did in {@code run1.properties}
 * beside the data; {@code run2…} fails at once, saying so, if that file is missing.
 *
 * <p>Run 1 accepts two completions: one delivered at once, and one for a handler identity that is away
 * (its configuration was deleted: its job types stay matched, the delivery waits PENDING). Run 2 finds
 * both in the journal with their delivery state, and the waiting one is delivered as soon as that handler
 * is configured again, as a redelivery ({@code deliveryAttempt() > 1}: docs/ARCHITECTURE.md, at-least-once across
 * restarts).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class JournalRestartIT extends JobhookTestSupport {

    static final UUID DURABLE_JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000030");
    static final UUID LIVE_JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000031");
    static final String DURABLE_ID = RECORDING + "~durable";
    static final String LIVE_ID = RECORDING + "~live";

    /** Host side: the one directory of both runs, cleaned once per test JVM. */
    private static Path hostWork;

    @Configuration
    public Option[] configuration() {
        synchronized (JournalRestartIT.class) {
            if (hostWork == null) {
                hostWork = workDirectory();
                deleteRecursively(hostWork);
            }
        }
        return options(baseConfiguration(hostWork));
    }

    @Test
    public void run1_acceptsOneCompletionDeliveredAndOneWaitingForItsHandler() throws IOException {
        configureIngress();
        configureRecording("durable", DURABLE_JOB_TYPE);
        configureRecording("live", LIVE_JOB_TYPE);
        awaitRouted(DURABLE_JOB_TYPE, DURABLE_ID);
        awaitRouted(LIVE_JOB_TYPE, LIVE_ID);
        // The durable handler goes away; its identity stays matched, so what comes for it waits in the journal.
        removeHandler(RECORDING, "durable");

        UUID waitingJob = UUID.randomUUID();
        UUID waiting = eventId(post(completion(DURABLE_JOB_TYPE, "WinCertReenrollment", waitingJob)));
        UUID delivered = eventId(post(completion(LIVE_JOB_TYPE, "WinCertInventory", UUID.randomUUID())));

        assertThat(journal.deliveries(waiting)).as("deliveries of %s while its handler is away", waiting)
                .containsExactly(new Delivery(waiting, DURABLE_ID, DeliveryState.PENDING, 0));
        await("event " + delivered + " to be DELIVERED to " + LIVE_ID,
                () -> state(delivered, LIVE_ID) == DeliveryState.DELIVERED);
        assertThat(recordedIds("durable")).doesNotContain(waiting);

        Properties state = new Properties();
        state.setProperty("framework", bundleContext.getProperty(Constants.FRAMEWORK_UUID));
        state.setProperty("waiting", waiting.toString());
        state.setProperty("waitingJob", waitingJob.toString());
        state.setProperty("delivered", delivered.toString());
        try (Writer out = Files.newBufferedWriter(stateFile())) {
            state.store(out, "JournalRestartIT run 1");
        }
        // Pax Exam now stops this framework: the journal closes, the HTTP port is released.
    }

    @Test
    public void run2_findsTheJournalAsRun1LeftItAndResumesTheWaitingDelivery() throws IOException {
        assertThat(stateFile()).as("run 1's record: run1_… must run first, in the same class run").exists();
        Properties state = new Properties();
        try (Reader in = Files.newBufferedReader(stateFile())) {
            state.load(in);
        }
        assertThat(bundleContext.getProperty(Constants.FRAMEWORK_UUID)).as("this framework instance")
                .isNotEqualTo(state.getProperty("framework"));
        UUID waiting = UUID.fromString(state.getProperty("waiting"));
        UUID waitingJob = UUID.fromString(state.getProperty("waitingJob"));
        UUID delivered = UUID.fromString(state.getProperty("delivered"));

        // The completion accepted in run 1 is in the journal, field for field.
        Optional<JournaledCompletion> completion = journal.completion(waiting);
        assertThat(completion).as("journaled completion %s after the restart", waiting).isPresent();
        assertThat(completion.get().matched()).isTrue();
        assertThat(completion.get().context().jobId()).isEqualTo(waitingJob);
        assertThat(completion.get().context().jobTypeId()).isEqualTo(DURABLE_JOB_TYPE);
        assertThat(completion.get().context().jobType()).isEqualTo("WinCertReenrollment");
        assertThat(completion.get().context().agentId()).isEqualTo(AGENT);
        assertThat(completion.get().context().source()).isEqualTo(CompletionSource.PUSH);

        // What was delivered in run 1 stays delivered, with its attempt.
        await(delivered + " to be DELIVERED to " + LIVE_ID, () -> state(delivered, LIVE_ID) == DeliveryState.DELIVERED);
        List<Attempt> attempts = journal.attempts(delivered);
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a.handler()).isEqualTo(LIVE_ID);
            assertThat(a.outcome()).isEqualTo(AttemptOutcome.SUCCESS);
            assertThat(a.handlerVersion()).isEqualTo("1.0.0");
        });

        // The waiting delivery waited through the restart, and goes out once its handler is back.
        assertThat(state(waiting, DURABLE_ID)).isEqualTo(DeliveryState.PENDING);
        configureRecording("durable", DURABLE_JOB_TYPE);
        await("event " + waiting + " (accepted in run 1) to be recorded by " + DURABLE_ID,
                () -> recordedIds("durable").contains(waiting));
        List<RecordedDelivery> records = recorded("durable").stream().filter(r -> r.eventId().equals(waiting))
                .collect(Collectors.toList());
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.jobId()).isEqualTo(waitingJob);
            assertThat(r.attempt()).as("deliveryAttempt after a restart").isGreaterThan(1);
        });
        await("event " + waiting + " to be DELIVERED in the journal",
                () -> state(waiting, DURABLE_ID) == DeliveryState.DELIVERED);
    }

    private Path stateFile() {
        return work().resolve("run1.properties");
    }

    private List<UUID> recordedIds(String name) {
        return recorded(name).stream().map(RecordedDelivery::eventId).collect(Collectors.toList());
    }

    private DeliveryState state(UUID eventId, String handler) {
        return journal.deliveries(eventId).stream().filter(d -> d.handler().equals(handler)).map(Delivery::state)
                .findFirst().orElseThrow(() -> new AssertionError("No delivery of " + eventId + " to " + handler));
    }
}
