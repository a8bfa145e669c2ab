package io.jobhook.runtime.dispatch.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.DeliveryPolicy;
import io.jobhook.runtime.spi.DeliveryState;

/**
 * One handler identity's deliveries: a bounded queue, at most {@code concurrency} attempts at once, each
 * with a deadline. An attempt still running at its deadline is recorded as timed out and its thread
 * interrupted; if the handler ignores the interrupt, the thread keeps its slot, so a stuck handler
 * cannot pile up threads and only ever slows itself.
 *
 * <p>While the handler is away (its bundle being updated), deliveries wait here and go to the next
 * registration of the same identity; {@link #detach} returns once the attempts in flight have ended.
 */
final class Bulkhead {

    private static final Logger LOG = LoggerFactory.getLogger(Bulkhead.class);

    /**
     * What a bulkhead asks of the dispatcher, in one place: the context to deliver, whether resumed work is still
     * to be done, where an ended attempt goes, and where a failed attempt's next one is planned.
     */
    interface Port {

        /** @return the context to deliver for {@code job} (its attempt number, the current Command client) */
        OrchestratorJobCompleteHandlerContext prepare(Job job);

        /** @return whether the journal still has {@code job}'s delivery to do (asked of resumed work only) */
        boolean stillPending(Job job);

        /** Records an ended attempt and its delivery's new state. */
        void ended(Attempt attempt, DeliveryState state);

        /** Plans {@code next} after {@code backoff}. */
        void retryLater(Job next, Duration backoff);
    }

    /**
     * What a bulkhead has done since it was made, and what it holds now.
     *
     * @param deadLetters deliveries whose last attempt failed here (each kept as a dead letter)
     * @param queueDepth deliveries waiting here (queued, or parked while the handler is away)
     * @param lastError the last failure's description, or null
     */
    record Statistics(long successes, long failures, long timeouts, long deadLetters, long overflows, int queueDepth,
            int inFlight,
            String lastError) {
    }

    /** A delivery to run. {@code verify}: ask the journal first whether it is still pending (resumed work). */
    record Job(OrchestratorJobCompleteHandlerContext context, int attempt, boolean verify) {
        UUID eventId() {
            return context.eventId();
        }

        /** @return the next attempt, checked against the journal before it runs */
        Job next() {
            return new Job(context, attempt + 1, true);
        }
    }

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int TIMED_OUT = 2;

    private final String identity;
    private final ThreadPoolExecutor executor;
    private final Deadlines deadlines;
    private final Port port;
    private final Clock clock;

    private final AtomicReference<HandlerRegistration> current = new AtomicReference<>();
    /** The job of each event held here (queued, parked or running), so an event is never here twice. */
    private final Map<UUID, Job> here = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Job> parked = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drained = new Object();

    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    /** Set when the queue turned a delivery away; the dispatcher's sweep offers the journal's backlog again. */
    private final AtomicBoolean backlog = new AtomicBoolean();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    /** @param port what it asks of the dispatcher */
    Bulkhead(String identity, Deadlines deadlines, Port port, Clock clock) {
        this.identity = identity;
        this.deadlines = deadlines;
        this.port = port;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "jobhook-handler-" + identity + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor.allowCoreThreadTimeOut(true);
    }

    String identity() {
        return identity;
    }

    /** The handler (or its next version) is here: deliveries run, and those that waited go first. */
    void attach(HandlerRegistration registration) {
        int concurrency = registration.settings().concurrency();
        if (concurrency > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(concurrency);
            executor.setCorePoolSize(concurrency);
        } else {
            executor.setCorePoolSize(concurrency);
            executor.setMaximumPoolSize(concurrency);
        }
        current.set(registration);
        Job job;
        while ((job = parked.poll()) != null) {
            submit(job);
        }
    }

