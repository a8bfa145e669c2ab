package io.jobhook.itests.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;

/**
 * Bulkheads in the real runtime: a handler that throws, one that hangs past its timeout and a healthy
 * recording handler, all for one GUID, receive the same stream of pushed completions, and the healthy
 * one gets every event in time while the hanging one is still working through its backlog.
 *
 * <p>The hanging handler has {@code dispatch.timeout=300} and {@code dispatch.concurrency=1} (service
 * properties from its factory configuration), so it needs at least 100 × 300 ms = 30 s for the stream;
 * the healthy one must have all of it within {@link #HEALTHY_DEADLINE} of the last acceptance. The
 * misbehaving handlers have {@code dispatch.maxAttempts=1}: each failure is final, which keeps the
 * journal's record of them exact.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HandlerIsolationIT extends JobhookTestSupport {

    static final UUID JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000020");
    static final int STREAM = 100;
    static final long HANG_TIMEOUT_MS = 300;
    static final Duration HEALTHY_DEADLINE = Duration.ofSeconds(15);

    static final String THROWING_ID = MISBEHAVING + "~throwing";
    static final String HANGING_ID = MISBEHAVING + "~hanging";
    static final String HEALTHY_ID = RECORDING + "~healthy";

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration());
    }

    @Before
    public void configureHandlers() throws IOException {
        configureIngress();
        configureHandler(MISBEHAVING, "throwing", Map.of("jobTypes", guids(JOB_TYPE), "behaviour", "throw",
                "dispatch.maxAttempts", 1));
        configureHandler(MISBEHAVING, "hanging", Map.of("jobTypes", guids(JOB_TYPE), "behaviour", "hang",
                "dispatch.timeout", HANG_TIMEOUT_MS, "dispatch.concurrency", 1, "dispatch.maxAttempts", 1));
        configureRecording("healthy", JOB_TYPE);
        awaitRouted(JOB_TYPE, THROWING_ID, HANGING_ID, HEALTHY_ID);
    }

    @Test
    public void healthyHandlerGetsTheWholeStreamInTimeBesideAThrowingAndAHangingOne() {
        List<UUID> stream = new ArrayList<>();
        for (int i = 0; i < STREAM; i++) {
            stream.add(eventId(post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID()))));
        }
        long lastAccepted = System.nanoTime();

        // Every event goes to all three handlers: the match is journaled when the push is accepted.
        for (UUID eventId : stream) {
            assertThat(journal.deliveries(eventId)).extracting(Delivery::handler)
                    .as("handlers of event %s", eventId).containsExactlyInAnyOrder(THROWING_ID, HANGING_ID, HEALTHY_ID);
        }

        // The healthy handler records the whole stream in time, each event once, first attempt.
        Set<UUID> expected = new LinkedHashSet<>(stream);
        await("the healthy handler to record all " + STREAM + " events", HEALTHY_DEADLINE,
                () -> healthyRecorded().containsAll(expected));
        Duration took = Duration.ofNanos(System.nanoTime() - lastAccepted);
        int hangingStillPending = pending(stream, HANGING_ID);
        System.out.printf("HandlerIsolationIT: the healthy handler had all %d events %d ms after the last acceptance;"
                + " the hanging handler still had %d pending%n", STREAM, took.toMillis(), hangingStillPending);

        List<RecordedDelivery> healthy = recorded("healthy").stream().filter(r -> expected.contains(r.eventId()))
                .collect(Collectors.toList());
        assertThat(healthy).as("deliveries to the healthy handler").hasSize(STREAM)
                .allSatisfy(r -> assertThat(r.attempt()).isEqualTo(1));
        assertThat(took).as("time from the last acceptance to the healthy handler's last record")
                .isLessThan(HEALTHY_DEADLINE);
        // ... while the hanging handler was still far from through its own backlog: nobody waited for it.
        assertThat(hangingStillPending).as("deliveries still pending for the hanging handler when the healthy one "
                + "had everything (%s after the last acceptance)", took).isPositive();
        // The journal records an outcome after the handler returns: await it rather than race it.
        await("every healthy delivery recorded DELIVERED",
                () -> stream.stream().allMatch(e -> state(e, HEALTHY_ID) == DeliveryState.DELIVERED));

        // The throwing handler got the same stream: each attempt an exception, recorded as a final failure.
        await("the throwing handler's " + STREAM + " attempts to be recorded",
                () -> stream.stream().allMatch(e -> state(e, THROWING_ID) == DeliveryState.FAILED));
        for (UUID eventId : stream) {
            Attempt attempt = attempt(eventId, THROWING_ID).orElseThrow();
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.EXCEPTION);
            assertThat(attempt.detail()).contains("IllegalStateException").contains("misbehaving on purpose");
        }

        // The hanging handler got it too: its first attempt was cut at its timeout, not earlier.
        UUID first = stream.get(0);
        await("the hanging handler's attempt on the first event to time out",
                () -> attempt(first, HANGING_ID).isPresent());
        Attempt timedOut = attempt(first, HANGING_ID).orElseThrow();
        assertThat(timedOut.outcome()).isEqualTo(AttemptOutcome.TIMEOUT);
        assertThat(timedOut.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(HANG_TIMEOUT_MS));
        assertThat(state(first, HANGING_ID)).isEqualTo(DeliveryState.FAILED);
    }

    private Set<UUID> healthyRecorded() {
        return recorded("healthy").stream().map(RecordedDelivery::eventId).collect(Collectors.toSet());
    }

    private int pending(List<UUID> events, String handler) {
        return (int) events.stream().filter(e -> state(e, handler) == DeliveryState.PENDING).count();
    }

    private DeliveryState state(UUID eventId, String handler) {
        return journal.deliveries(eventId).stream().filter(d -> d.handler().equals(handler)).map(Delivery::state)
                .findFirst().orElseThrow(() -> new AssertionError("No delivery of " + eventId + " to " + handler));
    }

    private Optional<Attempt> attempt(UUID eventId, String handler) {
        return journal.attempts(eventId).stream().filter(a -> a.handler().equals(handler)).findFirst();
    }
}
