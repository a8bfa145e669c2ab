package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The command forwarder ({@code command-forwarder/}) against the packaged Jobhook, with Keyfactor's public names
 * stubbed: its sources, the stubs and the test harness compiled with Mono's {@code mcs} into {@code target/forwarder},
 * the harness run with {@code mono}, once per stage as Command's worker process would live, with the options of the
 * manifest {@code GET /jobhook/v1/forwarder-manifest} generated. Every completion must arrive exactly once, in the
 * order it was handed over, through a stopped Jobhook, a Jobhook that never answers and completions Jobhook refuses;
 * checked through the admin API's events. Without Mono the test is skipped, except under {@code CI=true}, where it
 * fails ({@code .ci/run} installs it).
 */
class ForwarderIT {

    static final String ADMIN = "forwarder-admin-token";
    static final UUID JOB_TYPE = UUID.fromString("5c1e4f0a-7b2d-4c3e-9f8a-1d2c3b4a5f6e");
    static final String JOB_TYPE_NAME = "ForwarderTestInventory";
    static final String HANDLER = "io.jobhook.test.misbehaving~forwarded";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration STAGE = Duration.ofSeconds(120);

    final Path build = Path.of("target/forwarder").toAbsolutePath();
    final List<String> outputs = new ArrayList<>();

