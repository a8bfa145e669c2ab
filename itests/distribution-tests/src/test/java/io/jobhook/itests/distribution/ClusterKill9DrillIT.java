package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.jobhook.testsupport.PostgresCluster;

/**
 * Two packaged runtimes on one PostgreSQL journal, each with the same handler (the slow recording one, 20 ms a
 * delivery, one at a time, so that the runtime killed still holds deliveries it has not made; the kill waits until it
 * does): a stream of pushes split across
 * both ingresses, one runtime killed with SIGKILL mid-stream. Every completion either runtime acknowledged (202) must
 * reach a recording handler — the survivor takes over what the dead one held once its leases lapse (3 s here) — and the
 * survivor keeps accepting. Duplicates are counted: at most what the dead runtime had in flight.
 * Completions from {@code drill.cluster.completions} (quick in every build, long with {@code -Pdrills}); the counts
 * go to {@code target/drill-cluster-kill9.txt}.
 */
class ClusterKill9DrillIT {

    static final UUID JOB_TYPE = UUID.fromString("5e1f0c3a-2b4d-4e6f-8a9b-0c1d2e3f4a5b");

    @Test
    void everyCompletionEitherRuntimeAcknowledgedIsDeliveredWhenOneIsKilled() throws Exception {
        int completions = Integer.getInteger("drill.cluster.completions", 400);
        try (PostgresCluster database = PostgresCluster.startForTest()) {
            SharedJournalNodes nodes = new SharedJournalNodes(database);
            try (RunningJobhook a = node(nodes, "a"); RunningJobhook b = node(nodes, "b")) {
                a.start();
                b.start();
                for (RunningJobhook n : List.of(a, b)) {
                    RunningJobhook.await("the recording handler live", Duration.ofSeconds(30),
                            () -> n.console().contains("Handler io.jobhook.test.slow~drill registered"));
                }

                Set<String> acknowledgedByA = ConcurrentHashMap.newKeySet();
                Set<String> acknowledgedByB = ConcurrentHashMap.newKeySet();
                int killAt = ThreadLocalRandom.current().nextInt(completions / 4, completions / 2);
                AtomicInteger sent = new AtomicInteger();
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    RunningJobhook to = c % 2 == 0 ? a : b;
                    Set<String> acknowledged = to == a ? acknowledgedByA : acknowledgedByB;
                    Thread t = new Thread(() -> {
                        while (sent.incrementAndGet() <= completions) {
                            try {
                                HttpResponse<String> r = to.post(JOB_TYPE);
                                if (r.statusCode() == 202) {
                                    acknowledged.add(RunningJobhook.eventId(r));
                                }
                            } catch (Exception killed) {
                                return; // this runtime is gone: its client stops
                            }
                        }
                    });
                    clients.add(t);
                    t.start();
                }
                // Runtime a's completions are delivered only by a while it lives: more acknowledged than recorded
                // means it holds some it has not delivered, which b must then take over.
                RunningJobhook.await("the kill point, with deliveries runtime a has not made", Duration.ofSeconds(60),
                        () -> acknowledgedByA.size() + acknowledgedByB.size() >= killAt && acknowledgedByA.size()
                                > RunningJobhook.lines(SharedJournalNodes.recording(a)).size() + 5);
                a.kill9();
                for (Thread t : clients) {
                    t.join();
                }
                Set<String> acked = Stream.concat(acknowledgedByA.stream(), acknowledgedByB.stream())
                        .collect(Collectors.toUnmodifiableSet());

                // The survivor keeps accepting.
                HttpResponse<String> after = b.post(JOB_TYPE);
                assertThat(after.statusCode()).as("the survivor's answer after the kill").isEqualTo(202);
                Set<String> all = new java.util.HashSet<>(acked);
                all.add(RunningJobhook.eventId(after));

                RunningJobhook.await("every acknowledged completion delivered by one runtime or the other",
                        Duration.ofSeconds(60), () -> SharedJournalNodes.delivered(a, b).keySet().containsAll(all));
                Map<String, Long> counts = SharedJournalNodes.delivered(a, b);
                long duplicates = counts.values().stream().filter(n -> n > 1).count();
                long takenOver = RunningJobhook.lines(SharedJournalNodes.recording(b)).stream().map(l -> l.split(" ")[0])
                        .filter(acknowledgedByA::contains).count();
                List<String> report = List.of("acknowledged-by-a acknowledged-by-b delivered lost duplicates "
                        + "taken-over-by-b", acknowledgedByA.size() + " " + acknowledgedByB.size() + " "
                        + all.stream().filter(counts::containsKey).count() + " "
                        + all.stream().filter(id -> !counts.containsKey(id)).count() + " " + duplicates + " " + takenOver);
                RunningJobhook.publish(report, "drill-cluster-kill9.txt", "drill.docs", "cluster-kill9", List.of(
                        "| acknowledged by the killed runtime | by the survivor | delivered | lost | duplicates "
                                + "| delivered by the survivor for the killed one |",
                        "|---:|---:|---:|---:|---:|---:|",
                        "| " + report.get(1).replace(" ", " | ") + " |"));
                assertThat(counts.keySet()).containsAll(all);
                assertThat(takenOver).as("deliveries the survivor made for the killed runtime").isPositive();
                assertThat(duplicates).as("duplicates: at most what the killed runtime had acknowledged")
                        .isLessThanOrEqualTo(acknowledgedByA.size());
                b.stop();
            }
        }
    }

    private static RunningJobhook node(SharedJournalNodes nodes, String name) throws Exception {
        RunningJobhook node = nodes.node(name);
        node.config("io.jobhook.test.slow-drill.cfg", "jobTypes = " + JOB_TYPE + "\nfile = " + SharedJournalNodes.recording(node)
                + "\ndelayMillis = 20\ndispatch.concurrency = 1\n");
        node.deploy("slow-handler", "slow");
        return node;
    }


}