    /**
     * The handler is going: new attempts wait for its next registration; returns once the attempts in
     * flight have ended (or {@code patience} has passed).
     *
     * @return whether every attempt in flight ended in time
     */
    boolean detach(long serviceId, Duration patience) {
        HandlerRegistration r = current.get();
        if (r == null || r.serviceId() != serviceId || !current.compareAndSet(r, null)) {
            return true;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (drained) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("Handler {} went with {} attempt(s) still in flight", identity, inFlight.get());
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    boolean attached() {
        return current.get() != null;
    }

    /**
     * Takes a delivery, unless this bulkhead already holds it or its queue is full (then it stays pending
     * in the journal and is offered again later).
     *
     * @return whether it was taken (or was already here)
     */
    boolean offer(Job job) {
        if (here.putIfAbsent(job.eventId(), job) != null) {
            return true;
        }
        HandlerRegistration r = current.get();
        int capacity = r == null ? DeliveryPolicy.DEFAULTS.queueCapacity() : r.settings().queueCapacity();
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            here.remove(job.eventId(), job);
            overflows.incrementAndGet();
            backlog.set(true);
            return false;
        }
        if (r == null) {
            parked.add(job);
            return true;
        }
        submit(job);
        return true;
    }

    /** @return deliveries waiting here (queued, or parked while the handler is away) */
    int depth() {
        return queued.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    /** @return the counters and what it holds, at once */
    Statistics statistics() {
        return new Statistics(successes.get(), failures.get(), timeouts.get(), deadLetters.get(), overflows.get(),
                queued.get(), inFlight.get(), lastError.get());
    }

    /** @return whether the queue turned a delivery away since the last call (which clears it) */
    boolean takeBacklog() {
        return backlog.compareAndSet(true, false);
    }

    private void submit(Job job) {
        try {
            executor.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            here.remove(job.eventId(), job);
        }
    }

    private void run(Job job) {
        // Counted in flight before the handler is read, so a detach that has cleared it waits for this run.
        inFlight.incrementAndGet();
        HandlerRegistration r = current.get();
        if (r == null) {
            leaveFlight();
            parked.add(job); // went away meanwhile: waits for the next version
            if (current.get() != null) {
                Job again;
                while ((again = parked.poll()) != null) {
                    submit(again);
                }
            }
            return;
        }
        queued.decrementAndGet();
        try {
            if (job.verify() && !port.stillPending(job)) {
                leaveFlight();
                return;
            }
            attempt(r, job);
        } finally {
            here.remove(job.eventId(), job);
        }
    }

    private void attempt(HandlerRegistration r, Job job) {
        OrchestratorJobCompleteHandlerContext context = port.prepare(job);
        AtomicInteger state = new AtomicInteger(RUNNING);
        Thread worker = Thread.currentThread();
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        Duration timeout = r.settings().timeout();
        long deadline = deadlines.watch(startNanos + timeout.toNanos(), () -> {
            // The watchdog's thread serves every handler: its log line carries this attempt's keys, not stale ones.
            MDC.clear();
            MDC.put("eventId", job.eventId().toString());
            MDC.put("handler", identity);
            try {
                onDeadline(r, job, state, worker, started, timeout, context);
            } finally {
                MDC.clear();
            }
        });

        // The attempt's log keys stay set until it is recorded: the handler's lines and the dispatcher's about it
        // (returned false, threw, kept as a dead letter) carry the same event id.
        try (MDC.MDCCloseable e = MDC.putCloseable("eventId", job.eventId().toString());
                MDC.MDCCloseable j = MDC.putCloseable("jobId", context.jobId().toString());
                MDC.MDCCloseable t = MDC.putCloseable("jobType", context.jobType());
                MDC.MDCCloseable h = MDC.putCloseable("handler", identity)) {
            runAndRecord(r, job, context, state, started, startNanos, timeout, deadline);
        }
    }

    private void runAndRecord(HandlerRegistration r, Job job, OrchestratorJobCompleteHandlerContext context,
            AtomicInteger state, Instant started, long startNanos, Duration timeout, long deadline) {
        boolean result = false;
        Throwable error = null;
        try {
            result = r.handler().runHandler(context);
        } catch (Throwable t) {
            error = t;
        }
        deadlines.cancel(deadline);
        // A handler may leave this thread interrupted; the journal's file channel must not see that.
        if (Thread.interrupted()) {
            LOG.debug("Handler {} left its thread interrupted on event {}; cleared", identity, job.eventId());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        if (!state.compareAndSet(RUNNING, DONE)) {
            Thread.interrupted(); // the watchdog's interrupt (again, if it came late) is not for the next job
            LOG.info("Handler {} returned {} ms after its deadline on event {}", identity,
                    took.minus(timeout).toMillis(), job.eventId());
            return;
        }
        AttemptOutcome outcome = DeliveryPolicy.outcomeOf(result, error);
        String detail = null;
        switch (outcome) {
            case EXCEPTION -> {
                failures.incrementAndGet();
                detail = DeliveryPolicy.describe(error);
                lastError.set(detail);
                // Logged once, here, with its cause: a handler's exception is the dispatcher's to report.
                LOG.error("Handler {} threw on event {} (job {}, {})", identity, job.eventId(), context.jobId(),
                        context.jobType(), error);
            }
            case RETURNED_FALSE -> {
                failures.incrementAndGet();
                lastError.set("returned false");
                LOG.info("Handler {} returned false on event {} (job {}, {})", identity, job.eventId(), context.jobId(),
                        context.jobType());
            }
            default -> successes.incrementAndGet();
        }
        Attempt attempt = new Attempt(job.eventId(), identity, job.attempt(), outcome, detail, r.version(), started, took);
        end(r, job, attempt);
    }

    private void onDeadline(HandlerRegistration r, Job job, AtomicInteger state, Thread worker, Instant started,
            Duration timeout, OrchestratorJobCompleteHandlerContext context) {
        if (state.compareAndSet(RUNNING, TIMED_OUT)) {
            timeouts.incrementAndGet();
            String detail = "still running after " + timeout.toMillis() + " ms; interrupted";
            lastError.set(detail);
            LOG.warn("Handler {} timed out on event {} (job {}): {}", identity, job.eventId(),
                    context.jobId(), detail);
            here.remove(job.eventId(), job); // the attempt is over, though its thread may not be
            end(r, job, new Attempt(job.eventId(), identity, job.attempt(), AttemptOutcome.TIMEOUT, detail,
                    r.version(), started, timeout));
            worker.interrupt();
        }
    }

    /**
     * Records an ended attempt: delivered; or failed with another attempt planned after its backoff (the
     * delivery stays PENDING); or, after the handler's last attempt, FAILED — a dead letter.
     */
    private void end(HandlerRegistration r, Job job, Attempt attempt) {
        DeliveryState state = r.settings().stateAfter(job.attempt(), attempt.outcome());
        // Gone from here before its retry is scheduled: a retry offered while this job was still here would be
        // taken for it ("already here") and dropped, leaving the delivery to the next sweep.
        here.remove(job.eventId(), job);
        try {
            port.ended(attempt, state);
            if (state == DeliveryState.PENDING) {
                port.retryLater(job.next(), r.settings().backoffAfter(job.attempt(), Math::random));
            } else if (state == DeliveryState.FAILED) {
                deadLetters.incrementAndGet();
            }
            if (state == DeliveryState.FAILED && r.settings().maxAttempts() > 1) {
                LOG.warn("Handler {} failed event {} {} times: kept as a dead letter", identity, job.eventId(),
                        job.attempt());
            }
        } catch (RuntimeException e) {
            LOG.error("Could not record attempt {} of event {} for handler {}", attempt.number(), attempt.eventId(),
                    identity, e);
        } finally {
            leaveFlight();
        }
    }

    private void leaveFlight() {
        inFlight.decrementAndGet();
        synchronized (drained) {
            drained.notifyAll();
        }
    }

    /** Stops taking work; attempts running are left to end (their threads are daemons). */
    void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "Bulkhead[" + identity + ", attached=" + attached() + ", depth=" + depth() + ", inFlight=" + inFlight()
                + "]";
    }
}
