package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * handlers/ as an operator uses it: a jar dropped in goes live; overwritten with a new version, delivery
 * moves to it with no completion lost or repeated; deleted, delivery stops.
 */
class HotDeployIT {

    static final UUID JOB_TYPE = UUID.fromString("5b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

    @Test
    void dropInOverwriteAndDelete() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("hot-deploy").withoutDemo().start()) {
            Path delivered = jobhook.home.resolve("delivered.txt");
            jobhook.config("io.jobhook.test.recording-hot.cfg", "jobTypes = " + JOB_TYPE + "\nfile = " + delivered + "\n");

            // Dropped in: live (completions before it registers are recorded as unmatched).
            jobhook.deploy("recording-handler", "recording");
            RunningJobhook.await("version 1 delivering", Duration.ofSeconds(30), () -> {
                post(jobhook);
                return RunningJobhook.lines(delivered).stream().anyMatch(l -> version(l).equals("1.0.0"));
            });

            // Overwritten while completions keep coming: every acknowledged one delivered once.
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean streaming = new AtomicBoolean(true);
            Thread stream = new Thread(() -> {
                while (streaming.get()) {
                    String id = post(jobhook);
                    if (id != null) {
                        acknowledged.add(id);
                    }
                }
            });
            stream.start();
            RunningJobhook.await("some completions under way", Duration.ofSeconds(30), () -> acknowledged.size() > 50);
            jobhook.deploy("recording-handler-v2", "recording");
            RunningJobhook.await("version 2 delivering", Duration.ofSeconds(30),
                    () -> RunningJobhook.lines(delivered).stream().anyMatch(l -> version(l).equals("2.0.0")));
            RunningJobhook.await("more completions after the swap", Duration.ofSeconds(30), () -> RunningJobhook
                    .lines(delivered).stream().filter(l -> version(l).equals("2.0.0")).count() > 50);
            streaming.set(false);
            stream.join();
            RunningJobhook.await("every acknowledged completion delivered", Duration.ofSeconds(30),
                    () -> eventIds(delivered).containsAll(acknowledged));
            List<String> ids = RunningJobhook.lines(delivered).stream().map(l -> l.split(" ")[0]).toList();
            assertThat(ids).as("delivered once each").doesNotHaveDuplicates();

            // Deleted: delivery stops; what comes next is recorded as matching no handler.
            jobhook.undeploy("recording");
            RunningJobhook.await("the handler uninstalled", Duration.ofSeconds(30), () -> jobhook.console()
                    .contains("Handler io.jobhook.test.recording~hot uninstalled: its job types are no longer matched"));
            String after = post(jobhook);
            assertThat(after).isNotNull();
            RunningJobhook.await("the next completion recorded as unmatched", Duration.ofSeconds(10),
                    () -> jobhook.console().contains("event " + after + " of job"));
            assertThat(eventIds(delivered)).doesNotContain(after);
            jobhook.stop();
        }
    }

    /** The handling bundle's version in a recording handler's line. */
    private static String version(String line) {
        return line.split(" ")[3];
    }

    private static Set<String> eventIds(Path delivered) {
        return RunningJobhook.lines(delivered).stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
    }

    private static String post(RunningJobhook jobhook) {
        try {
            var r = jobhook.post(JOB_TYPE);
            return r.statusCode() == 202 ? RunningJobhook.eventId(r) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
