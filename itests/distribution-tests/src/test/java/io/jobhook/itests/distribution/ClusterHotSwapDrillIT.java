package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.jobhook.testsupport.PostgresCluster;

/**
 * Two packaged runtimes on one PostgreSQL journal, the recording handler on both, a steady stream of pushes to both
 * ingresses; on one runtime the handler's jar is swapped, version 1.0.0 for 2.0.0 and back, while the other keeps
 * delivering. Every acknowledged completion must be delivered, by one runtime or the other.
 */
class ClusterHotSwapDrillIT {

    static final UUID JOB_TYPE = UUID.fromString("6a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    static final Duration BETWEEN = Duration.ofSeconds(3);

    @Test
    void swapsOnOneRuntimeWhileTheOtherDeliversLoseNothing() throws Exception {
        int swaps = Integer.getInteger("drill.hotswap.swaps", 2);
        try (PostgresCluster database = PostgresCluster.startForTest()) {
            SharedJournalNodes nodes = new SharedJournalNodes(database);
            try (RunningJobhook a = node(nodes, "a"); RunningJobhook b = node(nodes, "b")) {
                for (RunningJobhook n : List.of(a, b)) {
                    n.start();
                    RunningJobhook.await("the recording handler live", Duration.ofSeconds(30),
                            () -> n.console().contains("Handler io.jobhook.test.recording~swap registered"));
                }
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Set<String> acked = ConcurrentHashMap.newKeySet();
                AtomicInteger offered = new AtomicInteger();
                AtomicInteger answered = new AtomicInteger();
                ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
                pacer.scheduleAtFixedRate(() -> {
                    RunningJobhook to = offered.incrementAndGet() % 2 == 0 ? a : b;
                    http.sendAsync(to.completionRequest(JOB_TYPE), HttpResponse.BodyHandlers.ofString())
                            .whenComplete((r, e) -> {
                                if (r != null && r.statusCode() == 202) {
                                    acked.add(RunningJobhook.eventId(r));
                                }
                                answered.incrementAndGet();
                            });
                }, 0, 5, TimeUnit.MILLISECONDS); // 200/s, half to each runtime

                String current = "1.0.0";
                for (int i = 1; i <= swaps; i++) {
                    Thread.sleep(BETWEEN.toMillis()); // the stream runs at its own pace meanwhile
                    String next = current.equals("1.0.0") ? "2.0.0" : "1.0.0";
                    long landed = System.currentTimeMillis();
                    a.deploy(next.equals("2.0.0") ? "recording-handler-v2" : "recording-handler", "recording");
                    String to = next;
                    RunningJobhook.await("swap " + i + " to " + to + " delivering on runtime a", Duration.ofSeconds(30),
                            () -> RunningJobhook.lines(SharedJournalNodes.recording(a)).stream().anyMatch(l -> handledBy(l, to, landed)));
                    current = next;
                }
                Thread.sleep(BETWEEN.toMillis());
                pacer.shutdown();
                assertThat(pacer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
                RunningJobhook.await("the stream's last requests answered", Duration.ofSeconds(30),
                        () -> answered.get() >= offered.get());
                RunningJobhook.await("every acknowledged completion delivered", Duration.ofSeconds(60),
                        () -> SharedJournalNodes.delivered(a, b).keySet().containsAll(acked));
                Map<String, Long> counts = SharedJournalNodes.delivered(a, b);
                long duplicates = counts.values().stream().filter(n -> n > 1).count();
                System.out.println("ClusterHotSwapDrillIT: " + acked.size() + " acknowledged of " + offered.get()
                        + " sent, all delivered, " + duplicates + " twice, " + swaps + " swaps on runtime a");
                assertThat(counts.keySet()).containsAll(acked);
                assertThat(RunningJobhook.lines(SharedJournalNodes.recording(b))).as("runtime b delivered meanwhile").isNotEmpty();
                a.stop();
                b.stop();
            }
        }
    }

    /** A record ({@code <eventId> <attempt> <jobId> <version> <millis>}) of {@code version}, handled since {@code since}. */
    private static boolean handledBy(String line, String version, long since) {
        String[] f = line.split(" ");
        return f.length >= 5 && f[3].equals(version) && Long.parseLong(f[4]) >= since;
    }

    private static RunningJobhook node(SharedJournalNodes nodes, String name) throws Exception {
        RunningJobhook node = nodes.node(name);
        node.config("io.jobhook.test.recording-swap.cfg", "jobTypes = " + JOB_TYPE + "\nfile = " + SharedJournalNodes.recording(node)
                + "\nforce = false\n");
        node.deploy("recording-handler", "recording");
        return node;
    }


}
