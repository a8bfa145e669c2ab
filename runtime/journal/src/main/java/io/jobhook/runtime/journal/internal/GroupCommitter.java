package io.jobhook.runtime.journal.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.runtime.journal.metrics.CommitMetrics;
import io.jobhook.runtime.spi.JournalUnavailableException;

/**
 * Group commit: callers hand in items and wait; one committer thread drains whatever is queued (up to
 * {@code maxBatch}), gives the whole batch to a {@link BatchWriter} (one transaction, one sync) and then
 * completes every caller at once. While one batch is being forced to disk, the next one gathers in the
 * queue, so the number of syncs per item falls as callers grow.
 *
 * <p>Bounded: a full queue, a closed committer or a caller's timeout before its item was taken into a
 * batch are refused with {@link JournalUnavailableException}, and such an item is never written. Once
 * taken, the caller waits for its batch's outcome, so "refused" always means "not written".
 *
 * @param <T> what a caller hands in
 * @param <R> what a caller gets back
 */
final class GroupCommitter<T, R> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private static final long POLL_MILLIS = 50;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /** Writes one batch durably, then completes each item (or fails it alone). */
    @FunctionalInterface
    interface BatchWriter<T, R> {
        /**
         * @param batch the items, in arrival order; complete or fail each one only once the batch is
         *        durable
         * @throws Exception when the batch as a whole could not be made durable: every item not yet
         *         completed fails with it
         */
        void write(List<Pending<T, R>> batch) throws Exception;
    }

    /** One caller's item and its outcome. */
    static final class Pending<T, R> {
        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;

        private final T item;
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Pending(T item) {
            this.item = item;
        }

        T item() {
            return item;
        }

        void complete(R value) {
            result.complete(value);
        }

        void fail(Throwable cause) {
            result.completeExceptionally(cause);
        }

        boolean isDone() {
            return result.isDone();
        }

        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        boolean withdraw() {
            return state.compareAndSet(QUEUED, WITHDRAWN);
        }
    }

    private final String name;
    private final BatchWriter<T, R> writer;
    private final BlockingQueue<Pending<T, R>> queue;
    private final int maxBatch;
    private final Duration retryAfter;
    private final Thread thread;
    private volatile boolean closing;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong items = new AtomicLong();

    private volatile CommitMetrics.Observer observer = CommitMetrics.Observer.NONE;

    GroupCommitter(String name, JournalSettings settings, BatchWriter<T, R> writer) {
        this.name = Objects.requireNonNull(name, "name");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.maxBatch = settings.maxBatch();
        this.retryAfter = settings.retryAfter();
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Hands in an item and waits until its batch is durable.
     *
     * @param timeout how long to wait for the item to be taken into a batch
     * @return the writer's result for the item
     * @throws JournalUnavailableException closed, queue full, not taken in time, or its batch failed
     */
    R submit(T item, Duration timeout) throws JournalUnavailableException {
        if (closing) {
            throw unavailable("the journal is closed", null);
        }
        Pending<T, R> pending = new Pending<>(item);
        if (!queue.offer(pending)) {
            throw unavailable("the journal's queue is full (" + (queue.size() + queue.remainingCapacity())
                    + " appends waiting): overloaded", null);
        }
        if (closing && !thread.isAlive() && pending.withdraw()) {
            throw unavailable("the journal is closed", null);
        }
        boolean interrupted = false;
        try {
            try {
                return pending.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (pending.withdraw()) {
                    throw unavailable("the journal did not take the append within " + timeout.toMillis()
                            + " ms (disk slow or overloaded)", null);
                }
            } catch (InterruptedException e) {
                interrupted = true;
                if (pending.withdraw()) {
                    throw unavailable("interrupted while waiting for the journal", e);
                }
            }
            // Taken into a batch: its outcome is decided by that batch, so wait for it.
            while (true) {
                try {
                    return pending.result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JournalUnavailableException) {
                JournalUnavailableException u = (JournalUnavailableException) cause;
                // a fresh exception, so the caller's stack shows where it waited
                throw new JournalUnavailableException(u.getMessage(), u.retryAfter(), u);
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw unavailable("the journal could not write the append: " + cause, cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Hands in an item without waiting for its batch: the caller goes on while the committer writes it.
     * Items are written in the order they were handed in, so when an item's future is done, every item
     * handed in before it is written too.
     *
     * @param timeout how long to wait for room in a full queue (the caller is slowed, nothing is dropped)
     * @return the item's outcome, completed once its batch is written
     * @throws JournalUnavailableException closed, or the queue stayed full for {@code timeout}
     */
    CompletableFuture<R> submitLater(T item, Duration timeout) throws JournalUnavailableException {
        if (closing) {
            throw unavailable("the journal is closed", null);
        }
        Pending<T, R> pending = new Pending<>(item);
        boolean interrupted = false;
        boolean queued;
        try {
            queued = queue.offer(pending, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
            queued = queue.offer(pending);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!queued) {
            throw unavailable("the journal's queue stayed full for " + timeout.toMillis() + " ms: overloaded", null);
        }
        if (closing && !thread.isAlive() && pending.withdraw()) {
            throw unavailable("the journal is closed", null);
        }
        return pending.result;
    }

    /** @return batches written so far (each one transaction and one sync) */
    long batches() {
        return batches.get();
    }

    /** @return items written so far in those batches */
    long items() {
        return items.get();
    }

    /** Reports each batch written from now on to {@code observer}. */
    void observe(CommitMetrics.Observer observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** @return items waiting for the committer */
    int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending<T, R>> drained = new ArrayList<>(maxBatch);
        while (true) {
            Pending<T, R> first;
            try {
                first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                LOG.debug("{} interrupted; failing what is queued", name);
                break;
            }
            if (first == null) {
                if (closing) {
                    break;
                }
                continue;
            }
            drained.clear();
            drained.add(first);
            queue.drainTo(drained, maxBatch - 1);
            List<Pending<T, R>> batch = new ArrayList<>(drained.size());
            for (Pending<T, R> p : drained) {
                if (p.take()) {
                    batch.add(p);
                }
            }
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
        }
        failRemaining("the journal is closed");
    }

    private void writeBatch(List<Pending<T, R>> batch) {
        Throwable failure = null;
        // Counted before the writer completes the callers, so a caller that got its answer sees its batch counted.
        batches.incrementAndGet();
        items.addAndGet(batch.size());
        long start = System.nanoTime();
        try {
            writer.write(batch);
        } catch (Exception | Error e) {
            batches.decrementAndGet();
            items.addAndGet(-batch.size());
            failure = e;
            LOG.error("{}: a batch of {} could not be made durable; its callers are refused", name, batch.size(), e);
        }
        if (failure == null) {
            observer.written(batch.size(), System.nanoTime() - start);
        }
        for (Pending<T, R> p : batch) {
            if (!p.isDone()) {
                p.fail(failure instanceof JournalUnavailableException ? failure
                        : unavailable("the journal could not make the append durable: "
                                + (failure == null ? "the writer left it without an outcome" : failure.toString()),
                                failure));
            }
        }
    }

    private void failRemaining(String reason) {
        List<Pending<T, R>> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (Pending<T, R> p : rest) {
            if (p.take()) {
                p.fail(unavailable(reason, null));
            }
        }
    }

    private JournalUnavailableException unavailable(String message, Throwable cause) {
        return new JournalUnavailableException(message, retryAfter, cause);
    }

    /**
     * Stops taking new items, writes what is already queued, and stops the committer thread.
     */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(CLOSE_WAIT.toMillis());
            if (thread.isAlive()) {
                LOG.warn("{} still writing after {} s; interrupting it", name, CLOSE_WAIT.toSeconds());
                thread.interrupt();
                thread.join(CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failRemaining("the journal is closed");
    }
}
