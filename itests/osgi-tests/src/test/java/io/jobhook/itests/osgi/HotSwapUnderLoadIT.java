package io.jobhook.itests.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryControl;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.HandlerStatus;

/**
 * Hot swap under load (docs/ARCHITECTURE.md, "A restart, a hot swap": a graceful hot swap delivers each completion
 * exactly once per handler identity). A background thread pushes completions over HTTP, one every
 * {@link #PACE_MS} ms, while the recording handler's bundle is updated 1.0.0 → 2.0.0 → 1.0.0 → 2.0.0 → 1.0.0
 * ({@code Bundle.update} from the v1/v2 jars) and then uninstalled and installed again (2.0.0). Each version
 * must record {@link #PER_PHASE} deliveries before the next swap, so every phase really carries load.
 *
 * <p>At every swap a synchronous bundle listener pushes {@link #WHILE_AWAY} more completions when the bundle
 * has STOPPED (its handler is unregistered, the next one not yet there): they must wait and go to the next
 * version. After the uninstall the identity's job types stop matching (dispatch README, "Hot swap"), so
 * pushes accepted between the uninstall and the reinstalled handler's registration may be unmatched; every
 * other one must be matched, and every matched one delivered exactly once: one line in the recording, one
 * SUCCESS attempt (the first) in the journal whose {@code handlerVersion} is the version on that line. The
 * recording, in file order, must show the versions in exactly the order of the swaps. A second handler of
 * another bundle ({@code misbehaving~control}, behaving) for the same GUID sees every push exactly once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapUnderLoadIT extends JobhookTestSupport {

    static final UUID JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000040");
    static final String SWAP_ID = RECORDING + "~swap";
    static final String CONTROL_ID = MISBEHAVING + "~control";
    static final String RECORDING_BSN = "io.jobhook.test.recording";

    static final long PACE_MS = 5;
    static final int PER_PHASE = 25;
    static final int WHILE_AWAY = 3;
    static final int MAX_PUSHES = 20_000;

    /** The versions in the order the swaps make them active, starting from the one installed. */
    static final List<String> SWAPS = List.of("1.0.0", "2.0.0", "1.0.0", "2.0.0", "1.0.0");

    @Inject
    private DeliveryControl deliveryControl;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration());
    }

    @Before
    public void configureHandlers() throws IOException {
        configureIngress();
        configureRecording("swap", JOB_TYPE);
        configureHandler(MISBEHAVING, "control", Map.of("jobTypes", guids(JOB_TYPE), "behaviour", "true"));
        awaitRouted(JOB_TYPE, SWAP_ID, CONTROL_ID);
    }

    /** One push of the stream: its event, and the swap epoch when it started and when it was acknowledged. */
    record Push(UUID eventId, int startEpoch, int endEpoch) {
    }

    @Test
    public void everyMatchedCompletionIsDeliveredOnceToTheVersionActiveWhenItWasDelivered() throws Exception {
        Map<String, byte[]> jars = Map.of("1.0.0", Files.readAllBytes(bundleJar("recording-handler")), "2.0.0",
                Files.readAllBytes(bundleJar("recording-handler-v2")));
        Bundle recording = bundleNamed(RECORDING_BSN);
        assertThat(recording.getVersion().toString()).isEqualTo("1.0.0");

        // Epoch 0: the handler's bundle is installed; 1: from the uninstall until the reinstalled handler is
        // registered; 2: after.
        AtomicInteger epoch = new AtomicInteger();
        List<Push> pushes = new CopyOnWriteArrayList<>();
        List<String> refused = new CopyOnWriteArrayList<>();
        Map<UUID, String> whileAway = new ConcurrentHashMap<>(); // event -> the version it must reach
        String[] next = new String[1];
        SynchronousBundleListener pushWhileAway = e -> {
            if (e.getType() == BundleEvent.STOPPED && RECORDING_BSN.equals(e.getBundle().getSymbolicName())) {
                for (int i = 0; i < WHILE_AWAY; i++) {
                    whileAway.put(eventId(post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID()))), next[0]);
                }
            }
        };
        Thread stream = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted() && pushes.size() < MAX_PUSHES) {
                int start = epoch.get();
                HttpResponse<String> r = post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID()));
                if (r.statusCode() == 202) {
                    pushes.add(new Push(eventId(r), start, epoch.get()));
                } else {
                    refused.add(r.statusCode() + " " + r.body());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PACE_MS));
            }
        }, "hot-swap-stream");

        List<String> phases = new ArrayList<>(List.of(SWAPS.get(0)));
        bundleContext.addBundleListener(pushWhileAway);
        stream.start();
        try {
            awaitPhase(SWAPS.get(0), 0);
            for (String version : SWAPS.subList(1, SWAPS.size())) {
                int mark = recorded("swap").size();
                next[0] = version;
                recording.update(new ByteArrayInputStream(jars.get(version)));
                assertThat(recording.getVersion().toString()).isEqualTo(version);
                phases.add(version);
                awaitPhase(version, mark);
            }

            // Uninstalled (deleted from handlers/) and installed again, as version 2.0.0.
            int mark = recorded("swap").size();
            next[0] = "2.0.0";
            epoch.set(1);
            recording.uninstall();
            Bundle again = bundleContext.installBundle(bundleJar("recording-handler-v2").toUri() + "#reinstalled",
                    new ByteArrayInputStream(jars.get("2.0.0")));
            again.start();
            await("the reinstalled handler " + SWAP_ID + " to be bound by the dispatcher", () -> status(SWAP_ID)
                    .filter(s -> s.present() && "2.0.0".equals(s.version()) && !s.jobTypes().isEmpty()).isPresent());
            epoch.set(2);
            phases.add("2.0.0");
            awaitPhase("2.0.0", mark);
        } finally {
            stream.interrupt();
            stream.join(TimeUnit.SECONDS.toMillis(30));
            bundleContext.removeBundleListener(pushWhileAway);
        }
        assertThat(stream.isAlive()).as("the stream thread stopped").isFalse();
        assertThat(refused).as("pushes not answered 202 during the swaps").isEmpty();

        List<UUID> all = pushes.stream().map(Push::eventId).collect(Collectors.toList());
        all.addAll(whileAway.keySet());
        Map<UUID, Set<String>> matches = all.stream().collect(Collectors.toMap(Function.identity(),
                e -> journal.deliveries(e).stream().map(Delivery::handler).collect(Collectors.toSet())));
        Set<UUID> matched = all.stream().filter(e -> matches.get(e).contains(SWAP_ID)).collect(Collectors.toSet());

        // Only the uninstall may leave a push unmatched, and only one accepted while the identity was gone.
        for (Push p : pushes) {
            assertThat(matches.get(p.eventId())).as("handlers matched to push %s", p).contains(CONTROL_ID);
            if (p.endEpoch() == 0 || p.startEpoch() == 2) {
                assertThat(matches.get(p.eventId())).as("handlers matched to push %s (outside the uninstall)", p)
                        .contains(SWAP_ID);
            }
        }
        assertThat(whileAway.keySet()).as("completions pushed while the handler was away at a swap").allSatisfy(
                e -> assertThat(matched).as("matched to %s", SWAP_ID).contains(e));

        await("every matched completion to be DELIVERED to " + SWAP_ID + " and " + CONTROL_ID,
                () -> all.stream().allMatch(e -> state(e, CONTROL_ID) == DeliveryState.DELIVERED
                        && (!matched.contains(e) || state(e, SWAP_ID) == DeliveryState.DELIVERED)));

        // Exactly once per identity: one line each, one successful first attempt of the version on that line.
        List<RecordedDelivery> lines = recorded("swap");
        Map<UUID, List<RecordedDelivery>> byEvent = lines.stream()
                .collect(Collectors.groupingBy(RecordedDelivery::eventId));
        for (UUID e : all) {
            List<RecordedDelivery> records = byEvent.getOrDefault(e, List.of());
            if (!matched.contains(e)) {
                assertThat(records).as("recordings of unmatched event %s", e).isEmpty();
                continue;
            }
            assertThat(records).as("recordings of event %s", e).hasSize(1);
            assertThat(attempts(e, SWAP_ID)).as("attempts of %s on event %s", SWAP_ID, e).singleElement()
                    .satisfies(a -> {
                        assertThat(a.outcome()).isEqualTo(AttemptOutcome.SUCCESS);
                        assertThat(a.number()).isEqualTo(1);
                        assertThat(a.handlerVersion()).as("version journaled for event %s", e)
                                .isEqualTo(records.get(0).version());
                    });
            assertThat(attempts(e, CONTROL_ID)).as("attempts of %s on event %s", CONTROL_ID, e).singleElement()
                    .satisfies(a -> assertThat(a.outcome()).isEqualTo(AttemptOutcome.SUCCESS));
        }
        // What waited while the handler was away went to the version that came next.
        whileAway.forEach((e, version) -> assertThat(byEvent.get(e).get(0).version())
                .as("version that handled event %s, pushed while the handler was away", e).isEqualTo(version));

        // In file order, the versions change exactly as the swaps did: no delivery to a version before or after its turn.
        List<String> runs = new ArrayList<>();
        for (RecordedDelivery r : lines) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(r.version())) {
                runs.add(r.version());
            }
        }
        assertThat(runs).as("versions in the order they recorded").isEqualTo(phases);

        HandlerStatus swap = status(SWAP_ID).orElseThrow();
        assertThat(swap.present()).isTrue();
        assertThat(swap.version()).isEqualTo("2.0.0");
        assertThat(swap.bundle()).isEqualTo(RECORDING_BSN);

        long unmatched = all.stream().filter(e -> !matched.contains(e)).count();
        System.out.printf("HotSwapUnderLoadIT: %d completions pushed (%d while the handler was away at a swap),"
                + " %d delivered to %s over %d versions, %d unmatched after the uninstall%n", all.size(),
                whileAway.size(), matched.size(), SWAP_ID, phases.size(), unmatched);
    }

    /** Waits until version {@code version} has recorded {@link #PER_PHASE} deliveries after line {@code mark}. */
    private void awaitPhase(String version, int mark) {
        await(PER_PHASE + " deliveries recorded by version " + version, () -> {
            List<RecordedDelivery> lines = recorded("swap");
            return lines.subList(Math.min(mark, lines.size()), lines.size()).stream()
                    .filter(r -> r.version().equals(version)).count() >= PER_PHASE;
        });
    }

    private Optional<HandlerStatus> status(String identity) {
        return deliveryControl.handlers().stream().filter(s -> s.identity().equals(identity)).findFirst();
    }

    private DeliveryState state(UUID eventId, String handler) {
        return journal.deliveries(eventId).stream().filter(d -> d.handler().equals(handler)).map(Delivery::state)
                .findFirst().orElse(null);
    }

    private List<Attempt> attempts(UUID eventId, String handler) {
        return journal.attempts(eventId).stream().filter(a -> a.handler().equals(handler)).collect(Collectors.toList());
    }
}
