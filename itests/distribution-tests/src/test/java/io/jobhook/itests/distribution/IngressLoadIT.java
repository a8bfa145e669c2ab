package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import io.jobhook.performance.charts.PerformanceCharts;

/**
 * The ingress load benchmark: a Java client on loopback posts completions to the running distribution at
 * fixed rates (100, 1,000 and 5,000/s over at most {@link #SENDERS} connections, as wrk2 does: latency counts
 * from each request's due time, so a stalled server is not hidden by a client that waits for it, and a rate past
 * saturation queues in the client instead of opening connection after connection) and then as fast as
 * {@link #SENDERS} closed-loop senders are answered. Each load goes first to the floor — a servlet on the same Jetty and whiteboard that parses the
 * body with the same Jackson and answers 202 without the journal — then to the ingress, which journals each
 * completion (forced, group-committed) before its 202. The completions match no handler, so what is measured
 * is acceptance, not delivery. Seconds per load: {@code ingress.load.seconds} (quick in every build, long with
 * {@code -Pbench}, which also writes the table into {@code docs/PERFORMANCE.md}). Asserts only that the
 * script works and that the ingress lost nothing it acknowledged.
 */
class IngressLoadIT {

    static final UUID NOBODY = UUID.fromString("0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a");
    static final String ADMIN = "ingress-load-admin-token";
    static final int SENDERS = 32;
    static final int[] RATES = {100, 1_000, 5_000};

    /** Why requests failed, counted: an HTTP status, or the client's exception. */
    static final Map<String, AtomicInteger> FAILURES = new ConcurrentSkipListMap<>();

    record Run(String load, String endpoint, int sent, int accepted, int errors, double acceptedPerSecond,
            long[] latencyNanos, List<String> eventIds) {

        double ms(double q) {
            if (latencyNanos.length == 0) {
                return 0;
            }
            int at = Math.min(latencyNanos.length - 1, (int) Math.ceil(q * latencyNanos.length) - 1);
            return latencyNanos[Math.max(0, at)] / 1e6;
        }
    }

    @Test
    void theIngressBesideTheSameHttpStackWithoutTheJournal() throws Exception {
        int seconds = Integer.getInteger("ingress.load.seconds", 1);
        try (RunningJobhook jobhook = RunningJobhook.prepare("ingress-load").withoutDemo()) {
            jobhook.config("io.jobhook.admin.cfg", ".tokens = " + ADMIN + "\n");
            jobhook.deploy("http-floor", "floor");
            jobhook.start();
            URI floor = jobhook.uri("/floor/v1/completions");
            URI ingress = jobhook.uri("/jobhook/v1/completions");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            RunningJobhook.await("the floor servlet to answer", Duration.ofSeconds(30), () -> {
                try {
                    return http.send(request(floor), HttpResponse.BodyHandlers.discarding()).statusCode() == 202;
                } catch (Exception e) {
                    return false;
                }
            });

            // Warm both paths up (JIT, connection pools, the journal's first pages) before anything counts.
            for (URI u : List.of(floor, ingress)) {
                fixedRate(http, "warm-up", u, 1_000, Math.max(1, seconds / 2));
            }
            List<Run> runs = new ArrayList<>();
            for (int rate : RATES) {
                String load = String.format(Locale.ROOT, "%,d/s", rate);
                runs.add(fixedRate(http, load, floor, rate, seconds));
                runs.add(fixedRate(http, load, ingress, rate, seconds));
            }
            String saturation = "saturation, " + SENDERS + " closed-loop senders";
            Run floorMax = closedLoop(http, saturation, floor, seconds);
            Run ingressMax = closedLoop(http, saturation, ingress, seconds);
            runs.add(floorMax);
            runs.add(ingressMax);

            // Nothing acknowledged may be missing from the journal: look a sample up through the admin API.
            List<String> acknowledged = new ArrayList<>();
            runs.stream().filter(r -> r.endpoint().equals("ingress")).forEach(r -> acknowledged.addAll(r.eventIds()));
            Collections.shuffle(acknowledged);
            List<String> sample = acknowledged.subList(0, Math.min(300, acknowledged.size()));
            List<String> missing = new ArrayList<>();
            for (String id : sample) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(jobhook.uri("/jobhook/v1/events/" + id))
                        .header("Authorization", "Bearer " + ADMIN).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 200) {
                    missing.add(id + " (" + r.statusCode() + ")");
                }
            }
            jobhook.stop();

