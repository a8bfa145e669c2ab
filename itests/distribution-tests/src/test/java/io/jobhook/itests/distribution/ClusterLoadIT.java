package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.jobhook.testsupport.PostgresCluster;

/**
 * Ingress saturation with the journal on H2, on PostgreSQL, and with two runtimes on one PostgreSQL journal, the
 * senders split across both ingresses: {@value #SENDERS} closed-loop senders, each sending its next completion when
 * the last is answered. On this 2-core machine the runtimes, PostgreSQL and the load share the cores, so two
 * runtimes cannot add capacity here; what the ratio shows is what sharing costs. Asserts only that nothing
 * acknowledged is missing from the journal (a sample looked up); the figures go to {@code target/cluster-load.txt},
 * and to {@code docs/PERFORMANCE.md} with {@code -Pbench} (10 s per load; 1 s in every build).
 */
class ClusterLoadIT {

    static final UUID NOBODY = UUID.fromString("1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b");
    static final String ADMIN = "cluster-load-admin-token";
    static final int SENDERS = 32;

    record Result(String setup, int accepted, int errors, double perSecond, double p50, double p99, List<String> ids) {
    }

    @Test
    void saturationOfOneRuntimeAgainstTwoOnOneDatabase() throws Exception {
        int seconds = Integer.getInteger("ingress.load.seconds", 1);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Result> results = new ArrayList<>();
        try (RunningJobhook h2 = RunningJobhook.prepare("load-h2").withoutDemo()) {
            h2.config("io.jobhook.admin.cfg", ".tokens = " + ADMIN + "\n");
            h2.start();
            results.add(measure(http, "one runtime, H2", seconds, List.of(h2)));
            h2.stop();
        }
        try (PostgresCluster database = PostgresCluster.startForTest()) {
            SharedJournalNodes nodes = new SharedJournalNodes(database);
            try (RunningJobhook a = nodes.node("a"); RunningJobhook b = nodes.node("b")) {
                for (RunningJobhook n : List.of(a, b)) {
                    n.config("io.jobhook.admin.cfg", ".tokens = " + ADMIN + "\n");
                }
                a.start();
                results.add(measure(http, "one runtime, PostgreSQL", seconds, List.of(a)));
                b.start();
                results.add(measure(http, "two runtimes, one PostgreSQL", seconds, List.of(a, b)));
                b.stop();
                a.stop();
            }
        }
        List<String> report = new ArrayList<>();
        report.add("| setup | accepted | errors | accepted/s | p50 (ms) | p99 (ms) |");
        report.add("|---|---:|---:|---:|---:|---:|");
        results.forEach(r -> report.add(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f |", r.setup(),
                r.accepted(), r.errors(), r.perSecond(), r.p50(), r.p99())));
        report.add("");
        report.add(String.format(Locale.ROOT, "Two runtimes on one PostgreSQL accepted %.2f× one runtime's rate, and "
                + "one runtime on PostgreSQL %.2f× one on H2; %d closed-loop senders, %d s per load, on 2 cores shared "
                + "by everything.", results.get(2).perSecond() / results.get(1).perSecond(),
                results.get(1).perSecond() / results.get(0).perSecond(), SENDERS, seconds));
        RunningJobhook.publish(report, "cluster-load.txt", "perf.docs", "cluster-load", report);
        for (Result r : results) {
            assertThat(r.accepted()).as("%s accepted", r.setup()).isPositive();
        }
    }

    /** Warms up, then saturates the runtimes' ingresses, then looks up a sample of what was acknowledged. */
    private static Result measure(HttpClient http, String setup, int seconds, List<RunningJobhook> runtimes)
            throws Exception {
        List<URI> targets = runtimes.stream().map(r -> r.uri("/jobhook/v1/completions")).toList();
        closedLoop(http, targets, Math.max(1, seconds / 2)); // JIT, pools, the journal's first pages
        long start = System.nanoTime();
        List<long[]> answers = closedLoop(http, targets, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<String> ids = new ArrayList<>();
        long[] latency = new long[answers.size()];
        int accepted = 0;
        for (int i = 0; i < answers.size(); i++) {
            latency[i] = answers.get(i)[0];
            accepted += answers.get(i)[1] == 202 ? 1 : 0;
        }
        Arrays.sort(latency);
        answers.stream().filter(a -> a.length > 2).forEach(a -> ids.add(new UUID(a[2], a[3]).toString()));
        // Nothing acknowledged may be missing: a sample looked up through the first runtime's admin API.
        java.util.Collections.shuffle(ids);
        for (String id : ids.subList(0, Math.min(100, ids.size()))) {
            assertThat(AdminIT.get(runtimes.get(0), "/jobhook/v1/events/" + id, ADMIN).statusCode())
                    .as("%s: acknowledged event %s in the journal", setup, id).isEqualTo(200);
        }
        return new Result(setup, accepted, answers.size() - accepted, accepted / elapsed, percentile(latency, 0.5),
                percentile(latency, 0.99), ids);
    }

    /** @return per answer: latency (ns), status, and for a 202 the event id's two halves */
    private static List<long[]> closedLoop(HttpClient http, List<URI> targets, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Queue<long[]> answers = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            URI target = targets.get(next.getAndIncrement() % targets.size());
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    long begin = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(RunningJobhook.completionRequest(target, NOBODY),
                                HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - begin;
                        if (r.statusCode() == 202) {
                            UUID id = UUID.fromString(RunningJobhook.eventId(r));
                            answers.add(new long[] {took, 202, id.getMostSignificantBits(), id.getLeastSignificantBits()});
                        } else {
                            answers.add(new long[] {took, r.statusCode()});
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        answers.add(new long[] {System.nanoTime() - begin, -1});
                    }
                }
            }, "cluster-load-" + s);
            senders.add(t);
            t.start();
        }
        for (Thread t : senders) {
            t.join(TimeUnit.SECONDS.toMillis(seconds + 60L));
            if (t.isAlive()) {
                throw new AssertionError("a sender still waiting 60 s after the deadline");
            }
        }
        return new ArrayList<>(answers);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int at = Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, at)] / 1e6;
    }
}
