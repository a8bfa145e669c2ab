package io.jobhook.runtime.journal.postgresql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.Idempotency;

/**
 * Jobhook's group commit on PostgreSQL: the appends of concurrent callers written by one thread, several to a
 * transaction, so that one commit (one WAL flush) and one transaction's round trips serve them all. Measured:
 * a transaction per append left PostgreSQL at a third of H2's rate at 16 callers, and even without the flush
 * (fsync off) at 0.6 of it — the transactions themselves cost (docs/PERFORMANCE.md).
 */
final class AppendCommitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppendCommitter.class);

    /** The most appends in one transaction. */
    static final int MAX_BATCH = 256;
    /** The most appends waiting; one more is refused at once (overload is refused, never buffered without bound). */
    static final int CAPACITY = 10_000;

    /** One caller's append and the answer it waits for. */
    record Pending(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency, List<String> handlers,
            CompletableFuture<Acceptance> answer) {
    }

    /** Writes a batch in one transaction, answering each pending append. */
    interface Batch {
        void write(List<Pending> batch);
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Batch batch;
    private final Thread thread;
    private volatile boolean closed;

    AppendCommitter(String name, Batch batch) {
        this.batch = batch;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the answer to come, or null when the queue is full or the committer closed */
    CompletableFuture<Acceptance> submit(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency,
            List<String> handlers) {
        Pending p = new Pending(context, idempotency, handlers, new CompletableFuture<>());
        synchronized (queue) {
            return closed || !queue.offer(p) ? null : p.answer();
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
                } catch (RuntimeException | Error e) {
                    LOG.error("Journal: a batch of {} appends could not be written: {}", taken.size(), e.toString());
                    taken.forEach(p -> p.answer().completeExceptionally(e));
                }
                taken.clear();
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
        }
        IllegalStateException refused = new IllegalStateException("The journal is closed: the completion is not recorded");
        synchronized (queue) {
            queue.forEach(p -> p.answer().completeExceptionally(refused));
            queue.clear();
        }
    }

    /** @return whether it takes no more appends */
    boolean isClosed() {
        return closed;
    }

    /** Writes what is queued already (bounded), then stops; later appends are refused. */
    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
