package io.jobhook.runtime.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandResponse;
import io.jobhook.testsupport.MutableClock;

class CommandProbeTest {

    static final Duration INTERVAL = Duration.ofSeconds(10);

    final MutableClock clock = new MutableClock();
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean hang;
    final ExecutorService probeThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        release.countDown();
        probeThread.shutdownNow();
    }

    CommandApi command() {
        return (CommandApi) Proxy.newProxyInstance(CommandApi.class.getClassLoader(), new Class<?>[] {CommandApi.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "baseUri" -> URI.create("http://command.test/KeyfactorAPI/");
                    case "send" -> {
                        calls.incrementAndGet();
                        if (hang) {
                            release.await(30, TimeUnit.SECONDS);
                        }
                        yield new CommandResponse(200, Map.of("X-Keyfactor-Product-Version", List.of("11.2.0.0")), "[]");
                    }
                    default -> throw new AssertionError("unexpected call " + method.getName());
                });
    }

    @Test
    void withoutAClientCommandIsUnknownAndNothingIsCalled() {
        CommandProbe probe = new CommandProbe(() -> null, clock, INTERVAL, Duration.ofSeconds(1), probeThread);
        assertThat(probe.current().reachable()).isFalse();
        assertThat(probe.current().error()).isEqualTo("no Command API configured");
    }

    @Test
    void anAnswerIsKeptForTheIntervalFromTheStartOfItsCall() {
        CommandApi api = command();
        CommandProbe probe = new CommandProbe(() -> api, clock, INTERVAL, Duration.ofSeconds(5), probeThread);
        CommandProbe.Result first = probe.current();
        assertThat(first.reachable()).isTrue();
        assertThat(first.productVersion()).isEqualTo("11.2.0.0");
        for (int i = 0; i < 50; i++) {
            assertThat(probe.current()).isEqualTo(first);
        }
        assertThat(calls).hasValue(1);

        clock.advance(INTERVAL.minusMillis(1));
        probe.current();
        assertThat(calls).hasValue(1);
        clock.advance(Duration.ofMillis(1));
        probe.current(); // starts the next call, answers with the kept one meanwhile
        await(() -> calls.get() == 2);
    }

    @Test
    void aHangingCommandCostsAHealthCheckAtMostTheWaitAndIsAskedOnceAtATime() throws Exception {
        hang = true;
        CommandApi api = command();
        CommandProbe probe = new CommandProbe(() -> api, clock, INTERVAL, Duration.ofMillis(50), probeThread);

        CommandProbe.Result unknown = probe.current(); // returns while the call still hangs: the wait is bounded
        assertThat(unknown.reachable()).isFalse();
        assertThat(unknown.error()).isEqualTo("no answer within 50 ms");

        clock.advance(INTERVAL.multipliedBy(3)); // due again, but the first call still runs
        probe.current();
        probe.current();
        assertThat(calls).hasValue(1);

        release.countDown();
        await(() -> probe.current().reachable());
    }

    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
