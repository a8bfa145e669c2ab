package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.jobhook.performance.charts.PerformanceCharts;

/**
 * The ingress load benchmark: a Java client on loopback posts completions to the running distribution at
 * fixed rates (100, 1,000 and 5,000/s) and then as fast as {@link #SENDERS} closed-loop senders are answered, over
 * at most {@link #SENDERS} connections ({@link LoadGenerator}, wrk2's model: latency counts from each request's due
 * time, and a rate past saturation queues in the client instead of opening connection after connection). Each load goes first to the floor — a servlet on the same Jetty and whiteboard that parses the
 * body with the same Jackson and answers 202 without the journal — then to the ingress, which journals each
 * completion (forced, group-committed) before its 202. The completions match no handler, so what is measured
 * is acceptance, not delivery. Seconds per load: {@code ingress.load.seconds} (quick in every build, long with
 * {@code -Pbench}, which also writes the table into {@code docs/PERFORMANCE.md}). Asserts only that the
 * script works and that the ingress lost nothing it acknowledged.
 */
class IngressLoadIT {

    static final UUID NOBODY = UUID.fromString("0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a");
    static final String ADMIN = "ingress-load-admin-token";
    static final int SENDERS = LoadGenerator.CONNECTIONS;
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

    /** {@code rate} completions/s for {@code seconds}, over at most {@link LoadGenerator#CONNECTIONS} connections. */
    private static Run fixedRate(HttpClient http, String load, URI target, int rate, int seconds)
            throws InterruptedException {
        return run(load, target, LoadGenerator.fixedRate(http, () -> request(target), rate, Duration.ofSeconds(seconds)));
    }

    /** {@link #SENDERS} closed-loop connections. */
    private static Run closedLoop(HttpClient http, String load, URI target, int seconds) throws InterruptedException {
        return run(load, target, LoadGenerator.closedLoop(http, () -> request(target), Duration.ofSeconds(seconds)));
    }

    private static Run run(String load, URI target, LoadGenerator.Result r) {
        r.failures().forEach((why, n) -> FAILURES.computeIfAbsent(load + " " + target.getPath() + ": " + why,
                k -> new AtomicInteger()).addAndGet(n));
        return run(load, target, r.status(), r.latencyNanos(), r.accepted(), r.elapsedMs());
    }

    private static Run run(String load, URI target, int[] status, long[] latency, List<String> ids, long elapsedMs) {
        int accepted = (int) Arrays.stream(status).filter(c -> c == 202).count();
        Arrays.sort(latency);
        String endpoint = target.getPath().startsWith("/floor") ? "floor (no journal)" : "ingress";
        return new Run(load, endpoint, status.length, accepted,
                status.length - accepted, accepted * 1000.0 / elapsedMs, latency, ids);
    }

    private static HttpRequest request(URI target) {
        return RunningJobhook.completionRequest(target, NOBODY);
    }
}
