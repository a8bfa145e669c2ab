package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.jobhook.simulator.HistoryRow;
import io.jobhook.simulator.SimulatedCommand;
import io.jobhook.testsupport.PostgresCluster;

/**
 * Two packaged runtimes on one PostgreSQL journal poll the same Command (a simulated one, which the test fills with
 * job history): one polls, the other stands by. The one polling is killed with SIGKILL; the other takes over from
 * the shared checkpoint. Every JobHistory row becomes one completion — none lost, none twice — and reaches a handler.
 */
class ClusterPollerFailoverIT {

    static final Pattern POLLED_EVENT = Pattern.compile("\"eventId\":\"([0-9a-f-]{36})\"[^}]*?\"source\":\"POLL\"");

    @Test
    void whenThePollingRuntimeIsKilledTheOtherPollsOnAndEveryRowIsOneCompletion() throws Exception {
        try (PostgresCluster database = PostgresCluster.startForTest();
                SimulatedCommand command = SimulatedCommand.builder().start()) {
            SharedJournalNodes nodes = new SharedJournalNodes(database);
            Instant t = Instant.parse("2026-12-01T00:00:00Z");
            List<HistoryRow> rows = new java.util.ArrayList<>(command.addJobHistory(20, t));
            UUID jobType = rows.get(0).jobTypeId();
            try (RunningJobhook a = node(nodes, "a", command, jobType);
                    RunningJobhook b = node(nodes, "b", command, jobType)) {
                a.start();
                RunningJobhook.await("runtime a polling and delivering the first rows", Duration.ofSeconds(60),
                        () -> SharedJournalNodes.delivered(a).size() >= 20);
                b.start();
                RunningJobhook.await("runtime b standing by", Duration.ofSeconds(30),
                        () -> health(b).contains("\"standby\":true"));

                rows.addAll(command.addJobHistory(20, t.plus(Duration.ofHours(1))));
                a.kill9(); // whether or not it polled the new rows yet
                rows.addAll(command.addJobHistory(20, t.plus(Duration.ofHours(2))));

                RunningJobhook.await("runtime b polling", Duration.ofSeconds(60),
                        () -> health(b).contains("\"standby\":false"));
                RunningJobhook.await("every row delivered by one runtime or the other", Duration.ofSeconds(60),
                        () -> SharedJournalNodes.delivered(a, b).size() >= rows.size());

                List<String> polled = polledEvents(b);
                assertThat(polled).as("completions polled, one per JobHistory row").hasSize(rows.size())
                        .doesNotHaveDuplicates();
                Map<String, Long> delivered = SharedJournalNodes.delivered(a, b);
                assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(polled);
                System.out.println("ClusterPollerFailoverIT: " + rows.size() + " rows, " + polled.size()
                        + " completions, " + delivered.values().stream().filter(n -> n > 1).count()
                        + " delivered twice (in flight at the kill)");
                b.stop();
            }
        }
    }

    private static RunningJobhook node(SharedJournalNodes nodes, String name, SimulatedCommand command, UUID jobType)
            throws Exception {
        RunningJobhook node = nodes.node(name);
        node.config("io.jobhook.command.cfg", "url = " + command.baseUri() + "\nusername = "
                + command.username().replace("\\", "\\\\") + "\n.password = " + node.secret(command.password()) + "\n");
        node.config("io.jobhook.poller.cfg", "enabled = true\nintervalSeconds = 1\nstartAt = 2000-01-01T00:00:00Z\n");
        node.config("io.jobhook.admin.cfg", ".tokens = " + AdminIT.ADMIN + "\n");
        node.config("io.jobhook.test.recording-polled.cfg", "jobTypes = " + jobType + "\nfile = "
                + SharedJournalNodes.recording(node) + "\nforce = false\n");
        node.deploy("recording-handler", "recording");
        return node;
    }

    private static String health(RunningJobhook node) {
        return AdminIT.get(node, "/jobhook/v1/health", AdminIT.ADMIN).body();
    }

    private static List<String> polledEvents(RunningJobhook node) {
        String events = AdminIT.get(node, "/jobhook/v1/events?limit=1000", AdminIT.ADMIN).body();
        List<String> ids = new java.util.ArrayList<>();
        Matcher m = POLLED_EVENT.matcher(events);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
