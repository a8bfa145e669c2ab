package io.jobhook.runtime.journal.postgresql.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.DeliveryState;

/**
 * Writes ended attempts on a thread of its own, in the order handed over, several to a transaction, so that a
 * handler's thread does not wait for the database. A read asks {@link #awaitWritten()} first: every attempt
 * handed over before the read began is then in the database (the journal's contract: a later read sees it).
 */
final class AttemptWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptWriter.class);

    /** The most attempts written in one transaction. */
    static final int MAX_BATCH = 256;
    /** How long a read waits for the attempts handed over before it; past that it reads without them. */
    static final Duration READ_WAIT = Duration.ofSeconds(10);

    /** One handed-over attempt and the stage its caller holds. */
    record Pending(long number, Attempt attempt, DeliveryState newState, CompletableFuture<Void> written) {
    }

    /** Writes a batch: completes or fails each pending's stage, on its own. */
    interface Batch {
        void write(List<Pending> batch) throws Exception;
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong handedOver = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    /** Guarded by {@link #lock}: every attempt numbered up to this one has been dealt with. */
    private long done;
    private volatile boolean closed;
    private final Batch batch;
    private final Thread thread;

    AttemptWriter(String name, Batch batch) {
        this.batch = batch;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    CompletionStage<Void> handOver(Attempt attempt, DeliveryState newState) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        synchronized (queue) { // numbers in queue order; nothing is added once the writer has gone
            if (closed) {
                written.completeExceptionally(new IllegalStateException("The journal is closed: attempt "
                        + attempt.number() + " of event " + attempt.eventId() + " is not recorded"));
            } else {
                queue.add(new Pending(handedOver.incrementAndGet(), attempt, newState, written));
            }
        }
        return written;
    }

    /** Returns once every attempt handed over before this call has been written or refused (bounded). */
    void awaitWritten() {
        long mark = handedOver.get();
        long deadline = System.nanoTime() + READ_WAIT.toNanos();
        lock.lock();
        try {
            while (done < mark) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.isAlive()) {
                    LOG.warn("Journal: attempts handed over are not written after {}; reading without them", READ_WAIT);
                    return;
                }
                progress.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        List<Pending> taken = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, MAX_BATCH - 1);
                try {
                    batch.write(taken);
                } catch (Exception | Error e) {
                    LOG.error("Journal: a batch of {} attempts could not be recorded: {}", taken.size(), e.toString());
                    taken.forEach(p -> p.written().completeExceptionally(e));
                }
                long last = taken.get(taken.size() - 1).number();
                taken.clear();
                lock.lock();
                try {
                    done = last;
                    progress.signalAll();
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
        }
        IllegalStateException refused = new IllegalStateException("The journal is closed: attempt not recorded");
        synchronized (queue) {
            queue.forEach(p -> p.written().completeExceptionally(refused));
            queue.clear();
        }
        lock.lock();
        try {
            done = handedOver.get();
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Writes what was handed over already (bounded), then stops; later attempts are refused. */
    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
        }
        try {
            thread.join(READ_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