    @Test
    void completionsArriveOnceAndInOrderThroughAnOutageANonAnsweringJobhookAndRefusals() throws Exception {
        compile();
        assertThat(harness("check", List.of()).output()).contains("checks passed");

        try (RunningJobhook jobhook = RunningJobhook.prepare("forwarder").withoutDemo()) {
            jobhook.config("io.jobhook.admin.cfg", ".tokens = " + ADMIN + "\n");
            jobhook.config("io.jobhook.test.misbehaving-forwarded.cfg", "jobTypes = " + JOB_TYPE + "\nbehaviour = true\n");
            jobhook.deploy("test-handlers", "test-handlers");
            jobhook.start();
            RunningJobhook.await("the handler live", Duration.ofSeconds(30),
                    () -> jobhook.console().contains("Handler " + HANDLER + " registered"));

            // The options, as the operator gets them: the manifest Jobhook generates, the token filled in
            String base = "http://127.0.0.1:" + jobhook.port;
            JsonNode manifest = JSON.readTree(AdminIT.get(jobhook, "/jobhook/v1/forwarder-manifest?url="
                    + URLEncoder.encode(base, StandardCharsets.UTF_8), ADMIN).body());
            JsonNode options = manifest.get("extensions").get("Keyfactor.Platform.Extensions.IOrchestratorJobCompleteHandler")
                    .get("JobhookForwarder").get("Options");
            assertThat(options.get("JobTypes").asText().split(",")).as("the test bundle's other handler's too")
                    .contains(JOB_TYPE.toString());
            assertThat(options.get("Url").asText()).isEqualTo(base + "/jobhook/v1/completions");
            assertThat(options.get("Token").asText()).startsWith("<").doesNotContain(RunningJobhook.TOKEN);

            Path work = jobhook.home.resolveSibling(jobhook.home.getFileName() + "-command");
            Path spool = work.resolve("spool");
            Path tokenFile = Files.writeString(Files.createDirectories(work).resolve("push-token.txt"),
                    RunningJobhook.TOKEN + "\n");
            List<String> viaEnv = List.of("--url", options.get("Url").asText(), "--token", "env:JOBHOOK_PUSH_TOKEN",
                    "--spool", spool.toString(), "--job-types", options.get("JobTypes").asText(), "--job-type-id",
                    JOB_TYPE.toString(), "--timeout-ms", "5000");

            // 1. Jobhook up: each call sends at once; the same completions again (a new process) are resends
            Run up = harness("send", args(viaEnv, "--from", "1", "--count", "20"));
            assertThat(up.results()).hasSize(20).allMatch(r -> r.endsWith(" True"));
            assertThat(up.output()).contains("spool 0");
            assertThat(harness("send", args(viaEnv, "--from", "1", "--count", "3")).results()).hasSize(3)
                    .allMatch(r -> r.endsWith(" True"));

            // 2. Jobhook stopped: every call answers true at once, its completion spooled (a malformed one too)
            jobhook.stop();
            Run down = harness("send", args(viaEnv, "--from", "21", "--count", "10", "--malformed", "25"));
            assertThat(down.results()).hasSize(10).allMatch(r -> r.endsWith(" True"));
            assertThat(down.output()).contains("spool 10", "[Warning] - Jobhook cannot take completions now");
            assertThat(spooled(spool)).hasSize(10);

            // 3. Jobhook back: the timer alone sends the spool, oldest first; the malformed one is moved aside
            jobhook.start();
            Run drained = harness("drain", args(viaEnv, "--within", "60", "--retry-seconds", "1"));
            assertThat(drained.output()).contains("spool 0", "rejected 1", "[Error] - Jobhook refused the spooled");

            // 4. Stopped again with five waiting; once back, the next call sends them before its own (token from a file)
            jobhook.stop();
            List<String> viaFile = new ArrayList<>(viaEnv);
            viaFile.set(viaFile.indexOf("env:JOBHOOK_PUSH_TOKEN"), "file:" + tokenFile);
            assertThat(harness("send", args(viaFile, "--from", "31", "--count", "5")).output()).contains("spool 5");
            jobhook.start();
            Run after = harness("send", args(viaFile, "--from", "36", "--count", "5", "--settle", "60"));
            assertThat(after.results()).hasSize(5).allMatch(r -> r.endsWith(" True"));
            assertThat(after.output()).contains("spool 0");

            // 5. Jobhook up, a malformed completion: refused at once (false), kept aside, the next one goes
            Run refused = harness("send", args(viaEnv, "--from", "41", "--count", "2", "--malformed", "41"));
            assertThat(refused.results()).containsExactly("result 41 False", "result 42 True");
            assertThat(refused.output()).contains("spool 0", "rejected 2");

            // 6. A Jobhook that accepts the connection and never answers: the call comes back, its completion spooled,
            // and that spool is delivered later like any other
            Path other = work.resolve("spool-blackhole");
            Run blackhole = harness("blackhole", List.of("--from", "50", "--spool", other.toString(), "--job-type-id",
                    JOB_TYPE.toString(), "--timeout-ms", "500"));
            assertThat(blackhole.results()).containsExactly("result 50 True");
            assertThat(blackhole.output()).contains("spool 1");
            List<String> intoJobhook = new ArrayList<>(viaEnv);
            intoJobhook.set(intoJobhook.indexOf(spool.toString()), other.toString());
            assertThat(harness("drain", args(intoJobhook, "--within", "60", "--retry-seconds", "1")).output())
                    .contains("spool 0");

            // Each completion arrived once, in the order Command handed them over; the refused ones never did
            List<Integer> expected = new ArrayList<>();
            IntStream.rangeClosed(1, 42).filter(n -> n != 25 && n != 41).forEach(expected::add);
            expected.add(50);
            RunningJobhook.await("every forwarded completion journaled and delivered", Duration.ofSeconds(60), () -> {
                List<JsonNode> events = events(jobhook);
                return events.size() >= expected.size() && events.stream().allMatch(e -> delivered(e));
            });
            List<JsonNode> events = events(jobhook);
            assertThat(events.stream().map(e -> e.get("CertificateId").asInt()).toList()).as("exactly once, in order")
                    .containsExactlyElementsOf(expected);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.get("source").asText()).isEqualTo("PUSH");
                assertThat(e.get("JobId").asText()).isEqualTo("0b4b411a-4b26-4492-a575-a10adb43a08a");
                assertThat(e.get("Username").asText()).isEqualTo("KFTRAIN\\SVC_Orchestrator");
                assertThat(e.get("RequestTimestamp").asText()).isEqualTo(java.time.LocalDateTime.of(2026, 1, 1, 0, 0)
                        .plusMinutes(e.get("CertificateId").asInt()).toInstant(java.time.ZoneOffset.UTC).toString());
            });
            assertThat(events.stream().filter(e -> e.get("CertificateId").asInt() % 7 == 0)
                    .allMatch(e -> e.get("JobResult").asText().equals("Failure"))).isTrue();

            assertThat(spooled(spool)).as("the spool emptied").isEmpty();
            assertThat(spooled(other)).isEmpty();
            List<Path> rejected = spooled(spool.resolve("rejected"));
            assertThat(rejected).hasSize(2);
            for (Path r : rejected) {
                assertThat(Files.readString(r)).contains("\"JobType\":\"\"");
                assertThat(Path.of(r + ".txt")).content().contains("Jobhook answered 400", "JobType");
            }
            assertThat(String.join("\n", outputs)).as("the forwarder never logs the token")
                    .doesNotContain(RunningJobhook.TOKEN);
            jobhook.stop();
        }
    }

    /** The forwarded completions, oldest first (the admin API lists the journal newest first). */
    static List<JsonNode> events(RunningJobhook jobhook) {
        try {
            JsonNode list = JSON.readTree(AdminIT.get(jobhook, "/jobhook/v1/events?limit=1000&jobType=" + JOB_TYPE_NAME,
                    ADMIN).body());
            List<JsonNode> events = new ArrayList<>();
            list.forEach(events::add);
            Collections.reverse(events);
            return events;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean delivered(JsonNode event) {
        JsonNode d = event.get("deliveries");
        return d.size() == 1 && d.get(0).get("handler").asText().equals(HANDLER)
                && d.get(0).get("state").asText().equals("DELIVERED");
    }

    static List<Path> spooled(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    static List<String> args(List<String> options, String... more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(more));
        return all;
    }

    /** One run of the harness: its whole output and its "result N True|False" lines. */
    record Run(String output, List<String> results) {
    }

    Run harness(String command, List<String> arguments) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(tool("mono"), build.resolve("ForwarderHarness.exe").toString(),
                command));
        line.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().put("JOBHOOK_PUSH_TOKEN", RunningJobhook.TOKEN);
        Path log = build.resolve("harness-" + (outputs.size() + 1) + "-" + command + ".log");
        Process p = builder.redirectOutput(log.toFile()).start();
        if (!p.waitFor(STAGE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("The harness did not end within " + STAGE.toSeconds() + " s: " + line + "\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        outputs.add(output);
        if (p.exitValue() != 0) {
            fail("The harness (" + String.join(" ", line) + ") exited with " + p.exitValue() + ":\n" + output);
        }
        return new Run(output, output.lines().filter(l -> l.startsWith("result ")).toList());
    }

    /** Stubs, forwarder and harness, each its own assembly as at a Command site (the forwarder without warnings). */
    void compile() throws IOException {
        Path sources = Path.of(System.getProperty("jobhook.forwarder.sources", "../../command-forwarder")).toAbsolutePath()
                .normalize();
        Files.createDirectories(build);
        String mcs = tool("mcs");
        String stubs = build.resolve("Keyfactor.Stubs.dll").toString();
        String forwarder = build.resolve("Jobhook.CommandForwarder.dll").toString();
        RunningJobhook.run(args(List.of(mcs, "-target:library", "-out:" + stubs, "-r:System.Net.Http.dll"),
                sources(sources.resolve("stubs"))));
        RunningJobhook.run(args(List.of(mcs, "-target:library", "-out:" + forwarder, "-r:System.Net.Http.dll",
                "-r:" + stubs, "-warn:4", "-warnaserror+"), sources(sources.resolve("src"))));
        RunningJobhook.run(args(List.of(mcs, "-target:exe", "-out:" + build.resolve("ForwarderHarness.exe"),
                "-r:System.Net.Http.dll", "-r:" + stubs, "-r:" + forwarder), sources(sources.resolve("test-harness"))));
    }

    static String[] sources(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".cs")).sorted().map(Path::toString).toArray(String[]::new);
        }
    }

    /** A program on the PATH; skips the test where it is missing, fails it under CI=true. */
    static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir).resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String why = "no " + name + " on the PATH (Debian: apt-get install mono-mcs mono-runtime "
                + "libmono-system-net-http4.0-cil)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("Mono missing under CI=true: " + why);
        }
        Assumptions.abort("Skipped: " + why);
        return null;
    }
}
