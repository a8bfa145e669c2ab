package io.jobhook.itests.karaf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.jobhook.performance.charts.MarkdownTable;
import io.jobhook.performance.charts.PerformanceCharts;

/**
 * Issue 8, item 4, Karaf's side: the measurement of {@code StartupFootprintIT} (itests/distribution-tests) with the
 * same features booted by Apache Karaf 4.4.10 — the time from launching {@code bin/karaf} to the first 202 and to
 * every handler registered, the resident memory idle and its peak after 3 s at 1,000 completions/s delivered to
 * one handler, with 1 and with 20 recording handlers (one bundle, one factory configuration per handler).
 *
 * <p>Per case a fresh Karaf: a first, untimed boot does what an operator types once ({@code kar:install},
 * {@code feature:install jobhook jobhook-poller jobhook-simulator} — the bundles of {@code bin/jobhook}'s
 * {@code system/}, both of the last two idle — {@code bundle:install -s} of the handler bundle) and is stopped cleanly;
 * each round then starts Karaf again, so the features and the bundle boot from Karaf's own state, as an operator's
 * restart does. Only what Jobhook needs: no Karaf {@code http} feature (Pax Web), no simulator enabled, no WinCert handler;
 * the Command API an unreachable URL, as Jobhook's own measurement has it. Karaf's JVM keeps the heap settings of
 * its scripts (reported beside the table). The journal and the handlers' files are kept from round to round, as
 * in Jobhook's restarts.
 *
 * <p>Rounds per case: {@code startup.rounds} (1 in every build, 5 with {@code -Pbench}, which writes the table
 * between {@code <!-- karaf-startup:begin -->} and {@code <!-- karaf-startup:end -->} of {@code perf.docs} when
 * that file has those markers). Linux only ({@code /proc}). Asserts that the measurements happened and that what
 * was acknowledged under load was delivered.
 */
class KarafFootprintIT {

    static final String PUSH_TOKEN = "karaf-footprint-push-token";
    static final String ADMIN_TOKEN = "karaf-footprint-admin-token";
    static final String AGENT = "fa406103-d84a-43ea-8bfd-99bc1f064281";
    static final String MARKER = "karaf-startup";


    record Sample(int handlers, long firstAcceptedMs, long allRegisteredMs, long idleRssKb, long peakRssKb,
            int notAcknowledged) {
    }

