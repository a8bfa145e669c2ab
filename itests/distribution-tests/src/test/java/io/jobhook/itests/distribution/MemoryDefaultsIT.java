package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code bin/jobhook}'s memory options (runtime/distribution README, "Memory"), read from the running JVM's command
 * line: the serial collector and a 16–512 MiB heap by default; {@code JOBHOOK_MEMORY} replaces them (empty: none);
 * a collector chosen in {@code JAVA_OPTS} replaces the serial one, where two would stop the JVM from starting.
 */
class MemoryDefaultsIT {

    @Test
    void sizedForASmallServiceUnlessTheOperatorSaysOtherwise() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("memory").withoutDemo()) {
            // Nothing inherited from the build's environment decides the case under test.
            jobhook.environment.put("JAVA_OPTS", "");
            assertThat(System.getenv("JOBHOOK_MEMORY")).as("JOBHOOK_MEMORY in the build's environment").isNull();

            assertThat(commandLine(jobhook)).contains("-XX:+UseSerialGC", "-Xms16m", "-Xmx512m");

            jobhook.environment.put("JAVA_OPTS", "-XX:+UseParallelGC -Xmx300m");
            List<String> parallel = commandLine(jobhook);
            assertThat(parallel).contains("-XX:+UseParallelGC", "-Xms16m").doesNotContain("-XX:+UseSerialGC");
            assertThat(parallel.lastIndexOf("-Xmx300m")).as("the operator's heap comes last, so it wins")
                    .isGreaterThan(parallel.indexOf("-Xmx512m"));

            jobhook.environment.put("JAVA_OPTS", "");
            jobhook.environment.put("JOBHOOK_MEMORY", "");
            assertThat(commandLine(jobhook)).noneMatch(a -> a.startsWith("-Xm") || a.endsWith("GC"));

            jobhook.environment.put("JOBHOOK_MEMORY", "-Xmx256m");
            assertThat(commandLine(jobhook)).contains("-Xmx256m").doesNotContain("-XX:+UseSerialGC", "-Xmx512m");
        }
    }

    /** Starts it (up to its first 202), reads the JVM's arguments, and stops it. */
    private static List<String> commandLine(RunningJobhook jobhook) throws Exception {
        jobhook.start();
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(jobhook.pid()), "cmdline"));
            return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } finally {
            jobhook.stop();
        }
    }
}
