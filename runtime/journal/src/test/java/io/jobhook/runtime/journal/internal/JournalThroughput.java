package io.jobhook.runtime.journal.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.jobhook.runtime.journal.testing.JournalContract;

/**
 * A measurement, not a test: appends per second and syncs per append with 1, 4, 16 and 64 concurrent
 * callers on the local disk, the median of several runs each on a fresh journal. Arguments (optional):
 * the directory to measure in (default {@code target/throughput}), runs per point (default 5), seconds
 * per run (default 2).
 */
public final class JournalThroughput {

    private static long totalSyncs;
    private static long totalAppends;
    private static int journalsOpened;

    private JournalThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : "target/throughput").toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        System.out.printf("journal throughput in %s, %d runs of %.1f s per point, medians%n", base, runs, seconds);
        System.out.printf("%8s %12s %14s %12s%n", "callers", "appends/s", "syncs/append", "mean batch");
        for (int callers : new int[] {1, 4, 16, 64}) {
            double[] rates = new double[runs];
            double[] syncsPerAppend = new double[runs];
            for (int r = 0; r < runs; r++) {
                Path dir = base.resolve("c" + callers + "-r" + r);
                delete(dir);
                double[] result = run(dir, callers, (long) (seconds * 1e9));
                rates[r] = result[0];
                syncsPerAppend[r] = result[1];
                delete(dir);
            }
            double s = median(syncsPerAppend);
            System.out.printf("%8d %12.0f %14.3f %12.1f%n", callers, median(rates), s, 1 / s);
        }
        // to compare with the fsync calls counted by strace -f -c -e trace=fsync,fdatasync
        System.out.printf("in all: %d appends, %d group syncs, %d journals opened and closed%n", totalAppends,
                totalSyncs, journalsOpened);
    }

    private static double[] run(Path dir, int callers, long nanos) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (H2Journal journal = new H2Journal(dir, Clock.systemUTC())) {
            long syncs0 = journal.syncs();
            long start = System.nanoTime();
            long end = start + nanos;
            List<Future<Long>> futures = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                futures.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        journal.append(JournalContract.full(), null);
                        n++;
                    }
                    return n;
                }));
            }
            long appends = 0;
            for (Future<Long> f : futures) {
                appends += f.get();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long syncs = journal.syncs() - syncs0;
            totalSyncs += syncs;
            totalAppends += appends;
            journalsOpened++;
            return new double[] {appends / elapsed, (double) syncs / appends};
        } finally {
            pool.shutdownNow();
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
