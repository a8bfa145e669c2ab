package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A handler author's path, as the archetype's README tells it: {@code mvn archetype:generate} with Jobhook's
 * archetype, {@code mvn verify} in the generated project, then its configuration into a running distribution's
 * {@code etc/} and its jar into {@code handlers/}, and its first delivery in {@code GET /jobhook/v1/handlers}.
 *
 * <p>Both Maven builds run as separate processes with {@code mvn} from the {@code PATH}. Their local repository is
 * the one the invoker plugin filled with this build's archetype, API and test kit at pre-integration-test (system
 * property {@code jobhook.archetype.repository}), so they see exactly what this build made; the settings file this
 * test writes names this build's own local repository ({@code jobhook.maven.repository}) to them as a remote, so
 * third-party artifacts come from disk rather than from the network again.
 */
class HandlerArchetypeIT {

    static final String PACKAGE = "com.acme.handler";
    static final String IDENTITY = PACKAGE + "~demo";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** One handler's entry in {@code GET /jobhook/v1/handlers}: its arrays hold strings only, so no brace inside. */
    private static final Pattern DEMO_SUCCESSES = Pattern.compile(
            "\\{\"identity\":\"" + Pattern.quote(IDENTITY) + "\"[^{}]*?\"successes\":(\\d+)");

    @Test
    void aGeneratedHandlerBuildsAndIsDeliveredToByTheDemo() throws Exception {
        String version = required("jobhook.version");
        Path work = Path.of(System.getProperty("jobhook.work", "target/work")).resolve("author-" + System.nanoTime())
                .toAbsolutePath();
        Files.createDirectories(work);
        Path settings = settings(work);

        long start = System.nanoTime();
        maven(work, settings, work.resolve("generate.log"), Duration.ofMinutes(10), "archetype:generate",
                "-DarchetypeGroupId=io.jobhook", "-DarchetypeArtifactId=jobhook-handler-archetype",
                "-DarchetypeVersion=" + version, "-DgroupId=com.acme", "-DartifactId=acme-handler", "-Dversion=1.0.0",
                "-Dpackage=" + PACKAGE, "-DstoreType=WinCert");
        Duration generate = since(start);

        Path project = work.resolve("acme-handler");
        start = System.nanoTime();
        maven(project, settings, work.resolve("build.log"), Duration.ofMinutes(15), "verify");
        Duration build = since(start);

        assertThat(Files.readString(work.resolve("build.log"))).as("the generated project's kit tests ran and passed")
                .containsPattern("Tests run: [1-9][0-9]*, Failures: 0, Errors: 0, Skipped: 0\\R");
        Path jar = project.resolve("target/acme-handler-1.0.0.jar");
        assertThat(jar).as("the generated project's bundle").isRegularFile();
        List<Path> configurations = files(project.resolve("etc"), ".cfg");
        assertThat(configurations).as("the generated project's configurations")
                .extracting(p -> p.getFileName().toString()).containsExactly(PACKAGE + "-demo.cfg");

        List<String> loggingLines = Files.readAllLines(project.resolve("README.md")).stream()
                .filter(l -> l.startsWith("log4j2.logger.")).toList();
        assertThat(loggingLines).as("the README's logging entry for the trace").hasSize(2);

        try (RunningJobhook jobhook = RunningJobhook.prepare("archetype").start()) {
            String token = adminToken(jobhook);
            start = System.nanoTime();
            // The README's steps: the configuration into etc/, the jar into handlers/, each moved in whole; its
            // logging entry added to the logging configuration.
            jobhook.config(PACKAGE + "-demo.cfg", Files.readString(configurations.get(0), StandardCharsets.UTF_8));
            jobhook.deploy(jar, "acme-handler-1.0.0");
            Path logging = jobhook.home.resolve("etc/org.ops4j.pax.logging.cfg");
            jobhook.config(logging.getFileName().toString(), Files.readString(logging, StandardCharsets.UTF_8) + "\n"
                    + String.join("\n", loggingLines) + "\n");
            RunningJobhook.await("handler " + IDENTITY + " with a success in GET /jobhook/v1/handlers (console: "
                    + jobhook.home.resolve("console.log") + ")", Duration.ofMinutes(2),
                    () -> successes(jobhook, token) >= 1);
            Duration delivery = since(start);
            System.out.printf("Handler archetype, generate: %.1f s, build (mvn verify): %.1f s, "
                    + "deploy to first delivery: %.1f s%n", seconds(generate), seconds(build), seconds(delivery));
            // The handler's own trace, told from the WinCert handler's by its logger.
            String orchestrator = "orchestrator [fa406103-d84a-43ea-8bfd-99bc1f064281/orchestrator.kftrain.lab]";
            RunningJobhook.await("the trace of " + PACKAGE + " in " + jobhook.home.resolve("console.log"),
                    Duration.ofMinutes(1), () -> jobhook.console().contains(PACKAGE + ".Handler [TRACE] - "
                            + "Exiting Job Completion Handler for " + orchestrator + " and JobType 'WinCert"));
            assertThat(jobhook.console()).contains(PACKAGE + ".Handler [TRACE] - Entering Job Completion Handler for "
                    + orchestrator + " and JobType 'WinCert");
            jobhook.stop();
        }
    }

