package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The isolation drill: a healthy recording handler at a fixed offered load of 500 completions/s, first
 * alone (its own job type), then beside a handler that hangs, one that spins a core (concurrency 1) and one
 * that throws, all on the same job type. Reports the healthy handler's delivered rate and its delivery delay
 * (202 to its record) in both phases; asserts only that nothing acknowledged was lost. Seconds per phase:
 * {@code drill.isolation.seconds} (quick in every build, long with {@code -Pdrills}).
 */
class HealthyBesideFaultyDrillIT {

    static final UUID SOLO = UUID.fromString("1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b");
    static final UUID SHARED = UUID.fromString("6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d");
    /** The offered load, completions/s: 500 unless {@code drill.isolation.rate} says otherwise. */
    static final int RATE = Integer.getInteger("drill.isolation.rate", 500);

    record Phase(String name, int offered, int acknowledged, int delivered, double deliveredPerSecond, long p50,
            long p99) {
    }

    @Test
    void aHealthyHandlerBesideFaultyOnesAgainstItsSoloRun() throws Exception {
        int seconds = Integer.getInteger("drill.isolation.seconds", 3);
        try (RunningJobhook jobhook = RunningJobhook.prepare("isolation").withoutDemo()) {
            Path solo = jobhook.home.resolve("solo.txt");
            Path beside = jobhook.home.resolve("beside.txt");
            // Not forced: the drill measures delivery, not this disk's fsync rate.
            jobhook.config("io.jobhook.test.recording-solo.cfg", "jobTypes = " + SOLO + "\nfile = " + solo
                    + "\nforce = false\n");
            jobhook.config("io.jobhook.test.recording-beside.cfg", "jobTypes = " + SHARED + "\nfile = " + beside
                    + "\nforce = false\n");
            String faulty = "jobTypes = " + SHARED + "\ndispatch.timeout = 1000\ndispatch.maxAttempts = 1\n";
            jobhook.config("io.jobhook.test.misbehaving-hang.cfg", faulty + "behaviour = hang\n");
            jobhook.config("io.jobhook.test.misbehaving-spin.cfg", faulty + "behaviour = spin\ndispatch.concurrency = 1\n");
            jobhook.config("io.jobhook.test.misbehaving-throw.cfg", faulty + "behaviour = throw\n");
            jobhook.deploy("recording-handler", "recording");
            jobhook.deploy("test-handlers", "test-handlers");
            jobhook.start();
            RunningJobhook.await("every handler registered", Duration.ofSeconds(30), () -> {
                String console = jobhook.console();
                return List.of("recording~solo", "recording~beside", "misbehaving~hang", "misbehaving~spin",
                        "misbehaving~throw").stream().allMatch(h -> console.contains("io.jobhook.test." + h + " registered"));
            });

            Phase alone = phase(jobhook, "alone", SOLO, solo, seconds);
            Phase besideFaulty = phase(jobhook, "beside hanging, spinning and throwing handlers", SHARED, beside, seconds);
            jobhook.stop();

            List<String> report = new ArrayList<>();
            report.add("| phase | offered | acknowledged | delivered | delivered/s | delay p50 (ms) | delay p99 (ms) |");
            report.add("|---|---:|---:|---:|---:|---:|---:|");
            for (Phase p : List.of(alone, besideFaulty)) {
                report.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %d | %d |", p.name(), p.offered(),
                        p.acknowledged(), p.delivered(), p.deliveredPerSecond(), p.p50(), p.p99()));
            }
            report.add(String.format(Locale.ROOT, "Beside faulty handlers the healthy one kept %.1f %% of its solo "
                    + "delivered rate, at %d s per phase and %d completions/s offered.",
                    100 * besideFaulty.deliveredPerSecond() / alone.deliveredPerSecond(), seconds, RATE));
            RunningJobhook.publish(report, "drill-isolation.txt", "drill.docs", "isolation", report);
            assertThat(alone.delivered()).isEqualTo(alone.acknowledged());
            assertThat(besideFaulty.delivered()).isEqualTo(besideFaulty.acknowledged());
        }
    }

    /** Offers {@link #RATE} completions/s of one job type for {@code seconds}, open loop, then waits for them. */
    private static Phase phase(RunningJobhook jobhook, String name, UUID jobType, Path records, int seconds)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Long> ackedAt = new ConcurrentHashMap<>();
        AtomicInteger offered = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        int total = RATE * seconds;
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long start = System.currentTimeMillis();
        pacer.scheduleAtFixedRate(() -> {
            if (offered.incrementAndGet() > total) {
                return;
            }
            http.sendAsync(jobhook.completionRequest(jobType), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, failure) -> {
                        if (r != null && r.statusCode() == 202) {
                            ackedAt.put(RunningJobhook.eventId(r), System.currentTimeMillis());
                        }
                        answered.incrementAndGet();
                    });
        }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
        RunningJobhook.await(name + ": every completion offered", Duration.ofSeconds(seconds + 30L),
                () -> offered.get() > total);
        pacer.shutdown();
        // every request answered (or failed) first: a 202 arriving after the check below would be missed by it
        RunningJobhook.await(name + ": every request answered", Duration.ofSeconds(30),
                () -> answered.get() >= total);
        RunningJobhook.await(name + ": every acknowledged completion delivered", Duration.ofSeconds(60), () -> {
            Map<String, Long> at = RunningJobhook.firstDeliveries(records);
            return at.keySet().containsAll(ackedAt.keySet());
        });
        Map<String, Long> at = RunningJobhook.firstDeliveries(records);
        List<Long> delays = new ArrayList<>();
        long last = start;
        for (Map.Entry<String, Long> e : ackedAt.entrySet()) {
            long d = at.get(e.getKey());
            delays.add(Math.max(0, d - e.getValue()));
            last = Math.max(last, d);
        }
        delays.sort(null);
        double rate = at.size() * 1000.0 / Math.max(1, last - start);
        return new Phase(name, total, ackedAt.size(), (int) ackedAt.keySet().stream().filter(at::containsKey).count(),
                rate, RunningJobhook.percentile(delays, 0.50), RunningJobhook.percentile(delays, 0.99));
    }
}
