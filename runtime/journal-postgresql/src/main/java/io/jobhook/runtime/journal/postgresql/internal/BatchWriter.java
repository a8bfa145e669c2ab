package io.jobhook.runtime.journal.postgresql.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.runtime.journal.metrics.CommitMetrics;

/**
 * Jobhook's group commit on PostgreSQL: items of concurrent callers written by one thread, up to {@code maxBatch} to
 * a transaction, so that one commit (one WAL flush) and one transaction's round trips serve them all. Measured on
 * appends: a transaction per append left PostgreSQL at a third of H2's rate at 16 callers, and even without the
 * flush (fsync off) at 0.6 of it — the transactions themselves cost (docs/PERFORMANCE.md). Two serve the journal:
 * one for appends, one for attempts' ends (so that a handler's thread never waits for the database).
 * <p>
 * {@link #awaitWritten()} gives a read the items handed over before it began: the journal's contract that a read
 * sees every attempt handed over before it.
 *
 * @param <T> what is written; the writer answers each item's caller itself
 */
final class BatchWriter<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    /** How long a read waits for the items handed over before it; past that it reads without them. */
    static final Duration READ_WAIT = Duration.ofSeconds(10);

    /** Writes a batch in one transaction and answers each item; what it throws refuses them all. */
    interface Batch<T> {
        void write(List<T> batch) throws Exception;
    }

    private final String name;
    private final int maxBatch;
    private final LinkedBlockingQueue<T> queue;
    private final Batch<T> batch;
    private final BiConsumer<T, Throwable> refuse;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    /** Guarded by {@link #queue}: how many items were taken in, in order. */
    private long handedOver;
    /** Guarded by {@link #lock}: every item numbered up to this one has been written or refused. */
    private long done;
    private volatile boolean closed;
    private volatile CommitMetrics.Observer observer = CommitMetrics.Observer.NONE;

    /**
     * @param capacity the most items waiting; one more is refused at once (overload is refused, never buffered
     *        without bound)
     * @param refuse answers an item that will not be written, with the reason
     */
    BatchWriter(String name, int maxBatch, int capacity, Batch<T> batch, BiConsumer<T, Throwable> refuse) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.batch = batch;
        this.refuse = refuse;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Reports each batch written from now on to {@code observer}. */
    void observe(CommitMetrics.Observer observer) {
        this.observer = observer;
    }

    /** @return items waiting to be written */
    int waiting() {
        return queue.size();
    }

    /** @return whether it was taken in; false when the queue is full or the writer closed */
    boolean offer(T item) {
        synchronized (queue) { // numbered in queue order; nothing is taken once the writer has gone
            if (closed || !queue.offer(item)) {
                return false;
            }
            handedOver++;
            return true;
        }
    }

    /** @return whether it takes no more items */
    boolean isClosed() {
        return closed;
    }

    /** Returns once every item handed over before this call has been written or refused (bounded). */
    void awaitWritten() {
        long mark;
        synchronized (queue) {
            mark = handedOver;
        }
        long deadline = System.nanoTime() + READ_WAIT.toNanos();
        lock.lock();
        try {
            while (done < mark) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.isAlive()) {
                    LOG.warn("Journal: {} has not written what was handed over within {}; reading without it", name,
                            READ_WAIT);
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
        List<T> taken = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, maxBatch - 1);
                long start = System.nanoTime();
                boolean written = false;
                try {
                    batch.write(taken);
                    written = true;
                } catch (Exception | Error e) {
                    LOG.error("Journal: {} could not write a batch of {}: {}", name, taken.size(), e.toString());
                    taken.forEach(item -> refuse.accept(item, e));
                }
                if (written) {
                    observer.written(taken.size(), System.nanoTime() - start);
                }
                advance(taken.size());
                taken.clear();
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
        }
        IllegalStateException refused = new IllegalStateException("The journal is closed: not recorded");
        int left;
        synchronized (queue) {
            left = queue.size();
            queue.forEach(item -> refuse.accept(item, refused));
            queue.clear();
        }
        advance(left);
    }

    private void advance(int count) {
        lock.lock();
        try {
            done += count;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Writes what was handed over already (bounded), then stops; later items are refused. */
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
