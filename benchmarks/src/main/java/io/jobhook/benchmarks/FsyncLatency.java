package io.jobhook.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.jobhook.performance.charts.MarkdownTable;
import io.jobhook.performance.charts.PerformanceCharts;
import io.jobhook.runtime.journal.internal.H2Journal;

/**
 * A measurement, not a test: how long one forced write takes on this disk, the floor under every acknowledgement
 * the ingress gives. One caller, one after the other: a 4 KiB append to a plain file followed by
 * {@code FileChannel.force} (the shortest durable write there is), and the H2 journal's {@code appendMatched} (what the
 * ingress waits for before its 202, with nobody to share the flush), and the same at 1,000/s from 32 threads (the
 * ingress's load without HTTP). Beside them, the ingress's and the floor's
 * latency at 1,000/s, read from the ingress table of the same page ({@code IngressLoadIT}'s last run). Writes the
 * table between {@code <!-- fsync:begin -->} and its end, and draws its chart.
 *
 * <p>Arguments: the page ({@code docs/PERFORMANCE.md}), then optionally the writes per kind (default 3,000).
 */
public final class FsyncLatency {

    private FsyncLatency() {
    }

    public static void main(String[] args) throws Exception {
        Path doc = Path.of(args[0]);
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jobhook-fsync-");
        try {
            long[] plain = plainForcedAppends(dir.resolve("append.log"), writes);
            long[] journal;
            try (H2Journal h2 = new H2Journal(dir.resolve("h2"), Clock.systemUTC())) {
                for (int i = 0; i < 200; i++) { // its first pages and the JIT, before anything counts
                    h2.appendMatched(JournalThroughputAgainstH2.completion(), null, List.of("h"));
                }
                journal = new long[writes];
                for (int i = 0; i < writes; i++) {
                    long start = System.nanoTime();
                    h2.appendMatched(JournalThroughputAgainstH2.completion(), null, List.of("h"));
                    journal[i] = System.nanoTime() - start;
                }
            }
            long[] paced;
            try (H2Journal h2 = new H2Journal(dir.resolve("h2-paced"), Clock.systemUTC())) {
                paced = paced(h2, 1_000, Math.max(1, writes / 1_000) * 3);
            }
            Arrays.sort(plain);
            Arrays.sort(journal);
            Arrays.sort(paced);
            List<String> table = new ArrayList<>();
            table.add("| measure | p50 (ms) | p99 (ms) | p99.9 (ms) |");
            table.add("|---|---:|---:|---:|");
            table.add(row("one forced append of 4 KiB to a plain file (write + force), one caller", plain));
            table.add(row("H2 journal: one forced appendMatched, one caller", journal));
            table.add(row("H2 journal: appendMatched at 1,000/s from 32 callers, open loop (group commit)", paced));
            MarkdownTable ingress = MarkdownTable.read(Files.readString(doc, StandardCharsets.UTF_8), "ingress");
            for (List<String> r : ingress.rows()) {
                if (r.get(ingress.column("load")).equals("1,000/s")) {
                    table.add(String.format(Locale.ROOT, "| %s at 1,000/s (the ingress table) | %s | %s | %s |",
                            r.get(ingress.column("endpoint")), r.get(ingress.column("p50 (ms)")),
                            r.get(ingress.column("p99 (ms)")), r.get(ingress.column("p99.9 (ms)"))));
                }
            }
            System.out.println(String.join("\n", table));
            System.out.println("chart: " + PerformanceCharts.writeTable(doc, "fsync", table));
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * The journal alone under the ingress's load: {@code rate} appends/s on one schedule, taken by 32 threads (as the
     * ingress's request threads), each append's latency counted from its due time.
     */
    private static long[] paced(H2Journal h2, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long period = 1_000_000_000L / rate;
        long[] took = new long[total];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        long start = System.nanoTime() + 50_000_000L;
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            Thread caller = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + i * period;
                    for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                    }
                    try {
                        h2.appendMatched(JournalThroughputAgainstH2.completion(), null, List.of());
                    } catch (io.jobhook.runtime.spi.JournalUnavailableException e) {
                        throw new IllegalStateException("the journal refused an append", e);
                    }
                    took[i] = System.nanoTime() - due;
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        return took;
    }

    private static long[] plainForcedAppends(Path file, int writes) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(4096);
        long[] took = new long[writes];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (int i = -200; i < writes; i++) {
                block.clear();
                long start = System.nanoTime();
                channel.write(block);
                channel.force(false);
                if (i >= 0) {
                    took[i] = System.nanoTime() - start;
                }
            }
        }
        return took;
    }

    private static String row(String measure, long[] sorted) {
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |", measure, at(sorted, 0.50), at(sorted, 0.99),
                at(sorted, 0.999));
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))] / 1e6;
    }

}
