package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The hot-swap drill: under a steady open-loop stream of completions (500/s by default) the recording
 * handler's jar in {@code handlers/} is overwritten again and again, version 1.0.0 by 2.0.0 and back. For
 * each swap: the time from the jar landing (its atomic move into {@code handlers/}) to the first completion
 * the new version handled, and the delivery delay (the request sent to the handler's record) of the
 * completions acknowledged around it. Over the whole stream: every acknowledged completion delivered, and how many
 * twice.
 */
class HotSwapDrillIT {

    static final UUID JOB_TYPE = UUID.fromString("0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a");
    /** Stream time before the first swap and between swaps. */
    static final Duration BETWEEN = Duration.ofSeconds(3);

    record Swap(int number, String from, String to, long landedAt, long liveAt, long lastOldAt) {
        long toLive() {
            return liveAt - landedAt;
        }
    }

    @Test
    void swapsUnderASteadyStreamLoseNothing() throws Exception {
        int swaps = Integer.getInteger("drill.hotswap.swaps", 2);
        int rate = Integer.getInteger("drill.hotswap.rate", 500);
        try (RunningJobhook jobhook = RunningJobhook.prepare("hot-swap").withoutDemo()) {
            Path records = jobhook.home.resolve("delivered.txt");
            // Not forced: the drill measures the swap, not this disk's fsync rate.
            jobhook.config("io.jobhook.test.recording-swap.cfg", "jobTypes = " + JOB_TYPE + "\nfile = " + records
                    + "\nforce = false\n");
            jobhook.deploy("recording-handler", "recording");
            // How often handlers/ is read: the shipped value, or -Ddrill.hotswap.poll=<ms> to compare.
            Path watcher = jobhook.home.resolve("etc").resolve("org.apache.felix.fileinstall-handlers.cfg");
            String override = System.getProperty("drill.hotswap.poll", "");
            if (!override.isBlank()) {
                Files.writeString(watcher, Files.readString(watcher).replaceAll("(?m)^felix\\.fileinstall\\.poll = .*$",
                        "felix.fileinstall.poll = " + Integer.parseInt(override.strip())));
            }
            Matcher pollMatch = Pattern.compile("(?m)^felix\\.fileinstall\\.poll = (\\d+)").matcher(Files.readString(watcher));
            String poll = pollMatch.find() ? pollMatch.group(1) : "?";
            jobhook.start();
            RunningJobhook.await("version 1.0.0 registered", Duration.ofSeconds(30),
                    () -> jobhook.console().contains("io.jobhook.test.recording~swap registered"));

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Map<String, Long> ackedAt = new ConcurrentHashMap<>(); // event id → when its request was sent
            AtomicInteger offered = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicLong streamEnd = new AtomicLong(Long.MAX_VALUE);
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            long streamStart = System.currentTimeMillis();
            pacer.scheduleAtFixedRate(() -> {
                if (System.currentTimeMillis() >= streamEnd.get()) {
                    return;
                }
                offered.incrementAndGet();
                long sent = System.currentTimeMillis();
                http.sendAsync(jobhook.completionRequest(JOB_TYPE), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            if (r != null && r.statusCode() == 202) {
                                ackedAt.put(RunningJobhook.eventId(r), sent);
                            } else {
                                refused.incrementAndGet();
                            }
                        });
            }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);

            List<Swap> done = new ArrayList<>();
            String current = "1.0.0";
            for (int i = 1; i <= swaps; i++) {
                Thread.sleep(BETWEEN.toMillis()); // the stream runs at its own pace meanwhile; nothing is awaited here
                String next = current.equals("1.0.0") ? "2.0.0" : "1.0.0";
                long landed = System.currentTimeMillis();
                jobhook.deploy(next.equals("2.0.0") ? "recording-handler-v2" : "recording-handler", "recording");
                String to = next;
                RunningJobhook.await("swap " + i + " to " + to + " delivering", Duration.ofSeconds(30),
                        () -> firstAfter(records, to, landed) > 0);
                long live = firstAfter(records, to, landed);
                done.add(new Swap(i, current, to, landed, live, lastBefore(records, current, landed, live)));
                current = next;
            }
            Thread.sleep(BETWEEN.toMillis());
            streamEnd.set(System.currentTimeMillis());
            pacer.shutdown();
            RunningJobhook.await("the stream's last requests answered", Duration.ofSeconds(30),
                    () -> ackedAt.size() + refused.get() >= offered.get());
            RunningJobhook.await("every acknowledged completion delivered", Duration.ofSeconds(60),
                    () -> RunningJobhook.firstDeliveries(records).keySet().containsAll(ackedAt.keySet()));
            jobhook.stop();

            Map<String, Long> deliveredAt = RunningJobhook.firstDeliveries(records);
            Map<String, Integer> times = new HashMap<>();
            for (String line : RunningJobhook.lines(records)) {
                times.merge(line.split(" ")[0], 1, Integer::sum);
            }
            long duplicates = times.values().stream().filter(n -> n > 1).count();
            long lost = ackedAt.keySet().stream().filter(id -> !deliveredAt.containsKey(id)).count();

            List<String> report = new ArrayList<>();
            report.add("| swap | from → to | jar landed → first completion handled by the new version (ms) |"
                    + " old version's last completion → new version's first (ms) | acknowledged, sent ±1 s around it |"
                    + " their delay, sent → handled, p50 / p99 / max (ms) |");
            report.add("|---:|---|---:|---:|---:|---|");
            List<Long> toLive = new ArrayList<>();
            for (Swap s : done) {
                List<Long> delays = delays(ackedAt, deliveredAt, s.landedAt() - 1000, s.liveAt() + 1000);
                toLive.add(s.toLive());
                report.add(String.format(Locale.ROOT, "| %d | %s → %s | %d | %d | %d | %d / %d / %d |", s.number(),
                        s.from(), s.to(), s.toLive(), s.liveAt() - s.lastOldAt(), delays.size(), RunningJobhook.percentile(delays, 0.5),
                        RunningJobhook.percentile(delays, 0.99), RunningJobhook.percentile(delays, 1.0)));
            }
            // The baseline: completions sent away from every swap (and after the stream's first second).
            Map<String, Long> away = new HashMap<>(ackedAt);
            away.values().removeIf(sent -> sent < streamStart + 1000 || done.stream()
                    .anyMatch(s -> sent >= s.landedAt() - 1000 && sent <= s.liveAt() + 1000));
            List<Long> steady = delays(away, deliveredAt, streamStart, Long.MAX_VALUE);
            toLive.sort(null);
            report.add("");
            report.add(String.format(Locale.ROOT, "%d swaps at %d completions/s offered, handlers/ read every %s ms: "
                    + "jar landed → new version live median %d ms, max %d ms. Away from the swaps the delay (sent → handled) was p50 %d / "
                    + "p99 %d / max %d ms. Offered %d, acknowledged %d, lost %d, delivered twice %d.", done.size(), rate, poll,
                    RunningJobhook.percentile(toLive, 0.5), RunningJobhook.percentile(toLive, 1.0), RunningJobhook.percentile(steady, 0.5), RunningJobhook.percentile(steady, 0.99),
                    RunningJobhook.percentile(steady, 1.0), offered.get(), ackedAt.size(), lost, duplicates));
            RunningJobhook.publish(report, "drill-hotswap.txt", "drill.docs", "hotswap", report);

            assertThat(lost).as("acknowledged completions never delivered").isZero();
            assertThat(duplicates).as("completions delivered twice (no crash: exactly once)").isZero();
            assertThat(done).hasSize(swaps);
        }
    }

    /** @return when {@code version} first handled a completion at or after {@code since}, or 0 */
    private static long firstAfter(Path records, String version, long since) {
        long first = 0;
        for (String line : RunningJobhook.lines(records)) {
            String[] f = line.split(" ");
            if (f.length >= 5 && f[3].equals(version)) {
                long at = Long.parseLong(f[4]);
                if (at >= since && (first == 0 || at < first)) {
                    first = at;
                }
            }
        }
        return first;
    }

    /** @return the last completion {@code version} handled before {@code until} (the stream's start if none) */
    private static long lastBefore(Path records, String version, long since, long until) {
        long last = since;
        for (String line : RunningJobhook.lines(records)) {
            String[] f = line.split(" ");
            if (f.length >= 5 && f[3].equals(version)) {
                long at = Long.parseLong(f[4]);
                if (at <= until && at > last) {
                    last = at;
                }
            }
        }
        return last;
    }

    /** The delays, sent → handled, of the acknowledged completions sent in [from, to], sorted. */
    private static List<Long> delays(Map<String, Long> ackedAt, Map<String, Long> deliveredAt, long from, long to) {
        List<Long> delays = new ArrayList<>();
        ackedAt.forEach((id, acked) -> {
            Long delivered = deliveredAt.get(id);
            if (delivered != null && acked >= from && acked <= to) {
                delays.add(Math.max(0, delivered - acked));
            }
        });
        delays.sort(null);
        return delays;
    }
}