    @Test
    void startUpToTheFirstAcceptedCompletionAndResidentMemoryInKaraf() throws Exception {
        int rounds = Integer.getInteger("startup.rounds", 1);
        List<Sample> samples = new ArrayList<>();
        Set<String> heaps = new LinkedHashSet<>();
        for (int handlers : new int[] {1, 20}) {
            samples.addAll(measureCase(handlers, rounds, heaps));
        }
        List<String> report = new ArrayList<>();
        report.add("| handlers | rounds | start → first 202 (ms, median) | start → all handlers registered (ms, median) | RSS idle (MiB, median) | RSS peak under load (MiB, median) |");
        report.add("|---:|---:|---:|---:|---:|---:|");
        for (int handlers : new int[] {1, 20}) {
            List<Sample> mine = samples.stream().filter(s -> s.handlers() == handlers).toList();
            report.add(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.0f | %.0f |", handlers, mine.size(),
                    median(mine.stream().mapToLong(Sample::firstAcceptedMs).toArray()),
                    median(mine.stream().mapToLong(Sample::allRegisteredMs).toArray()),
                    median(mine.stream().mapToLong(Sample::idleRssKb).toArray()) / 1024.0,
                    median(mine.stream().mapToLong(Sample::peakRssKb).toArray()) / 1024.0));
        }
        report.add("");
        report.add("Apache Karaf 4.4.10 (`bin/karaf server`, features `scr` + `jobhook` from the KAR, the recording "
                + "handler bundle; restarted from its own state). Each round (start → first 202, start → all "
                + "handlers registered; requests of the load not acknowledged): " + samples.stream()
                .map(s -> String.format(Locale.ROOT, "%d handler(s) %d ms, %d ms, %d", s.handlers(),
                        s.firstAcceptedMs(), s.allRegisteredMs(), s.notAcknowledged())).toList() + ".");
        report.add("");
        report.add("Heap: Karaf's JVM ran with " + String.join("; ", heaps) + ".");
        publish(report);
        assertThat(samples).hasSize(2 * rounds).allSatisfy(s -> {
            assertThat(s.firstAcceptedMs()).isPositive();
            assertThat(s.allRegisteredMs()).isGreaterThanOrEqualTo(s.firstAcceptedMs());
            assertThat(s.idleRssKb()).isPositive();
            assertThat(s.peakRssKb()).isGreaterThanOrEqualTo(s.idleRssKb());
        });
    }

    /** One case: a fresh Karaf, its first (untimed) boot, then {@code rounds} measured restarts. */
    private static List<Sample> measureCase(int handlers, int rounds, Set<String> heaps) throws Exception {
        Path bundles = Path.of(RunningKaraf.required("jobhook.bundles"));
        Path kar = bundles.resolve("karaf-features.kar");
        Path recording = bundles.resolve("recording-handler.jar");
        List<Sample> samples = new ArrayList<>();
        try (RunningKaraf karaf = RunningKaraf.prepare("footprint-" + handlers)) {
            try {
                int port = RunningKaraf.freePort();
                List<UUID> jobTypes = new ArrayList<>();
                for (int i = 1; i <= handlers; i++) {
                    jobTypes.add(UUID.randomUUID());
                }
                configureJobhook(karaf, port, jobTypes);

                // 1. The first boot, untimed: what an operator types once. kar:install installs the KAR's
                // features but jobhook-wincert (install="manual"): asserted below, as only what Jobhook needs is
                // measured.
                karaf.start();
                String installed = karaf.shell(Duration.ofSeconds(120),
                        "kar:install " + kar.toUri(),
                        // the same bundles as bin/jobhook's system/: the poller and the simulator, both idle
                        "feature:install jobhook jobhook-poller jobhook-simulator",
                        "bundle:install -s " + recording.toUri(),
                        "feature:list -i | grep jobhook",
                        "bundle:list -s");
                assertThat(installed).as("kar:install, feature:install jobhook jobhook-poller jobhook-simulator, bundle:install -s")
                        .doesNotContain("Error executing command").contains("Bundle ID").contains("Started")
                        .contains("io.jobhook.test.recording").doesNotContain("jobhook-wincert")
                        .doesNotContain("io.jobhook.wincert");
                LogTail log = new LogTail(karaf.log(), 0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                awaitFirstAccepted(karaf, client(), port, jobTypes.get(0), deadline);
                awaitRegistered(karaf, log, handlers, deadline);
                awaitAdminListsPresent(karaf, port, handlers);
                heaps.add(heapSettings(karaf.pid()));
                karaf.stop();

                // 2. The rounds: Karaf started again from its own state, as an operator's restart does.
                for (int round = 0; round < rounds; round++) {
                    samples.add(measureRound(karaf, port, handlers, jobTypes));
                }
                assertThat(karaf.karafLog()).as("Jobhook logged no error in Karaf").doesNotContainPattern(
                        "\\| ERROR \\|[^\\n]*\\| [0-9]+ - io\\.jobhook");
                karaf.delete(); // kept on failure, for its log
                return samples;
            } catch (Throwable t) {
                System.err.println("Karaf footprint (" + handlers + " handlers) failed in " + karaf.home + ":\n"
                        + karaf.diagnostics());
                throw t;
            }
        }
    }

    private static Sample measureRound(RunningKaraf karaf, int port, int handlers, List<UUID> jobTypes)
            throws Exception {
        LogTail log = new LogTail(karaf.log(), Files.exists(karaf.log()) ? Files.size(karaf.log()) : 0);
        HttpClient http = client();

        long launched = System.nanoTime();
        karaf.start();
        long deadline = launched + TimeUnit.SECONDS.toNanos(90);
        long firstAccepted = awaitFirstAccepted(karaf, http, port, jobTypes.get(0), deadline) - launched;
        long allRegistered = awaitRegistered(karaf, log, handlers, deadline) - launched;

        // Idle: let start-up's own work (JIT, first deliveries) settle before reading the resident size.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
        long idle = procStatusKb(karaf.pid(), "VmRSS");

        // Under load: 3 s at 1,000/s to the first handler, every acknowledged one delivered. A fresh client: the
        // start-up probe's pooled connections may date from before the server was fully up.
        http = client();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            long due = start + i * 1_000_000L;
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                LockSupport.parkNanos(due - now);
            }
            String jobId = UUID.randomUUID().toString();
            sent.add(http.sendAsync(completionRequest(port, jobTypes.get(0), jobId),
                    HttpResponse.BodyHandlers.discarding()).handle((r, failure) -> {
                        if (failure == null && r.statusCode() == 202) {
                            acknowledged.add(jobId);
                        } else {
                            failed.incrementAndGet(); // not acknowledged: the sender would resend
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Path records = karaf.home.resolve("h1.txt");
        Set<String> missing = new HashSet<>(acknowledged);
        RunningKaraf.await("every acknowledged completion delivered to handler 1", Duration.ofSeconds(60), () -> {
            karaf.assertAlive();
            // a line: <eventId> <deliveryAttempt> <jobId> <bundle version> <epoch millis>
            lines(records).forEach(l -> {
                String[] fields = l.split(" ");
                if (fields.length > 2) {
                    missing.remove(fields[2]);
                }
            });
            return missing.isEmpty();
        });
        long peak = procStatusKb(karaf.pid(), "VmHWM");
        karaf.stop();
        return new Sample(handlers, firstAccepted / 1_000_000, allRegistered / 1_000_000, idle, peak, failed.get());
    }

    /**
     * Jobhook's settings in Karaf's etc/ (as KarafIT's, less the simulator and the WinCert handler): Felix HTTP on
     * a free port on loopback, the journal in Karaf's data/, SCR's log quiet, Felix HTTP waiting for its
     * configuration; a push token and an admin token; the Command API unreachable (not demo mode); one recording
     * handler configuration per job type, each to its own file.
     */
    private static void configureJobhook(RunningKaraf karaf, int port, List<UUID> jobTypes) throws IOException {
        karaf.write("org.apache.felix.http.cfg", "org.osgi.service.http.port = " + port
                + "\norg.apache.felix.http.host = 127.0.0.1\n");
        karaf.append("system.properties", "\n# Jobhook's journal\njobhook.data = ${karaf.data}/jobhook\n"
                + "# SCR logs its internals under its own logger, not under each component's class\n"
                + "ds.log.extension = true\nds.loglevel = warn\n"
                + "# Felix HTTP waits for its configuration (else it opens 0.0.0.0:8080 until ConfigAdmin answers)\n"
                + "org.apache.felix.http.require.config = true\n");
        karaf.write("io.jobhook.command.cfg", "url = http://127.0.0.1:9/KeyfactorAPI\nauth = none\nmaxAttempts = 1\n");
        karaf.write("io.jobhook.ingress.cfg", ".tokens = " + PUSH_TOKEN + "\n");
        karaf.write("io.jobhook.admin.cfg", ".tokens = " + ADMIN_TOKEN + "\n");
        for (int i = 1; i <= jobTypes.size(); i++) {
            karaf.write("io.jobhook.test.recording-h" + i + ".cfg", "jobTypes = " + jobTypes.get(i - 1)
                    + "\nfile = " + karaf.home.resolve("h" + i + ".txt") + "\nforce = false\n");
        }
    }

    /**
     * Posts completions of {@code jobType} until one is answered 202 (as Jobhook's measurement does: 2 ms between
     * tries while nothing listens).
     *
     * @return {@link System#nanoTime()} at that 202
     */
    private static long awaitFirstAccepted(RunningKaraf karaf, HttpClient http, int port, UUID jobType,
            long deadline) throws InterruptedException {
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No 202 from the ingress within 90 s of launch");
            }
            try {
                if (http.send(completionRequest(port, jobType, UUID.randomUUID().toString()),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                karaf.assertAlive();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // not listening yet
            }
        }
    }

    /**
     * Waits for the dispatcher's {@code Handler io.jobhook.test.recording~h<i> registered} line of every handler
     * in what Karaf's log gained since {@code log} started.
     *
     * @return {@link System#nanoTime()} when the last one was seen
     */
    private static long awaitRegistered(RunningKaraf karaf, LogTail log, int handlers, long deadline) {
        Set<String> waiting = new HashSet<>();
        for (int i = 1; i <= handlers; i++) {
            waiting.add("Handler io.jobhook.test.recording~h" + i + " registered");
        }
        while (true) {
            for (String line : log.newLines()) {
                waiting.removeIf(line::contains);
            }
            if (waiting.isEmpty()) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not every handler registered within 90 s of launch; missing " + waiting);
            }
            karaf.assertAlive();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** The admin API agrees with the log: every handler listed, PRESENT, with its job type. */
    private static void awaitAdminListsPresent(RunningKaraf karaf, int port, int handlers) {
        HttpClient http = client();
        RunningKaraf.await("GET /jobhook/v1/handlers lists " + handlers + " recording handlers PRESENT",
                Duration.ofSeconds(30), () -> {
                    karaf.assertAlive();
                    Optional<JsonNode> list = adminGet(http, port, "/jobhook/v1/handlers");
                    if (list.isEmpty()) {
                        return false;
                    }
                    Set<String> present = new HashSet<>();
                    for (JsonNode h : list.get()) {
                        if ("PRESENT".equals(h.path("state").asText()) && h.path("jobTypes").size() == 1) {
                            present.add(h.path("identity").asText());
                        }
                    }
                    for (int i = 1; i <= handlers; i++) {
                        if (!present.contains("io.jobhook.test.recording~h" + i)) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private static Optional<JsonNode> adminGet(HttpClient http, int port, String path) {
        return RunningKaraf.adminGet(http, URI.create("http://127.0.0.1:" + port + path), ADMIN_TOKEN);
    }

    /** A push of one completion of {@code jobType} with {@code jobId}: the body of Jobhook's own measurement. */
    private static HttpRequest completionRequest(int port, UUID jobType, String jobId) {
        String body = "{\"AgentId\":\"" + AGENT + "\",\"JobId\":\"" + jobId + "\",\"JobType\":\"WinCertInventory\","
                + "\"JobTypeId\":\"" + jobType + "\",\"JobResult\":\"Success\"}";
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobhook/v1/completions"))
                .header("Authorization", "Bearer " + PUSH_TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * The heap settings Karaf's JVM ran with: the heap flags on its command line (Karaf's scripts put them in
     * {@code JAVA_OPTS}), and the sizes the JVM settled on ({@code jcmd <pid> VM.flags}; read in the untimed
     * first boot, as attaching starts a thread in Karaf's JVM).
     */
    private static String heapSettings(long pid) throws IOException, InterruptedException {
        String[] args = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8)
                .split("\0");
        List<String> given = Arrays.stream(args)
                .filter(a -> a.startsWith("-Xms") || a.startsWith("-Xmx") || a.startsWith("-Xmn")
                        || a.matches("-XX:.*(Heap|RAM|GC).*"))
                .toList();
        String text = given.isEmpty() ? "no heap options on its command line (JVM defaults)"
                : "heap options " + String.join(" ", given);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return text + " (no jcmd to read the sizes it settled on)";
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.flags").redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Matcher initial = Pattern.compile("-XX:InitialHeapSize=(\\d+)").matcher(out);
        Matcher max = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(out);
        Matcher gc = Pattern.compile("-XX:\\+(Use\\w+GC)\\b").matcher(out);
        if (!initial.find() || !max.find()) {
            return text + " (jcmd VM.flags: " + out.strip() + ")";
        }
        return String.format(Locale.ROOT, "%s: initial heap %d MiB, max heap %d MiB%s on a %d MiB machine", text,
                Long.parseLong(initial.group(1)) >> 20, Long.parseLong(max.group(1)) >> 20,
                gc.find() ? ", " + gc.group(1) : "", memTotalKb() >> 10);
    }

    private static long memTotalKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.substring(9).replace("kB", "").trim());
            }
        }
        return 0;
    }

    /**
     * The report: printed, written to {@code target/karaf-startup.txt}, and, when {@code perf.docs} names a file
     * with {@code <!-- karaf-startup:begin -->} and {@code <!-- karaf-startup:end -->} lines, written between them
     * (a file without them is left as it is).
     */
    private static void publish(List<String> report) throws IOException {
        System.out.println(String.join("\n", report));
        Files.write(Path.of(System.getProperty("jobhook.work", "target/work")).resolveSibling("karaf-startup.txt"),
                report);
        String docs = System.getProperty("perf.docs");
        if (docs == null || docs.isBlank()) {
            return;
        }
        Path doc = Path.of(docs);
        if (!Files.readString(doc).contains("<!-- " + MARKER + ":begin -->")) {
            System.out.println(doc + " has no <!-- " + MARKER + ":begin --> ... end markers: not written there");
            return;
        }
        System.out.println("chart: " + PerformanceCharts.writeTable(doc, MARKER, report));
        compareWithJobhook(doc);
    }

    /**
     * Jobhook ÷ Karaf, from Jobhook's restarts ({@code StartupFootprintIT}'s table, written earlier in the same Maven
     * run) and Karaf's just written, between {@code <!-- startup-vs-karaf:begin -->} and its end, with its chart.
     */
    private static void compareWithJobhook(Path doc) throws IOException {
        String text = Files.readString(doc);
        if (!text.contains("<!-- startup-vs-karaf:begin -->") || !text.contains("<!-- startup:begin -->")) {
            System.out.println(doc + " has no startup and startup-vs-karaf tables: no comparison written");
            return;
        }
        MarkdownTable jobhook = MarkdownTable.read(text, "startup");
        MarkdownTable karaf = MarkdownTable.read(text, MARKER);
        String[][] measures = {
            {"restart → first 202 (ms, median)", "start → first 202 (ms, median)"},
            {"RSS idle (MiB)", "RSS idle (MiB, median)"},
            {"RSS peak under 1,000/s (MiB)", "RSS peak under load (MiB, median)"}};
        List<String> table = new ArrayList<>();
        table.add("| handlers | | Jobhook | Karaf 4.4.10 | Jobhook ÷ Karaf |");
        table.add("|---:|---|---:|---:|---:|");
        for (String[] m : measures) {
            for (String handlers : List.of("1", "20")) {
                double ours = cell(jobhook, handlers, "restart", m[1]);
                double theirs = cell(karaf, handlers, null, m[1]);
                table.add(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.2f |", handlers, m[0], ours, theirs,
                        ours / theirs));
            }
        }
        System.out.println(String.join("\n", table));
        System.out.println("chart: " + PerformanceCharts.writeTable(doc, "startup-vs-karaf", table));
    }

    /** @return the number in {@code column} of the row for {@code handlers} (and, if given, that {@code start}) */
    private static double cell(MarkdownTable t, String handlers, String start, String column) {
        for (List<String> row : t.rows()) {
            if (row.get(t.column("handlers")).equals(handlers)
                    && (start == null || row.get(t.column("start")).equals(start))) {
                return MarkdownTable.numbers(row.get(t.column(column)))[0];
            }
        }
        throw new IllegalStateException("table " + t.name() + " has no row for " + handlers + " handler(s)");
    }

    /** @return a {@code kB} line of {@code /proc/<pid>/status}, e.g. VmRSS (resident now) or VmHWM (its peak) */
    private static long procStatusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("No " + key + " in /proc/" + pid + "/status");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }

    /** The complete lines a log file gained since a position (from the start again should it be rolled over). */
    static final class LogTail {
        private final Path file;
        private long position;
        private final StringBuilder partial = new StringBuilder();

        LogTail(Path file, long position) {
            this.file = file;
            this.position = position;
        }

        List<String> newLines() {
            if (!Files.exists(file)) {
                return List.of();
            }
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long length = in.length();
                if (length < position) {
                    position = 0; // rolled over
                    partial.setLength(0);
                }
                if (length == position) {
                    return List.of();
                }
                byte[] bytes = new byte[(int) (length - position)];
                in.seek(position);
                in.readFully(bytes);
                position = length;
                // ISO-8859-1: one char per byte, so a multi-byte character cut at the end does no harm to matching
                partial.append(new String(bytes, StandardCharsets.ISO_8859_1));
                int end = partial.lastIndexOf("\n");
                if (end < 0) {
                    return List.of();
                }
                List<String> complete = partial.substring(0, end).lines().toList();
                partial.delete(0, end + 1);
                return complete;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
