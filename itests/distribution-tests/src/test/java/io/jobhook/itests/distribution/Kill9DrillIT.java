package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The kill -9 drill: completions stream in from four clients, the process is killed with SIGKILL at a
 * random moment, restarted, and every completion that was acknowledged (202) must reach the recording
 * handler. Rounds and completions per round come from {@code drill.kill9.rounds} and
 * {@code drill.kill9.completions} (quick in every build, long with {@code -Pdrills}); the counts go to
 * {@code target/drill-kill9.txt}.
 */
class Kill9DrillIT {

    static final UUID JOB_TYPE = UUID.fromString("0c8e9a7b-6d5c-4b3a-9f8e-7d6c5b4a3f2e");

    @Test
    void everyAcknowledgedCompletionIsDeliveredAfterAKill9() throws Exception {
        int rounds = Integer.getInteger("drill.kill9.rounds", 2);
        int completions = Integer.getInteger("drill.kill9.completions", 300);
        List<String> report = new ArrayList<>();
        report.add("round acknowledged delivered-after-restart duplicates redelivered(attempt>1)");
        for (int round = 1; round <= rounds; round++) {
            try (RunningJobhook jobhook = RunningJobhook.prepare("kill9").withoutDemo()) {
                Path delivered = jobhook.home.resolve("delivered.txt");
                jobhook.config("io.jobhook.test.recording-drill.cfg", "jobTypes = " + JOB_TYPE + "\nfile = " + delivered
                        + "\n");
                jobhook.deploy("recording-handler", "recording");
                jobhook.start();
                RunningJobhook.await("the recording handler live", Duration.ofSeconds(30),
                        () -> jobhook.console().contains("Handler io.jobhook.test.recording~drill registered"));

                Set<String> acknowledged = ConcurrentHashMap.newKeySet();
                int killAt = ThreadLocalRandom.current().nextInt(completions / 4, 3 * completions / 4);
                AtomicInteger sent = new AtomicInteger();
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    Thread t = new Thread(() -> {
                        while (sent.incrementAndGet() <= completions) {
                            try {
                                var r = jobhook.post(JOB_TYPE);
                                if (r.statusCode() == 202) {
                                    acknowledged.add(RunningJobhook.eventId(r));
                                }
                            } catch (Exception killed) {
                                return; // the process is gone: this client stops
                            }
                        }
                    });
                    clients.add(t);
                    t.start();
                }
                RunningJobhook.await("the kill point", Duration.ofSeconds(60), () -> acknowledged.size() >= killAt);
                jobhook.kill9();
                for (Thread t : clients) {
                    t.join();
                }
                Set<String> acked = Set.copyOf(acknowledged);

                jobhook.start();
                RunningJobhook.await("every acknowledged completion delivered after the restart",
                        Duration.ofSeconds(60), () -> deliveredIds(delivered).keySet().containsAll(acked));
                jobhook.stop();

                Map<String, Long> counts = deliveredIds(delivered);
                long duplicates = counts.values().stream().filter(n -> n > 1).count();
                long redelivered = RunningJobhook.lines(delivered).stream()
                        .filter(l -> !l.split(" ")[1].equals("1")).count();
                report.add(round + " " + acked.size() + " " + acked.stream().filter(counts::containsKey).count() + " "
                        + duplicates + " " + redelivered);
                assertThat(counts.keySet()).containsAll(acked);
            }
        }
        RunningJobhook.publish(report, "drill-kill9.txt", "drill.docs", "kill9", table(report, completions));
    }

    /** The rounds, and their totals, as the table of docs/RELIABILITY.md. */
    private static List<String> table(List<String> report, int completions) {
        long acked = 0;
        long delivered = 0;
        long duplicates = 0;
        List<String> table = new ArrayList<>();
        table.add("| round | acknowledged before the kill | of them delivered after the restart | lost | duplicates |");
        table.add("|---:|---:|---:|---:|---:|");
        for (String line : report.subList(1, report.size())) {
            String[] f = line.split(" ");
            long a = Long.parseLong(f[1]);
            long d = Long.parseLong(f[2]);
            acked += a;
            delivered += d;
            duplicates += Long.parseLong(f[3]);
            table.add("| " + f[0] + " | " + a + " | " + d + " | " + (a - d) + " | " + f[3] + " |");
        }
        table.add("| **all " + (report.size() - 1) + " rounds** (up to " + completions + " posted each) | **" + acked
                + "** | **" + delivered + "** | **" + (acked - delivered) + "** | " + duplicates + " |");
        return table;
    }

    private static Map<String, Long> deliveredIds(Path delivered) {
        return RunningJobhook.lines(delivered).stream().map(l -> l.split(" ")[0])
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
