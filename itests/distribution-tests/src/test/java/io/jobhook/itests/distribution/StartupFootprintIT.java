package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/**
 * Start-up and footprint of the built distribution (not demo mode): the time from launching
 * {@code bin/jobhook} to the first 202 and to every handler registered, the resident memory idle and its peak
 * after 3 s at 1,000 completions/s delivered to one of them — with 1 and with 20 recording handlers (one bundle,
 * one factory configuration per handler). Per case one installation, started as an operator starts it: a first
 * start (nothing cached yet: {@code bin/jobhook} writes its class data sharing archive when it stops), then
 * {@code startup.rounds} restarts (1 in every build, 5 with {@code -Pbench}, which writes the table into
 * {@code docs/PERFORMANCE.md}), the medians over those. Linux only ({@code /proc}).
 * Asserts only that the measurements happened and that what was acknowledged under load was delivered.
 */
class StartupFootprintIT {

    record Sample(int handlers, int round, long firstAcceptedMs, long allRegisteredMs, long idleRssKb,
            long peakRssKb, int notAcknowledged, Map<String, Integer> why) {
    }

    @Test
    void startUpToTheFirstAcceptedCompletionAndResidentMemory() throws Exception {
        int rounds = Integer.getInteger("startup.rounds", 1);
        List<Sample> samples = new ArrayList<>();
        for (int handlers : new int[] {1, 20}) {
            try (RunningJobhook jobhook = install(handlers)) {
                for (int round = 0; round <= rounds; round++) {
                    samples.add(measure(jobhook, handlers, round));
                }
            }
        }
        List<String> report = new ArrayList<>();
        report.add("| handlers | start | rounds | start → first 202 (ms, median) | start → all handlers registered (ms, median) | RSS idle (MiB, median) | RSS peak under load (MiB, median) |");
        report.add("|---:|---|---:|---:|---:|---:|---:|");
        for (int handlers : new int[] {1, 20}) {
            report(report, handlers, "first", samples.stream().filter(s -> s.handlers() == handlers && s.round() == 0)
                    .toList());
            report(report, handlers, "restart", samples.stream()
                    .filter(s -> s.handlers() == handlers && s.round() > 0).toList());
        }
        report.add("");
        report.add("Each start (handlers/round: start → first 202; requests of the load not acknowledged): "
                + samples.stream().map(s -> String.format(Locale.ROOT, "%d/%d %d ms, %d%s", s.handlers(), s.round(),
                        s.firstAcceptedMs(), s.notAcknowledged(), s.why().isEmpty() ? "" : " " + s.why())).toList()
                + ". Round 0 is the first start; JVM defaults" + (System.getenv("JAVA_OPTS") == null ? ""
                        : ", JAVA_OPTS " + System.getenv("JAVA_OPTS"))
                + ("off".equals(System.getenv("JOBHOOK_CDS")) ? "; JOBHOOK_CDS=off (no class data sharing)" : "")
                + ".");
        RunningJobhook.publish(report, "startup.txt", "perf.docs", "startup", report);

        // The floor under every start: the same platform without Jobhook's bundles, serving the benchmarks' floor
        // servlet from the start level where Jobhook's bundles start. Nothing of Jobhook's can start faster.
        List<long[]> platform = new ArrayList<>();
        try (RunningJobhook alone = platformAlone()) {
            for (int round = 0; round <= rounds; round++) {
                platform.add(firstAnswer(alone, round));
            }
        }
        List<Sample> restarts = samples.stream().filter(s -> s.handlers() == 1 && s.round() > 0).toList();
        List<long[]> platformRestarts = platform.subList(1, platform.size());
        long jobhookMs = median(restarts.stream().mapToLong(Sample::firstAcceptedMs).toArray());
        long platformMs = median(platformRestarts.stream().mapToLong(p -> p[0]).toArray());
        List<String> floor = new ArrayList<>();
        floor.add("| setup | restarts | launch → first 202 (ms, median) | RSS idle (MiB, median) | share of Jobhook's start |");
        floor.add("|---|---:|---:|---:|---:|");
        floor.add(String.format(Locale.ROOT, "| platform alone: JVM, Felix, logging, ConfigAdmin, SCR, FileInstall, "
                + "Jetty 12, Jackson; the floor servlet | %d | %d | %.0f | %.2f |", platformRestarts.size(), platformMs,
                median(platformRestarts.stream().mapToLong(p -> p[1]).toArray()) / 1024.0,
                (double) platformMs / jobhookMs));
        floor.add(String.format(Locale.ROOT, "| Jobhook, 1 handler (the table above) | %d | %d | %.0f | 1.00 |",
                restarts.size(), jobhookMs, median(restarts.stream().mapToLong(Sample::idleRssKb).toArray()) / 1024.0));
        RunningJobhook.publish(floor, "startup-floor.txt", "perf.docs", "startup-floor", floor);
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.firstAcceptedMs()).isPositive();
            assertThat(s.idleRssKb()).isPositive();
            assertThat(s.peakRssKb()).isGreaterThanOrEqualTo(s.idleRssKb());
        });
    }

    private static void report(List<String> report, int handlers, String start, List<Sample> mine) {
        report.add(String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %.0f | %.0f |", handlers, start, mine.size(),
                median(mine.stream().mapToLong(Sample::firstAcceptedMs).toArray()),
                median(mine.stream().mapToLong(Sample::allRegisteredMs).toArray()),
                median(mine.stream().mapToLong(Sample::idleRssKb).toArray()) / 1024.0,
                median(mine.stream().mapToLong(Sample::peakRssKb).toArray()) / 1024.0));
    }

    /** One installation: {@code handlers} recording handlers, handler i on job type {@link #jobType}(i). */
    private static RunningJobhook install(int handlers) throws IOException {
        RunningJobhook jobhook = RunningJobhook.prepare("startup-" + handlers).withoutDemo();
        for (int i = 1; i <= handlers; i++) {
            jobhook.config("io.jobhook.test.recording-h" + i + ".cfg", "jobTypes = " + jobType(i) + "\nfile = "
                    + jobhook.home.resolve("h" + i + ".txt") + "\nforce = false\n");
        }
        jobhook.deploy("recording-handler", "recording");
        return jobhook;
    }

    /**
     * The distribution without Jobhook's bundles ({@code system/3-jobhook} gone), with the floor servlet of the
     * ingress benchmark at that start level instead.
     */
    private static RunningJobhook platformAlone() throws IOException {
        RunningJobhook alone = RunningJobhook.prepare("startup-platform");
        Path jobhookLevel = alone.home.resolve("system").resolve("3-jobhook");
        try (var jars = Files.list(jobhookLevel)) {
            for (Path jar : jars.toList()) {
                Files.delete(jar);
            }
        }
        Files.copy(Path.of(System.getProperty("jobhook.bundles")).resolve("http-floor.jar"),
                jobhookLevel.resolve("http-floor.jar"));
        return alone;
    }

    /** @return {launch → first 202 of the floor servlet in ms, resident memory 3 s later in kB} */
    private static long[] firstAnswer(RunningJobhook alone, int round) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = RunningJobhook.completionRequest(alone.uri("/floor/v1/completions"), jobType(1));
        long launched = System.nanoTime();
        alone.launch();
        long deadline = launched + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The floor servlet gave no 202 within 60 s of launch (round " + round
                        + "):\n" + alone.console());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        long first = (System.nanoTime() - launched) / 1_000_000;
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
        long idle = procStatusKb(alone.pid(), "VmRSS");
        alone.stop();
        return new long[] {first, idle};
    }

    private static UUID jobType(int handler) {
        return UUID.nameUUIDFromBytes(("startup-handler-" + handler).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Sample measure(RunningJobhook jobhook, int handlers, int round) throws Exception {
        List<UUID> jobTypes = List.of(jobType(1));
        Path records = jobhook.home.resolve("h1.txt");
        int before = RunningJobhook.lines(records).size();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        long launched = System.nanoTime();
        jobhook.launch();
        long firstAccepted = -1;
        long deadline = launched + TimeUnit.SECONDS.toNanos(60);
        while (firstAccepted < 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No 202 within 60 s of launch:\n" + jobhook.console());
            }
            try {
                if (http.send(post(jobhook, jobTypes.get(0)), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 202) {
                    firstAccepted = System.nanoTime() - launched;
                }
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // not listening yet
            }
        }
        long allRegistered = -1;
        while (allRegistered < 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not every handler registered within 60 s of launch:\n" + jobhook.console());
            }
            String console = jobhook.console();
            boolean all = true;
            for (int i = 1; i <= handlers && all; i++) {
                all = console.contains("io.jobhook.test.recording~h" + i + " registered");
            }
            if (all) {
                allRegistered = System.nanoTime() - launched;
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        // Idle: let start-up's own work (JIT, first deliveries) settle before reading the resident size.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
        long idle = procStatusKb(jobhook.pid(), "VmRSS");

        // Under load: 3 s at 1,000/s to the first handler, every acknowledged one delivered. A fresh client:
        // the start-up probe's pooled connections may date from before the server was fully up.
        // The same bounded load generator as the ingress benchmark's (at most 32 connections).
        HttpClient load = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        LoadGenerator.Result r = LoadGenerator.fixedRate(load, () -> post(jobhook, jobTypes.get(0)), 1_000,
                Duration.ofSeconds(3));
        int acknowledged = 1 + r.acceptedCount(); // the first 202 above
        RunningJobhook.await("every acknowledged completion delivered", Duration.ofSeconds(60),
                () -> RunningJobhook.lines(records).size() - before >= acknowledged);
        long peak = procStatusKb(jobhook.pid(), "VmHWM");
        jobhook.stop();
        return new Sample(handlers, round, firstAccepted / 1_000_000, allRegistered / 1_000_000, idle, peak,
                r.notAccepted(), r.failures());
    }

    private static HttpRequest post(RunningJobhook jobhook, UUID jobType) {
        return jobhook.completionRequest(jobType);
    }

    /** @return a {@code kB} line of {@code /proc/<pid>/status}, e.g. VmRSS (resident now) or VmHWM (its peak) */
    private static long procStatusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("No " + key + " in /proc/" + pid + "/status");
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }
}
