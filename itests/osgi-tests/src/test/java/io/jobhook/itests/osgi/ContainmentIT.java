package io.jobhook.itests.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryControl;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.HandlerStatus;

/**
 * Containment: while faulty handlers are present — a bundle that cannot resolve, a component whose
 * constructor throws, handler configurations with a bad GUID (recording and WinCert), and a handler that leaks
 * a thread and blocks forever, deaf to interrupts — the ingress keeps answering 202, a healthy handler of the same GUID gets every
 * completion, every bundle of the runtime stays ACTIVE, and each fault is reported once, clearly, naming its
 * bundle or handler: the WARN and ERROR lines naming each are counted through a {@code PaxAppender} service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainmentIT extends JobhookTestSupport {

    static final UUID JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000060");
    static final int STREAM = 20;

    static final String HEALTHY_ID = RECORDING + "~healthy";
    static final String UNRESOLVABLE_BSN = "io.jobhook.test.unresolvable";
    static final String ACTIVATE_FAILS = "io.jobhook.test.activatefails";
    static final String ACTIVATE_FAILS_ID = ACTIVATE_FAILS + "~boom";
    static final String ACTIVATE_FAILS_CLASS = "io.jobhook.test.faulty.ActivateFailsHandler";
    static final String BAD_GUID_ID = RECORDING + "~badguid";
    static final String STUCK = "io.jobhook.test.stuck";
    static final String STUCK_ID = STUCK + "~forever";
    static final long STUCK_TIMEOUT_MS = 300;
    static final String LEAKED_THREAD = "jobhook-test-leaked-";
    static final String WINCERT_BAD_GUID_ID = WINCERT + "~badguid";

    /**
     * How long, after everything else, no fault may be reported again: one period of the dispatcher's sweep
     * ({@code DispatcherComponent.SWEEP_EVERY}, 2 s), the only timer that revisits handlers, plus a margin.
     */
    static final Duration QUIET = Duration.ofMillis(2_500);

    @Inject
    private DeliveryControl deliveryControl;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration(), jobhookBundles("faulty-handlers"));
    }

    @Test
    public void faultyHandlersAreContainedAndEachIsReportedOnceByName() throws Exception {
        try (FrameworkLog log = captureLog()) {
            configureIngress();
            configureRecording("healthy", JOB_TYPE);
            awaitRouted(JOB_TYPE, HEALTHY_ID);

            // 1. A handler bundle that cannot resolve, started by the framework as the launcher's bundles are:
            //    marked to start at a start level above the active one, then moved down to it.
            Bundle unresolvable = bundleContext.installBundle(bundleJar("unresolvable-handler").toUri().toString());
            int active = bundleContext.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class)
                    .getStartLevel();
            BundleStartLevel level = unresolvable.adapt(BundleStartLevel.class);
            level.setStartLevel(active + 1);
            unresolvable.start();
            level.setStartLevel(active);
            await("the framework's report of " + UNRESOLVABLE_BSN, () -> !log.reportsNaming(UNRESOLVABLE_BSN).isEmpty());
            assertThat(unresolvable.getState()).isEqualTo(Bundle.INSTALLED);

            // 2. A handler whose component throws in its @Activate constructor: its service is registered, the
            //    dispatcher cannot get it.
            configureHandler(ACTIVATE_FAILS, "boom", Map.of("jobTypes", guids(JOB_TYPE)));
            await("the report of " + ACTIVATE_FAILS_ID, () -> !log.reportsNaming(ACTIVATE_FAILS_CLASS).isEmpty());

            // 3. A handler configuration with a bad GUID in jobTypes: the dispatcher refuses the registration.
            configureHandler(RECORDING, "badguid", Map.of("jobTypes", new String[] {"not-a-guid"}, "file",
                    recording("badguid").toString()));
            await("the report of " + BAD_GUID_ID, () -> !log.reportsNaming(BAD_GUID_ID).isEmpty());

            //    The same mistake in the WinCert handler's configuration: the handler refuses it in its constructor.
            configureHandler(WINCERT, "badguid", Map.of("jobTypes", new String[] {"not-a-guid"}));
            await("the report of " + WINCERT_BAD_GUID_ID, () -> !log.reportsNaming(WINCERT_BAD_GUID_ID).isEmpty());

            // 4. A handler that leaks a thread and blocks forever, deaf to the interrupt at its deadline.
            configureHandler(STUCK, "forever", Map.of("jobTypes", guids(JOB_TYPE), "dispatch.timeout", STUCK_TIMEOUT_MS,
                    "dispatch.maxAttempts", 1, "dispatch.concurrency", 1));
            awaitRouted(JOB_TYPE, HEALTHY_ID, STUCK_ID);

            // With all four present: the ingress answers, the healthy handler gets everything.
            List<UUID> stream = new ArrayList<>();
            for (int i = 0; i < STREAM; i++) {
                stream.add(eventId(post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID()))));
            }
            for (UUID e : stream) {
                assertThat(journal.deliveries(e)).extracting(Delivery::handler).as("handlers of event %s", e)
                        .containsExactlyInAnyOrder(HEALTHY_ID, STUCK_ID);
            }
            await("the healthy handler to record all " + STREAM + " events",
                    () -> recordedIds("healthy").containsAll(stream));
            await("every event DELIVERED to " + HEALTHY_ID,
                    () -> stream.stream().allMatch(e -> state(e, HEALTHY_ID) == DeliveryState.DELIVERED));
            assertThat(recorded("healthy").stream().filter(r -> stream.contains(r.eventId())))
                    .as("deliveries to the healthy handler").hasSize(STREAM);

            // The stuck handler's one attempt (on the first completion routed to it) timed out; its thread is still
            // in the handler, beside the one it leaked, and only its own deliveries wait behind it.
            await("the stuck handler's attempt to time out", () -> status(STUCK_ID).orElseThrow().timeouts() == 1);
            assertThat(threadsNamed(LEAKED_THREAD)).as("threads leaked by the stuck handler").hasSize(1);
            assertThat(threadsNamed("jobhook-handler-" + STUCK_ID)).as("the stuck handler's bulkhead threads").hasSize(1);
            for (UUID e : stream) {
                assertThat(state(e, STUCK_ID)).as("delivery of %s to the stuck handler", e).isEqualTo(DeliveryState.PENDING);
                assertThat(attempts(e, STUCK_ID)).as("attempts of the stuck handler on %s", e).isEmpty();
            }

            // A bounded quiet period: nothing is reported again (see QUIET).
            long quietEnd = System.nanoTime() + QUIET.toNanos();
            while (System.nanoTime() - quietEnd < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            UUID after = eventId(post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID())));
            await("a last event to reach the healthy handler", () -> recordedIds("healthy").contains(after));

            System.out.println("ContainmentIT: every WARN/ERROR line captured:");
            log.events().stream().filter(e -> e.getLevel().getSyslogEquivalent() <= 4)
                    .forEach(e -> System.out.println("  " + FrameworkLog.render(e)));
            Map<String, Integer> expected = new LinkedHashMap<>();
            // The framework's FrameworkEvent ERROR (pax-logging's Events.Framework), the resolver's message naming
            // the bundle and the missing package.
            expected.put(UNRESOLVABLE_BSN, 1);
            // SCR's ERROR "Error during instantiation of the implementation object" with the cause, and the
            // framework's ServiceException event ("Service factory returned null. (Component: ...)") when the
            // dispatcher asked for the service. (The dispatcher's SCR adds two WARN lines that name neither.)
            expected.put(ACTIVATE_FAILS_CLASS, 2);
            // The dispatcher's ERROR: "Handler from bundle io.jobhook.test.recording refused: handler ...~badguid:
            // service property 'jobTypes': Malformed GUID ..."
            expected.put(BAD_GUID_ID, 1);
            // The WinCert handler's own ERROR "Refusing configuration io.jobhook.wincert~badguid: key 'jobTypes' ...",
            // and SCR's ERROR whose cause is that same exception (the handler rethrows it to stay inactive).
            expected.put(WINCERT_BAD_GUID_ID, 2);
            // The dispatcher's WARN "Handler ...~forever timed out on event ...": one attempt, one line, however
            // long its thread stays stuck.
            expected.put(STUCK_ID, 1);
            Map<String, List<String>> reports = new LinkedHashMap<>();
            expected.keySet().forEach(name -> reports.put(name, log.reportsNaming(name)));
            reports.forEach((name, lines) -> assertThat(lines).as("reports naming %s", name).hasSize(expected.get(name)));

            // The runtime is whole, and the dispatcher's view names what it has.
            List<String> notActive = new ArrayList<>();
            for (Bundle b : bundleContext.getBundles()) {
                if (b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null
                        && !UNRESOLVABLE_BSN.equals(b.getSymbolicName())) {
                    notActive.add(b.getSymbolicName() + " (state " + b.getState() + ")");
                }
            }
            assertThat(notActive).as("bundles not ACTIVE").isEmpty();
            HandlerStatus healthy = status(HEALTHY_ID).orElseThrow();
            assertThat(healthy.present()).isTrue();
            assertThat(healthy.failures()).isZero();
            HandlerStatus stuckStatus = status(STUCK_ID).orElseThrow();
            assertThat(stuckStatus.timeouts()).isEqualTo(1);
            assertThat(status(ACTIVATE_FAILS_ID)).as("status of %s", ACTIVATE_FAILS_ID).isEmpty();
            assertThat(status(BAD_GUID_ID)).as("status of %s", BAD_GUID_ID).isEmpty();
            assertThat(status(WINCERT_BAD_GUID_ID)).as("status of %s", WINCERT_BAD_GUID_ID).isEmpty();
        }
    }

    private List<UUID> recordedIds(String name) {
        return recorded(name).stream().map(RecordedDelivery::eventId).collect(Collectors.toList());
    }

    private DeliveryState state(UUID eventId, String handler) {
        return journal.deliveries(eventId).stream().filter(d -> d.handler().equals(handler)).map(Delivery::state)
                .findFirst().orElse(null);
    }

    private List<Attempt> attempts(UUID eventId, String handler) {
        return journal.attempts(eventId).stream().filter(a -> a.handler().equals(handler)).collect(Collectors.toList());
    }

    private Optional<HandlerStatus> status(String identity) {
        return deliveryControl.handlers().stream().filter(s -> s.identity().equals(identity)).findFirst();
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith(prefix))
                .collect(Collectors.toList());
    }
}
