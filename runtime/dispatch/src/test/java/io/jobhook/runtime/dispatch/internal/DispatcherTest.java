package io.jobhook.runtime.dispatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import io.jobhook.api.JobResult;
import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.SupportedOperations;
import io.jobhook.runtime.journal.testing.InMemoryJournal;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryPolicy;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.HandlerStatus;
import io.jobhook.runtime.spi.Idempotency;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

class DispatcherTest {

    static final UUID INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
    static final UUID MANAGEMENT = UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973");
    static final UUID OTHER = UUID.fromString("7a07f123-a6ad-41f6-8dba-08fdf5320f84");

    final InMemoryJournal journal = new InMemoryJournal(Clock.systemUTC());
    final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);
    volatile CommandApi client = commandApi(Map.of());
    final Dispatcher dispatcher = new Dispatcher(journal, () -> client, scheduler, Clock.systemUTC(),
            DeliveryPolicy.DEFAULTS);
    long nextServiceId = 1;

    @AfterEach
    void stop() {
        dispatcher.close();
        scheduler.shutdownNow();
    }

    HandlerRegistration register(String identity, OrchestratorJobCompleteHandler handler, Map<String, Object> props) {
        Map<String, Object> p = new java.util.HashMap<>(props);
        p.put("component.name", identity);
        p.put("service.id", nextServiceId++);
        HandlerRegistration r = HandlerRegistration.of(handler, p, "test.bundle", "1.0.0", 42L, DeliveryPolicy.DEFAULTS);
        dispatcher.addHandler(r);
        return r;
    }

    static OrchestratorJobCompleteHandlerContext completion(UUID jobTypeId) {
        return OrchestratorJobCompleteHandlerContext.builder().agentId(UUID.randomUUID()).jobId(UUID.randomUUID())
                .jobType("WinCertInventory").jobTypeId(jobTypeId).jobResult(JobResult.SUCCESS).build();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 10 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** A handler that records what it is given and answers {@code true}. */
    static final class Recorder implements OrchestratorJobCompleteHandler {
        final List<OrchestratorJobCompleteHandlerContext> seen = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> mdc = new CopyOnWriteArrayList<>();

        @Override
        public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
            mdc.add(MDC.getCopyOfContextMap());
            seen.add(context);
            return true;
        }

        Set<UUID> events() {
            Set<UUID> ids = ConcurrentHashMap.newKeySet();
            seen.forEach(c -> ids.add(c.eventId()));
            return ids;
        }
    }

    @Test
    void deliversByJobTypeGuidToEveryMatchingHandlerAndNoOther() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Recorder other = new Recorder();
        register("a", a, Map.of("jobTypes", INVENTORY.toString().toUpperCase()));
        register("b", b, Map.of("jobTypes", new String[] {MANAGEMENT + "," + INVENTORY}));
        register("other", other, Map.of("jobTypes", OTHER.toString()));

        OrchestratorJobCompleteHandlerContext c = completion(INVENTORY);
        Acceptance acceptance = dispatcher.accept(c, null);

        assertThat(acceptance.status()).isEqualTo(Acceptance.Status.ACCEPTED);
        await("both handlers", () -> a.seen.size() == 1 && b.seen.size() == 1);
        await("both delivered", () -> journal.deliveries(c.eventId()).stream()
                .allMatch(d -> d.state() == DeliveryState.DELIVERED));
        assertThat(journal.deliveries(c.eventId())).extracting(Delivery::handler).containsExactly("a", "b");
        assertThat(other.seen).isEmpty();

        OrchestratorJobCompleteHandlerContext delivered = a.seen.get(0);
        assertThat(delivered.eventId()).isEqualTo(c.eventId());
        assertThat(delivered.deliveryAttempt()).isEqualTo(1);
        assertThat(delivered.client()).isSameAs(client);
        assertThat(a.mdc.get(0)).containsEntry("eventId", c.eventId().toString())
                .containsEntry("jobId", c.jobId().toString()).containsEntry("jobType", "WinCertInventory")
                .containsEntry("handler", "a");
        assertThat(journal.attempts(c.eventId())).extracting(Attempt::outcome)
                .containsOnly(AttemptOutcome.SUCCESS);
    }

    @Test
    void aCompletionNoHandlerMatchesIsRecordedAsUnmatched() throws Exception {
        register("a", new Recorder(), Map.of("jobTypes", OTHER.toString()));
        OrchestratorJobCompleteHandlerContext c = completion(INVENTORY);
        dispatcher.accept(c, null);
        assertThat(journal.completion(c.eventId())).hasValueSatisfying(j -> assertThat(j.matched()).isTrue());
        assertThat(journal.deliveries(c.eventId())).isEmpty();
        assertThat(journal.unmatched(10)).isEmpty();
    }

    @Test
    void aResendIsNotDeliveredAgain() throws Exception {
        Recorder a = new Recorder();
        register("a", a, Map.of("jobTypes", INVENTORY.toString()));
        Idempotency key = new Idempotency("k-1", "hash", Duration.ofHours(1));
        OrchestratorJobCompleteHandlerContext c = completion(INVENTORY);
        Acceptance first = dispatcher.accept(c, key);
        Acceptance again = dispatcher.accept(completion(INVENTORY), key);
        assertThat(again).isEqualTo(new Acceptance(first.eventId(), Acceptance.Status.DUPLICATE));
        await("delivered", () -> a.seen.size() == 1);
        assertThat(journal.deliveries(c.eventId())).hasSize(1);
    }

    @Test
    void storeTypesAreResolvedThroughCommandAndAgainWhenCommandChanges() throws Exception {
        Recorder a = new Recorder();
        register("a", a, Map.of("storeTypes", "WinCert"));
        await("store type resolved", () -> dispatcher.index().knows("WinCert"));
        OrchestratorJobCompleteHandlerContext c = completion(MANAGEMENT);
        dispatcher.accept(c, null);
        await("delivered by the store type's management GUID", () -> a.seen.size() == 1);

        UUID newManagement = UUID.randomUUID();
        client = commandApi(Map.of("management", newManagement));
        dispatcher.commandChanged();
        await("resolved again", () -> dispatcher.index().identitiesFor(newManagement).contains("a"));
        assertThat(dispatcher.index().identitiesFor(MANAGEMENT)).isEmpty();
    }

    @Test
    void aStoreTypeIsAskedForOnceHoweverManyAskAtOnceAndAgainOnlyWhenCommandChanges() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        client = commandApi(Map.of(), asked);
        register("a", new Recorder(), Map.of("storeTypes", "WinCert"));
        register("b", new Recorder(), Map.of("storeTypes", "wincert"));
        List<Thread> askers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(dispatcher::resolveStoreTypes);
            t.start();
            askers.add(t);
        }
        for (Thread t : askers) {
            t.join();
        }
        await("store type resolved", () -> dispatcher.index().knows("WinCert"));
        dispatcher.sweep();
        assertThat(asked).as("Command asked for WinCert").hasValue(1);

        dispatcher.commandChanged();
        await("asked again after the change", () -> asked.get() == 2 && dispatcher.index().knows("WinCert"));
    }

    @Test
    void throwingHangingAndSpinningHandlersNeverHoldUpAHealthyOne() throws Exception {
        Recorder healthy = new Recorder();
        CountDownLatch never = new CountDownLatch(1);
        List<Thread> spinners = Collections.synchronizedList(new ArrayList<>());
        register("healthy", healthy, Map.of("jobTypes", INVENTORY.toString()));
        register("thrower", c -> {
            throw new IllegalStateException("boom " + c.jobId());
        }, Map.of("jobTypes", INVENTORY.toString(), "dispatch.maxAttempts", 1));
        register("hanger", c -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, Map.of("jobTypes", INVENTORY.toString(), "dispatch.timeout", 200L, "dispatch.concurrency", 2,
                "dispatch.maxAttempts", 1));
        register("spinner", c -> {
            spinners.add(Thread.currentThread());
            long x = 0;
            while (!Thread.currentThread().getName().isEmpty() && x >= 0) { // ignores interrupts
                x++;
                if (never.getCount() == 0) {
                    break;
                }
            }
            return true;
        }, Map.of("jobTypes", INVENTORY.toString(), "dispatch.timeout", 200L, "dispatch.concurrency", 1,
                "dispatch.queueCapacity", 50, "dispatch.maxAttempts", 1));
        try {
            List<UUID> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                OrchestratorJobCompleteHandlerContext c = completion(INVENTORY);
                events.add(c.eventId());
                dispatcher.accept(c, null);
            }
            await("the healthy handler got all 200", () -> healthy.events().size() == 200);
            assertThat(healthy.events()).containsExactlyInAnyOrderElementsOf(events);

            await("the thrower's failures are recorded", () -> journal.allAttempts().stream()
                    .filter(a -> a.handler().equals("thrower") && a.outcome() == AttemptOutcome.EXCEPTION).count() == 200);
            assertThat(journal.allAttempts()).filteredOn(a -> a.handler().equals("thrower")).first()
                    .satisfies(a -> assertThat(a.detail()).startsWith("java.lang.IllegalStateException: boom"));
            await("the hanger times out", () -> journal.allAttempts().stream()
                    .anyMatch(a -> a.handler().equals("hanger") && a.outcome() == AttemptOutcome.TIMEOUT));
            Attempt timeout = journal.allAttempts().stream()
                    .filter(a -> a.handler().equals("hanger") && a.outcome() == AttemptOutcome.TIMEOUT).findFirst().orElseThrow();
            assertThat(timeout.duration()).isEqualTo(Duration.ofMillis(200));
            await("the spinner times out", () -> journal.allAttempts().stream()
                    .anyMatch(a -> a.handler().equals("spinner") && a.outcome() == AttemptOutcome.TIMEOUT));
            // The spinner ignores interrupts: its one thread stays stuck and no second one is started.
            assertThat(spinners).hasSize(1);
            assertThat(dispatcher.bulkheadOf("spinner").orElseThrow().statistics().overflows()).isPositive();
            assertThat(journal.pendingDeliveries(1000)).anyMatch(d -> d.handler().equals("spinner"));
        } finally {
            never.countDown();
        }
    }

    @Test
    void aHotSwapWaitsForTheAttemptInFlightAndDeliversTheRestToTheNewVersionOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<UUID> v1 = new CopyOnWriteArrayList<>();
        HandlerRegistration old = register("swap", c -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            v1.add(c.eventId());
            return true;
        }, Map.of("jobTypes", INVENTORY.toString(), "dispatch.concurrency", 1));
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            OrchestratorJobCompleteHandlerContext c = completion(INVENTORY);
            events.add(c.eventId());
            dispatcher.accept(c, null);
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        Thread remover = new Thread(() -> dispatcher.removeHandler("swap", old.serviceId()));
        remover.start();
        remover.join(200);
        assertThat(remover.isAlive()).as("removal waits for the attempt in flight").isTrue();
        release.countDown();
        remover.join(10_000);
        assertThat(remover.isAlive()).isFalse();
        assertThat(v1).hasSize(1);

        List<UUID> v2 = new CopyOnWriteArrayList<>();
        register("swap", c -> v2.add(c.eventId()), Map.of("jobTypes", INVENTORY.toString()));
        await("the new version gets the rest", () -> v1.size() + v2.size() == 20);
        List<UUID> all = new ArrayList<>(v1);
        all.addAll(v2);
        assertThat(all).containsExactlyInAnyOrderElementsOf(events).doesNotHaveDuplicates();
    }

    @Test
    void whatArrivesWhileAHandlerIsAwayWaitsForItUntilItsBundleIsUninstalled() throws Exception {
        Recorder v1 = new Recorder();
        HandlerRegistration old = register("away", v1, Map.of("jobTypes", INVENTORY.toString()));
        dispatcher.removeHandler("away", old.serviceId());
        OrchestratorJobCompleteHandlerContext meanwhile = completion(INVENTORY);
        dispatcher.accept(meanwhile, null);
        assertThat(journal.deliveries(meanwhile.eventId())).extracting(Delivery::handler).containsExactly("away");

        Recorder v2 = new Recorder();
        HandlerRegistration back = register("away", v2, Map.of("jobTypes", INVENTORY.toString()));
        await("delivered to the next version", () -> v2.events().contains(meanwhile.eventId()));
        assertThat(v1.seen).isEmpty();

        dispatcher.removeHandler("away", back.serviceId());
        dispatcher.forgetBundle(42L);
        OrchestratorJobCompleteHandlerContext after = completion(INVENTORY);
        dispatcher.accept(after, null);
        assertThat(journal.deliveries(after.eventId())).as("no longer matched").isEmpty();
    }

    @Test
    void aHandlerFailingTwiceIsRetriedWithBackoffToSuccess() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        register("flaky", c -> {
            attempts.add(c.deliveryAttempt());
            int n = calls.incrementAndGet();
            if (n == 1) {
                return false;
            }
            if (n == 2) {
                throw new IllegalStateException("second try fails too");
            }
            return true;
        }, Map.of("jobTypes", INVENTORY.toString(), "dispatch.backoffInitial", 20L, "dispatch.backoffMax", 40L));
        OrchestratorJobCompleteHandlerContext c = completion(INVENTORY);
        dispatcher.accept(c, null);

        await("delivered on the third attempt", () -> journal.deliveries(c.eventId()).stream()
                .anyMatch(d -> d.state() == DeliveryState.DELIVERED));
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(journal.attempts(c.eventId())).extracting(Attempt::outcome).containsExactly(
                AttemptOutcome.RETURNED_FALSE, AttemptOutcome.EXCEPTION, AttemptOutcome.SUCCESS);
        assertThat(journal.deliveries(c.eventId())).singleElement()
                .satisfies(d -> assertThat(d.attempts()).isEqualTo(3));
    }

    @Test
    void aHandlerThatAlwaysFailsEndsAsADeadLetterWithEveryAttempt() throws Exception {
        register("broken", c -> false, Map.of("jobTypes", INVENTORY.toString(), "dispatch.maxAttempts", 3,
                "dispatch.backoffInitial", 10L, "dispatch.backoffMax", 10L));
        OrchestratorJobCompleteHandlerContext c = completion(INVENTORY);
        dispatcher.accept(c, null);
        await("a dead letter", () -> journal.deliveries(c.eventId()).stream()
                .anyMatch(d -> d.state() == DeliveryState.FAILED));
        assertThat(journal.attempts(c.eventId())).extracting(Attempt::number).containsExactly(1, 2, 3);
        assertThat(journal.deliveries(c.eventId())).singleElement()
                .satisfies(d -> assertThat(d.attempts()).isEqualTo(3));
    }

    @Test
    void aTimedOutAttemptIsRetriedEvenWhileItsThreadIsStillStuck() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        register("slowOnce", c -> {
            if (calls.incrementAndGet() == 1) {
                while (stuck.getCount() > 0) {
                    Thread.onSpinWait(); // deaf to interrupts
                }
            }
            return true;
        }, Map.of("jobTypes", INVENTORY.toString(), "dispatch.timeout", 100L, "dispatch.concurrency", 2,
                "dispatch.backoffInitial", 10L));
        try {
            OrchestratorJobCompleteHandlerContext c = completion(INVENTORY);
            dispatcher.accept(c, null);
            await("delivered by the retry", () -> journal.deliveries(c.eventId()).stream()
                    .anyMatch(d -> d.state() == DeliveryState.DELIVERED));
            assertThat(journal.attempts(c.eventId())).extracting(Attempt::outcome)
                    .containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS);
        } finally {
            stuck.countDown();
        }
    }

    @Test
    void aDeadLetterReplayedAfterTheHandlerIsFixedIsDelivered() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean fixed = new java.util.concurrent.atomic.AtomicBoolean();
        register("fixable", c -> fixed.get(), Map.of("jobTypes", INVENTORY.toString(), "dispatch.maxAttempts", 2,
                "dispatch.backoffInitial", 10L));
        OrchestratorJobCompleteHandlerContext c = completion(INVENTORY);
        dispatcher.accept(c, null);
        await("a dead letter", () -> journal.deadLetters("fixable", 10).size() == 1);
        assertThat(dispatcher.handlers()).filteredOn(h -> h.identity().equals("fixable")).singleElement()
                .satisfies(h -> {
                    assertThat(h.failures()).isEqualTo(2);
                    assertThat(h.lastError()).isEqualTo("returned false");
                    assertThat(h.present()).isTrue();
                    assertThat(h.jobTypes()).containsExactly(INVENTORY);
                    assertThat(h.bundle()).isEqualTo("test.bundle");
                });

        fixed.set(true);
        assertThat(dispatcher.replayAll("fixable")).isEqualTo(1);
        await("delivered by the replay", () -> journal.deliveries(c.eventId()).stream()
                .anyMatch(d -> d.state() == DeliveryState.DELIVERED));
        assertThat(journal.attempts(c.eventId())).extracting(Attempt::number).containsExactly(1, 2, 3);
        assertThat(dispatcher.replay(c.eventId(), "fixable")).as("no longer a dead letter").isFalse();
    }

    @Test
    void afterARestartPendingDeliveriesResumeAsRedeliveries() throws Exception {
        OrchestratorJobCompleteHandlerContext c = completion(INVENTORY);
        journal.append(c, null);
        journal.recordMatches(c.eventId(), List.of("a"));
        OrchestratorJobCompleteHandlerContext unmatched = completion(INVENTORY);
        journal.append(unmatched, null);

        Recorder a = new Recorder();
        register("a", a, Map.of("jobTypes", INVENTORY.toString()));
        dispatcher.resume();

        await("both delivered", () -> a.seen.size() == 2);
        assertThat(a.seen).filteredOn(x -> x.eventId().equals(c.eventId())).singleElement()
                .satisfies(x -> assertThat(x.deliveryAttempt()).as("may have run before the crash").isEqualTo(2));
        assertThat(journal.unmatched(10)).isEmpty();
    }

    @Test
    void aFullQueueLeavesDeliveriesInTheJournalUntilTheSweepOffersThemAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder after = new Recorder();
        register("slow", c -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return after.runHandler(c);
        }, Map.of("jobTypes", INVENTORY.toString(), "dispatch.concurrency", 1, "dispatch.queueCapacity", 3));
        for (int i = 0; i < 10; i++) {
            dispatcher.accept(completion(INVENTORY), null);
        }
        assertThat(dispatcher.bulkheadOf("slow").orElseThrow().statistics().overflows()).isPositive();
        release.countDown();
        await("every one delivered, sweep by sweep", () -> {
            dispatcher.sweep();
            return after.seen.size() == 10;
        });
        assertThat(after.events()).hasSize(10);
    }

    /** A CommandApi that knows WinCert, with the sample's GUIDs unless told otherwise. */
    static CommandApi commandApi(Map<String, UUID> overrides) {
        return commandApi(overrides, new AtomicInteger());
    }

    /** The same, counting in {@code asked} the store types it is asked for. */
    static CommandApi commandApi(Map<String, UUID> overrides, AtomicInteger asked) {
        UUID management = overrides.getOrDefault("management", MANAGEMENT);
        CertificateStoreType winCert = new CertificateStoreType(101, "Windows Certificate", "WinCert", "WinCert", false,
                new SupportedOperations(true, false, false, true, true), null, null, null, null, false, false, false,
                null, INVENTORY, management, null, UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61"));
        return (CommandApi) Proxy.newProxyInstance(CommandApi.class.getClassLoader(), new Class<?>[] {CommandApi.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "baseUri" -> URI.create("http://command.test/KeyfactorAPI/");
                    case "storeTypeByName" -> {
                        asked.incrementAndGet();
                        yield "wincert".equalsIgnoreCase((String) args[0]) ? Optional.of(winCert) : Optional.empty();
                    }
                    case "toString" -> "test CommandApi";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new AssertionError("unexpected call " + method.getName());
                });
    }

    @Test
    void onASharedJournalTheSweepSaysWhatItHostsAndDeliversWhatItTakesOver() throws Exception {
        // A journal shared with other runtimes, as far as the dispatcher can tell: the in-memory one, whose
        // claimAbandoned hands over, once, a delivery another runtime recorded and no live runtime holds.
        OrchestratorJobCompleteHandlerContext abandoned = completion(INVENTORY);
        journal.appendMatched(abandoned, null, List.of("a"));
        List<Map<String, ? extends java.util.Collection<UUID>>> said = new CopyOnWriteArrayList<>();
        List<java.util.Collection<String>> asked = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean handedOver = new java.util.concurrent.atomic.AtomicBoolean();
        io.jobhook.runtime.spi.DeliveryJournal shared = (io.jobhook.runtime.spi.DeliveryJournal) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[] {io.jobhook.runtime.spi.DeliveryJournal.class},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "hostHandlers" -> {
                                @SuppressWarnings("unchecked")
                                Map<String, ? extends java.util.Collection<UUID>> routes =
                                        (Map<String, ? extends java.util.Collection<UUID>>) args[0];
                                said.add(routes);
                                yield null;
                            }
                            case "claimAbandoned" -> {
                                @SuppressWarnings("unchecked")
                                java.util.Collection<String> hosted = (java.util.Collection<String>) args[0];
                                asked.add(List.copyOf(hosted));
                                yield handedOver.getAndSet(true) ? List.of() : journal.pendingDeliveries(10);
                            }
                            default -> method.invoke(journal, args);
                        });
        Dispatcher onShared = new Dispatcher(shared, () -> client, scheduler, Clock.systemUTC(), DeliveryPolicy.DEFAULTS);
        try {
            Recorder a = new Recorder();
            Map<String, Object> props = new java.util.HashMap<>(Map.of("jobTypes", INVENTORY.toString(),
                    "component.name", "a", "service.id", 99L));
            onShared.addHandler(HandlerRegistration.of(a, props, "test.bundle", "1.0.0", 42L, DeliveryPolicy.DEFAULTS));

            onShared.sweep();

            assertThat(said).last().isEqualTo(Map.of("a", List.of(INVENTORY)));
            assertThat(asked).last().isEqualTo(List.of("a"));
            await("the delivery taken over", () -> a.events().contains(abandoned.eventId()));
            assertThat(a.seen.get(0).deliveryAttempt()).isEqualTo(1);
            await("it recorded DELIVERED", () -> journal.deliveries(abandoned.eventId()).stream()
                    .allMatch(d -> d.state() == DeliveryState.DELIVERED));
            onShared.sweep();
            assertThat(a.seen).as("taken over once").hasSize(1);
        } finally {
            onShared.close();
        }
    }

    @Test
    void theMetricsCountWhatTheHandlerStatusCountsAndTimeEveryAttempt() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Dispatcher measured = new Dispatcher(journal, () -> client, scheduler, Clock.systemUTC(),
                DeliveryPolicy.DEFAULTS, registry);
        try {
            Recorder ok = new Recorder();
            measured.addHandler(HandlerRegistration.of(ok, Map.of("jobTypes", INVENTORY.toString(), "component.name",
                    "ok", "service.id", 101L), "test.bundle", "1.0.0", 42L, DeliveryPolicy.DEFAULTS));
            measured.addHandler(HandlerRegistration.of(c -> false, Map.of("jobTypes", INVENTORY.toString(),
                    "component.name", "broken", "service.id", 102L, "dispatch.maxAttempts", 2,
                    "dispatch.backoffInitial", 10L, "dispatch.backoffMax", 10L), "test.bundle", "1.0.0", 42L,
                    DeliveryPolicy.DEFAULTS));
            List<UUID> events = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                events.add(measured.accept(completion(INVENTORY), null).eventId());
            }
            await("every delivery settled", () -> events.stream().flatMap(e -> journal.deliveries(e).stream())
                    .noneMatch(d -> d.state() == DeliveryState.PENDING));

            assertThat(value(registry, "jobhook_deliveries", "handler", "ok", "outcome", "success")).isEqualTo(3);
            assertThat(value(registry, "jobhook_deliveries", "handler", "broken", "outcome", "failure")).isEqualTo(6);
            assertThat(value(registry, "jobhook_deliveries", "handler", "broken", "outcome", "dead_letter"))
                    .isEqualTo(3);
            assertThat(value(registry, "jobhook_deliveries", "handler", "broken", "outcome", "success")).isZero();
            HandlerStatus broken = measured.handlers().stream().filter(h -> h.identity().equals("broken"))
                    .findFirst().orElseThrow();
            assertThat(broken.failures()).isEqualTo(6);
            assertThat(value(registry, "jobhook_delivery_attempt_seconds", "handler", "broken")).isEqualTo(6);
            assertThat(value(registry, "jobhook_delivery_attempt_seconds", "handler", "ok")).isEqualTo(3);
            assertThat(value(registry, "jobhook_handler_queue_depth", "handler", "ok")).isZero();
        } finally {
            measured.close();
        }
        assertThat(registry.scrape().size()).as("nothing left registered once closed").isZero();
    }

    /** @return a counter's or gauge's value, or a histogram's count, of the series with these labels */
    static double value(PrometheusRegistry registry, String name, String... labels) {
        for (MetricSnapshot metric : registry.scrape()) {
            if (!metric.getMetadata().getPrometheusName().equals(name)) {
                continue;
            }
            for (DataPointSnapshot point : metric.getDataPoints()) {
                if (point.getLabels().equals(Labels.of(labels))) {
                    if (point instanceof CounterSnapshot.CounterDataPointSnapshot c) {
                        return c.getValue();
                    } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
                        return g.getValue();
                    } else if (point instanceof HistogramSnapshot.HistogramDataPointSnapshot h) {
                        return h.getCount();
                    }
                }
            }
        }
        throw new AssertionError("No series " + name + " " + List.of(labels));
    }
}