            List<String> report = new ArrayList<>();
            report.add("| load | endpoint | sent | accepted | errors | accepted/s | p50 (ms) | p99 (ms) | p99.9 (ms) |");
            report.add("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            for (Run r : runs) {
                report.add(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f |",
                        r.load(), r.endpoint(), r.sent(), r.accepted(), r.errors(), r.acceptedPerSecond(), r.ms(0.50),
                        r.ms(0.99), r.ms(0.999)));
            }
            report.add("");
            report.add(String.format(Locale.ROOT, "At saturation the journaled ingress accepted %.1f %% of the floor's "
                    + "rate (%.0f/s against %.0f/s); %d s per load; %d of %d acknowledged completions looked up in "
                    + "the journal afterwards, %d missing.", 100 * ingressMax.acceptedPerSecond()
                    / floorMax.acceptedPerSecond(), ingressMax.acceptedPerSecond(), floorMax.acceptedPerSecond(),
                    seconds, sample.size(), acknowledged.size(), missing.size()));
            FAILURES.forEach((why, count) -> report.add("- failed: " + why + " × " + count));
            RunningJobhook.publish(report, "ingress-load.txt", "perf.docs", "ingress", report);

            // The goals' two ratios, from the same runs: p99 at 1,000/s and the saturation rate.
            Run floor1000 = runs.get(2);
            Run ingress1000 = runs.get(3);
            List<String> goals = List.of("| measure | ingress | floor (no journal) | ingress ÷ floor |",
                    "|---|---:|---:|---:|",
                    String.format(Locale.ROOT, "| p99 at 1,000/s (ms) | %.2f | %.2f | %.2f |", ingress1000.ms(0.99),
                            floor1000.ms(0.99), ingress1000.ms(0.99) / floor1000.ms(0.99)),
                    String.format(Locale.ROOT, "| saturation (accepted/s) | %.0f | %.0f | %.2f |",
                            ingressMax.acceptedPerSecond(), floorMax.acceptedPerSecond(),
                            ingressMax.acceptedPerSecond() / floorMax.acceptedPerSecond()));
            RunningJobhook.publish(goals, "ingress-goals.txt", "perf.docs", "ingress-goals", goals);
            String docs = System.getProperty("perf.docs");
            if (docs != null && !docs.isBlank()) {
                Map<String, long[]> distributions = new LinkedHashMap<>();
                List<String> floors = new ArrayList<>();
                for (Run r : runs) {
                    if (!r.load().startsWith("5,000")) { // past saturation: seconds, on a scale of its own
                        String name = r.endpoint() + ", " + r.load();
                        distributions.put(name, r.latencyNanos());
                        if (r.endpoint().startsWith("floor")) {
                            floors.add(name);
                        }
                    }
                }
                System.out.println("chart: " + PerformanceCharts.latencyDistribution(Path.of(docs), "ingress-latency",
                        "Ingress (solid) beside the floor (dashed): latency by percentile", distributions, floors));
            }

            assertThat(missing).as("acknowledged completions missing from the journal").isEmpty();
            assertThat(sample).as("acknowledged completions to look up").isNotEmpty();
            for (Run r : runs.subList(0, 2)) {
                assertThat(r.accepted()).as("%s at %s: every completion accepted", r.endpoint(), r.load())
                        .isEqualTo(r.sent());
            }
        }
    }

    /**
     * Sends {@code rate} completions/s for {@code seconds} over at most {@link #SENDERS} connections, as wrk2 does:
     * each request has a due time on one fixed schedule and its latency counts from then, whether or not a
     * connection was free (so a server that falls behind shows as latency, not hidden by a client that waited). A
     * server slower than the rate meets a queue in the client, never a storm of new connections.
     */
    private static Run fixedRate(HttpClient http, String load, URI target, int rate, int seconds)
            throws InterruptedException {
        return drive(http, load, target, 1_000_000_000L / rate, seconds);
    }

    /** {@link #SENDERS} connections, each sending its next completion as soon as the last is answered. */
    private static Run closedLoop(HttpClient http, String load, URI target, int seconds) throws InterruptedException {
        return drive(http, load, target, 0, seconds);
    }

    /**
     * {@link #SENDERS} threads share {@code http}, each with one request at a time, so the client holds at most that
     * many connections. With a {@code period} they take the next slot of the schedule (due = start + n × period) and
     * wait for it; without one they send at once. Slots due after {@code seconds} are not sent.
     */
    private static Run drive(HttpClient http, String load, URI target, long period, int seconds)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger slots = new AtomicInteger();
        List<List<long[]>> perSender = new ArrayList<>();
        Queue<String> ids = new ConcurrentLinkedQueue<>();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            List<long[]> mine = new ArrayList<>();
            perSender.add(mine);
            Thread t = new Thread(() -> {
                while (true) {
                    long due;
                    if (period > 0) {
                        due = start + slots.getAndIncrement() * period;
                        if (due >= end) {
                            return;
                        }
                        for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                            LockSupport.parkNanos(due - now);
                        }
                    } else {
                        due = System.nanoTime();
                        if (due >= end) {
                            return;
                        }
                    }
                    int code;
                    try {
                        HttpResponse<String> r = http.send(request(target), HttpResponse.BodyHandlers.ofString());
                        code = r.statusCode();
                        if (code == 202) {
                            ids.add(RunningJobhook.eventId(r));
                        } else {
                            fail(load, target, "HTTP " + code);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        code = -1;
                        fail(load, target, rootCause(e));
                    }
                    mine.add(new long[] {System.nanoTime() - due, code});
                }
            }, "load-sender-" + s);
            senders.add(t);
            t.start();
        }
        // A slot due at the end waits for its answer: the request timeout bounds it.
        for (Thread t : senders) {
            t.join(TimeUnit.SECONDS.toMillis(seconds + 60L));
            if (t.isAlive()) {
                throw new AssertionError(load + " to " + target + ": a sender still waiting 60 s after the end");
            }
        }
        long elapsedMs = Math.max(1, (System.nanoTime() - start) / 1_000_000);
        List<long[]> all = new ArrayList<>();
        perSender.forEach(all::addAll);
        int[] status = new int[all.size()];
        long[] latency = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            latency[i] = all.get(i)[0];
            status[i] = (int) all.get(i)[1];
        }
        return run(load, target, status, latency, new ArrayList<>(ids), elapsedMs);
    }

    private static Run run(String load, URI target, int[] status, long[] latency, List<String> ids, long elapsedMs) {
        int accepted = (int) Arrays.stream(status).filter(c -> c == 202).count();
        Arrays.sort(latency);
        String endpoint = target.getPath().startsWith("/floor") ? "floor (no journal)" : "ingress";
        return new Run(load, endpoint, status.length, accepted,
                status.length - accepted, accepted * 1000.0 / elapsedMs, latency, ids);
    }

    private static void fail(String load, URI target, String why) {
        FAILURES.computeIfAbsent(load + " " + target.getPath() + ": " + why, k -> new AtomicInteger()).incrementAndGet();
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName();
    }

    private static HttpRequest request(URI target) {
        return RunningJobhook.completionRequest(target, NOBODY);
    }
}
