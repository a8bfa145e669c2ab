package io.jobhook.runtime.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at an arbitrary instant: a child JVM appends from 8 threads and prints each acknowledged
 * event id; the test kills it with SIGKILL mid-stream, reopens the journal at once (the file lock died
 * with the child) and finds every acknowledged completion. Several rounds on the same journal, each
 * killed after a different number of acknowledgements.
 */
class JournalCrashTest {

    private static final Pattern ACK = Pattern.compile("ACK ([0-9a-f-]{36}) END");
    private static final long DEADLINE_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAppendSurvivesKillDashNine() throws Exception {
        Set<UUID> acknowledged = new LinkedHashSet<>();
        int[] killAfter = {1, 150, 40, 400};
        for (int round = 0; round < killAfter.length; round++) {
            Process child = startChild(round);
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String ready = out.readLine();
                assertThat(ready).as("the child's first line (stderr in %s)", stderr(round)).isEqualTo("READY");
                if (round == 0) {
                    assertThatThrownBy(() -> new H2Journal(dir, Clock.systemUTC()))
                            .as("a journal in use by a live process cannot be opened")
                            .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another process");
                }
                int seen = 0;
                String line;
                while (seen < killAfter[round] && (line = out.readLine()) != null) {
                    if (record(line, acknowledged)) {
                        seen++;
                    }
                }
                // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe
                child.toHandle().destroyForcibly();
                assertThat(child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("the child died").isTrue();
                // what it printed before it died was acknowledged too
                while ((line = out.readLine()) != null) {
                    record(line, acknowledged);
                }
                assertThat(seen).as("acknowledgements before the kill in round %d", round).isEqualTo(killAfter[round]);
            } finally {
                child.destroyForcibly();
            }

            try (H2Journal reopened = new H2Journal(dir, Clock.systemUTC())) {
                List<UUID> missing = new ArrayList<>();
                for (UUID id : acknowledged) {
                    if (reopened.completion(id).isEmpty()) {
                        missing.add(id);
                    }
                }
                assertThat(missing).as("acknowledged but lost after kill -9 in round %d (of %d acknowledged)", round,
                        acknowledged.size()).isEmpty();
            }
        }
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(591);
    }

    private static boolean record(String line, Set<UUID> acknowledged) {
        Matcher m = ACK.matcher(line);
        if (m.matches()) {
            acknowledged.add(UUID.fromString(m.group(1)));
            return true;
        }
        return false;
    }

    private Process startChild(int round) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", CrashChild.class.getName(),
                dir.toString(), "8");
        pb.redirectError(stderr(round).toFile());
        return pb.start();
    }

    private Path stderr(int round) {
        Path logs = dir.resolveSibling(dir.getFileName() + "-logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return logs.resolve("child-" + round + ".err");
    }
}