    /**
     * Runs {@code mvn -B <arguments>} in {@code directory} to its end, within {@code deadline}, its output into
     * {@code log}; fails naming the log.
     */
    private static void maven(Path directory, Path settings, Path log, Duration deadline, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + Path.of(required("jobhook.archetype.repository")).toAbsolutePath()));
        command.addAll(List.of(arguments));
        Process maven = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!maven.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly().waitFor();
            throw new AssertionError("Not within " + deadline.toMinutes() + " min: " + String.join(" ", command)
                    + " in " + directory + "; its output: " + log);
        }
        assertThat(maven.exitValue()).as("exit status of %s in %s; its output: %s", String.join(" ", command),
                directory, log).isZero();
    }

    /**
     * The settings of the Maven builds this test runs: this build's local repository as a remote repository of
     * releases, for dependencies and plugins alike. Its snapshots are left out: whatever Jobhook artifact the builds
     * need must be the one the invoker plugin installed, or they fail.
     */
    private static Path settings(Path work) throws IOException {
        String url = Path.of(required("jobhook.maven.repository")).toAbsolutePath().toUri().toString();
        // No checksums asked for: a local repository keeps none for some of its files, and checked the rest when it
        // downloaded them.
        String repository = "<id>jobhook-build-local</id><url>" + url + "</url>"
                + "<releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>"
                + "<snapshots><enabled>false</enabled></snapshots>";
        String text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">\n"
                + "  <profiles>\n"
                + "    <profile>\n"
                + "      <id>jobhook-build-local</id>\n"
                + "      <repositories><repository>" + repository + "</repository></repositories>\n"
                + "      <pluginRepositories><pluginRepository>" + repository
                + "</pluginRepository></pluginRepositories>\n"
                + "    </profile>\n"
                + "  </profiles>\n"
                + "  <activeProfiles><activeProfile>jobhook-build-local</activeProfile></activeProfiles>\n"
                + "</settings>\n";
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, text, StandardCharsets.UTF_8);
        return settings;
    }

    /** @return the admin token demo mode wrote into {@code etc/io.jobhook.admin.cfg} (key {@code .tokens}) */
    private static String adminToken(RunningJobhook jobhook) throws IOException {
        Properties admin = new Properties();
        Path file = jobhook.home.resolve("etc/io.jobhook.admin.cfg");
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            admin.load(in);
        }
        String tokens = admin.getProperty(".tokens", "").strip();
        assertThat(tokens).as("the demo's admin token in etc/io.jobhook.admin.cfg").isNotEmpty();
        return tokens.split(",")[0].strip();
    }

    /** @return the handler's successes as {@code GET /jobhook/v1/handlers} tells them, -1 while it is not listed */
    private static long successes(RunningJobhook jobhook, String token) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(jobhook.uri("/jobhook/v1/handlers"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 401 || answer.statusCode() == 403) {
                throw new AssertionError("GET /jobhook/v1/handlers refused the demo's admin token: "
                        + answer.statusCode());
            }
            Matcher m = DEMO_SUCCESSES.matcher(answer.body());
            return answer.statusCode() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path directory, String suffix) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(directory)) {
            return all.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property, "");
        if (value.isBlank()) {
            throw new IllegalStateException("System property " + property
                    + " is not set (itests/distribution-tests/pom.xml)");
        }
        return value;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
