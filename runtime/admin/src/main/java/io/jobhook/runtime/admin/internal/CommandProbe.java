package io.jobhook.runtime.admin.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.CommandRequest;
import io.jobhook.api.command.CommandResponse;

/**
 * Whether Command answers, asked at most once per interval whatever the rate of health checks: the answer is
 * kept for {@code interval} after its call started, one call at a time, and a health check waits for a call
 * at most {@code wait} — only when there is no earlier answer to give. An unauthenticated health endpoint
 * therefore cannot be used to flood Command, and never hangs on it.
 */
final class CommandProbe {

    /** What is known of Command. */
    record Result(Instant at, boolean reachable, String productVersion, String error) {

        static Result unknown(Instant at, String why) {
            return new Result(at, false, null, why);
        }
    }

    private final Supplier<CommandApi> client;
    private final Clock clock;
    private final Duration interval;
    private final Duration wait;
    private final Executor executor;
    private final Object lock = new Object();
    private Result last;
    private Instant lastStarted;
    private CompletableFuture<Result> inFlight;

    /**
     * @param client the Command client, answering null when none is configured
     * @param interval how long an answer is kept, from the start of its call
     * @param wait the longest a health check waits for a call when it has no earlier answer
     * @param executor runs the calls, off the health check's thread
     */
    CommandProbe(Supplier<CommandApi> client, Clock clock, Duration interval, Duration wait, Executor executor) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.wait = Objects.requireNonNull(wait, "wait");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** @return what is known of Command now: the kept answer, a fresh one, or "unknown" while the first call runs */
    Result current() {
        CommandApi api = client.get();
        if (api == null) {
            return Result.unknown(clock.instant(), "no Command API configured");
        }
        CompletableFuture<Result> call;
        Result known;
        synchronized (lock) {
            known = last;
            Instant now = clock.instant();
            boolean due = lastStarted == null || !now.isBefore(lastStarted.plus(interval));
            if (due && inFlight == null) {
                lastStarted = now;
                CompletableFuture<Result> started = CompletableFuture.supplyAsync(() -> call(api), executor);
                inFlight = started;
                started.whenComplete((r, e) -> {
                    synchronized (lock) {
                        last = r != null ? r : Result.unknown(clock.instant(), String.valueOf(e));
                        inFlight = null;
                    }
                });
            }
            call = inFlight;
        }
        if (known != null) {
            return known;
        }
        if (call == null) { // the call ran on this thread and is over
            synchronized (lock) {
                return last != null ? last : Result.unknown(clock.instant(), "not asked yet");
            }
        }
        try {
            return call.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Result.unknown(clock.instant(), "no answer within " + wait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.unknown(clock.instant(), "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            return Result.unknown(clock.instant(), String.valueOf(e.getCause()));
        }
    }

    private Result call(CommandApi api) {
        try {
            CommandResponse r = api.send(CommandRequest.get("/Status/Endpoints"));
            return new Result(clock.instant(), true, r.header("X-Keyfactor-Product-Version").orElse(null), null);
        } catch (CommandApiException e) {
            return new Result(clock.instant(), false, null, e.getMessage());
        } catch (RuntimeException e) {
            return new Result(clock.instant(), false, null, e.toString());
        }
    }
}
