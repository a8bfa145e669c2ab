package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.jobhook.simulator.Completion;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.simulator.SimOperationType;
import io.jobhook.testsupport.MutableClock;

class CompletionPusherTest {

    private record Received(String authorization, String idempotencyKey, JsonNode body) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger busyAnswers = new AtomicInteger();
    private HttpServer ingress;

    private URI startIngress() throws IOException {
        ingress = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        ingress.createContext("/jobhook/v1/completions", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new Received(ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Idempotency-Key"), mapper.readTree(body)));
            if (busyAnswers.getAndDecrement() > 0) {
                ex.getResponseHeaders().add("Retry-After", "0");
                ex.sendResponseHeaders(503, -1);
            } else {
                byte[] out = "{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(202, out.length);
                ex.getResponseBody().write(out);
            }
            ex.close();
        });
        ingress.start();
        return URI.create("http://127.0.0.1:" + ingress.getAddress().getPort() + "/jobhook/v1/completions");
    }

    @AfterEach
    void stop() {
        if (ingress != null) {
            ingress.stop(0);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    @Test
    void pushesEachCompletionWithTokenAndStableKeyRetryingOn503() throws Exception {
        URI url = startIngress();
        busyAnswers.set(2);
        MutableClock clock = new MutableClock(Instant.parse("2024-03-01T10:00:00Z"));
        try (CommandSimulator sim = new CommandSimulator(SimulatorSettings.defaults().withJobIntervalSeconds(0)
                .withPush(url, "push-token"), clock)) {
            sim.model().scheduleManagementAdd(sim.model().defaultStore().id(), null);
            sim.model().runDueJobs(clock.instant());
            Received first = received.poll(10, TimeUnit.SECONDS);
            Received second = received.poll(10, TimeUnit.SECONDS);
            Received third = received.poll(10, TimeUnit.SECONDS);
            assertThat(third).as("two 503 answers, then accepted").isNotNull();
            assertThat(first.authorization()).isEqualTo("Bearer push-token");
            assertThat(first.idempotencyKey()).isNotBlank().isEqualTo(second.idempotencyKey())
                    .isEqualTo(third.idempotencyKey());
            JsonNode body = third.body();
            assertThat(body.get("AgentId").asText()).isEqualTo("fa406103-d84a-43ea-8bfd-99bc1f064281");
            assertThat(body.get("ClientMachine").asText()).isEqualTo("orchestrator.kftrain.lab");
            assertThat(body.get("Username").asText()).isEqualTo("KFTRAIN\\SVC_Orchestrator");
            assertThat(body.get("JobType").asText()).isEqualTo("WinCertManagement");
            assertThat(body.get("JobTypeId").asText()).isEqualTo("4be14534-55b0-4cd7-9871-536b55b5e973");
            assertThat(body.get("OperationType").asText()).isEqualTo("Add");
            assertThat(body.get("JobResult").asText()).isEqualTo("Success");
            assertThat(body.get("CertificateId").asInt()).isEqualTo(14);
            assertThat(body.get("RequestTimestamp").asText()).isEqualTo("2024-03-01T10:00:00");
            assertThat(body.get("CurrentRetryCount").asInt()).isZero();
            await(() -> sim.pusher().delivered() == 1, Duration.ofSeconds(10));

            sim.model().scheduleReenrollment(sim.model().defaultStore().id());
            sim.model().runDueJobs(clock.instant());
            Received other = received.poll(10, TimeUnit.SECONDS);
            assertThat(other.idempotencyKey()).isNotEqualTo(first.idempotencyKey());
        }
    }

    @Test
    void givesUpAfterABoundedTimeWithoutBlockingTheEngine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        JsonShapes json = new JsonShapes(mapper);
        try (CompletionPusher pusher = new CompletionPusher(URI.create("http://127.0.0.1:" + port + "/x"), "t", json,
                Duration.ofMillis(400), Duration.ofMillis(50), 2)) {
            Completion c = new Completion(1, null, "u", "m", SimJobResult.SUCCESS, java.util.UUID.randomUUID(), "J",
                    java.util.UUID.randomUUID(), SimOperationType.UNKNOWN, null, null, 0, SimHistoryStatus.COMPLETED);
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                pusher.enqueue(c);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("enqueue never blocks")
                    .isLessThan(Duration.ofSeconds(1));
            await(() -> pusher.dropped() == 10, Duration.ofSeconds(20));
            assertThat(pusher.delivered()).isZero();
        }
    }
}
