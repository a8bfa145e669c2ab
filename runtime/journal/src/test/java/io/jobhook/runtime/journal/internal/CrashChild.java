package io.jobhook.runtime.journal.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.journal.testing.JournalContract;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Idempotency;

/**
 * The child JVM of {@link JournalCrashTest}: appends from several threads until it is killed, printing
 * {@code ACK <eventId> END} for each completion once {@code append} has returned ACCEPTED.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        H2Journal journal = new H2Journal(dir, Clock.systemUTC());
        System.out.println("READY");
        System.out.flush();
        AtomicLong n = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                while (true) {
                    long i = n.incrementAndGet();
                    OrchestratorJobCompleteHandlerContext c = JournalContract.full();
                    // every third append carries a fresh idempotency key, so key bindings are written too
                    Idempotency idem = i % 3 == 0
                            ? new Idempotency(UUID.randomUUID().toString(), "hash-" + i, Duration.ofHours(1))
                            : null;
                    try {
                        Acceptance a = journal.append(c, idem);
                        if (a.status() == Acceptance.Status.ACCEPTED) {
                            System.out.println("ACK " + a.eventId() + " END");
                            System.out.flush();
                        }
                    } catch (Exception e) {
                        System.err.println("append failed: " + e);
                    }
                }
            }, "appender-" + t);
            thread.start();
        }
        Thread.currentThread().join(); // until killed
    }
}
