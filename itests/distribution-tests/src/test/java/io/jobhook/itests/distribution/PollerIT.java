package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Against an unmodified Command: the in-process simulator pushes nothing; the poller reads its job history
 * and every job of the simulator's day reaches a handler of the sample's WinCert GUIDs, once, as a POLL.
 */
class PollerIT {

    static final String INVENTORY_JOB = "0b4b411a-4b26-4492-a575-a10adb43a08a";

    @Test
    void polledJobHistoryReachesTheHandlersOnce() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("poller")) {
            String base = "http://127.0.0.1:" + jobhook.port;
            Path delivered = jobhook.home.resolve("delivered.txt");
            jobhook.config("io.jobhook.simulator.cfg", "enabled = true\njobIntervalSeconds = 1\n"
                    + ".users = KFTRAIN\\\\svc=poll-pw\n");
            jobhook.config("io.jobhook.command.cfg", "url = " + base + "/KeyfactorAPI\nusername = KFTRAIN\\\\svc\n"
                    + ".password = poll-pw\n");
            jobhook.config("io.jobhook.poller.cfg", "enabled = true\nintervalSeconds = 1\nstartAt = 2000-01-01T00:00:00Z\n");
            jobhook.config("io.jobhook.admin.cfg", ".tokens = " + AdminIT.ADMIN + "\n");
            jobhook.config("io.jobhook.test.recording-polled.cfg", "jobTypes = 49b3a17d-cada-4ec8-84c6-7719bf5beef3,"
                    + "4be14534-55b0-4cd7-9871-536b55b5e973,e868b3f8-9b6a-48b1-91c8-683d71d94f61\nfile = " + delivered + "\n");
            jobhook.deploy("recording-handler", "recording");
            jobhook.start();

            RunningJobhook.await("the simulator's first four jobs polled and delivered", Duration.ofSeconds(60),
                    () -> RunningJobhook.lines(delivered).size() >= 4);
            List<String> lines = RunningJobhook.lines(delivered);
            assertThat(lines).anyMatch(l -> l.contains(" " + INVENTORY_JOB + " "));
            assertThat(lines.stream().map(l -> l.split(" ")[0])).doesNotHaveDuplicates();
            String events = AdminIT.get(jobhook, "/jobhook/v1/events?jobId=" + INVENTORY_JOB, AdminIT.ADMIN).body();
            assertThat(events).contains("\"source\":\"POLL\"", "\"JobType\":\"WinCertInventory\"",
                    "\"AgentId\":\"fa406103-d84a-43ea-8bfd-99bc1f064281\"");
            assertThat(AdminIT.get(jobhook, "/jobhook/v1/health", AdminIT.ADMIN).body())
                    .contains("\"poller\":{\"enabled\":true,\"healthy\":true");
            jobhook.stop();
        }
    }
}
