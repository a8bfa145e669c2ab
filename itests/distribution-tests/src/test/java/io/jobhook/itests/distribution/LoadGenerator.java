package io.jobhook.itests.distribution;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Posts completions over at most {@link #CONNECTIONS} connections, as wrk2 does. At a fixed rate each request has a
 * due time on one schedule (start + n × period) and its latency counts from then, whether or not a connection was
 * free: a server that falls behind shows as latency, not hidden by a client that waited for it, and a rate past
 * saturation queues in the client instead of opening connection after connection. Closed loop, each connection sends
 * its next request as soon as the last is answered. The {@link #CONNECTIONS} sender threads share one
 * {@link HttpClient}, each with one request at a time, so the client never holds more connections than that.
 */
final class LoadGenerator {

    static final int CONNECTIONS = 32;

    /**
     * What a load got back.
     *
     * @param status each sent request's HTTP status, -1 for a failure of the client or the connection
     * @param latencyNanos each sent request's latency (from its due time), in the order of {@code status}
     * @param accepted the event ids of the 202 answers
     * @param failures why requests were not accepted ("HTTP 503", or the client's exception), counted
     */
    record Result(int[] status, long[] latencyNanos, List<String> accepted, long elapsedMs,
            Map<String, Integer> failures) {

        int acceptedCount() {
            return accepted.size();
        }

        int notAccepted() {
            return status.length - accepted.size();
        }
    }

    private LoadGenerator() {
    }

    /** {@code rate} requests/s for {@code duration}; slots due after it are not sent. */
    static Result fixedRate(HttpClient http, Supplier<HttpRequest> request, int rate, Duration duration)
            throws InterruptedException {
        return drive(http, request, 1_000_000_000L / rate, duration);
    }

    /** Every connection sending its next request as soon as the last is answered, for {@code duration}. */
    static Result closedLoop(HttpClient http, Supplier<HttpRequest> request, Duration duration)
            throws InterruptedException {
        return drive(http, request, 0, duration);
    }

    private static Result drive(HttpClient http, Supplier<HttpRequest> request, long period, Duration duration)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicInteger slots = new AtomicInteger();
        List<List<long[]>> perSender = new ArrayList<>();
        Queue<String> ids = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> failures = new ConcurrentSkipListMap<>();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < CONNECTIONS; s++) {
            List<long[]> mine = new ArrayList<>();
            perSender.add(mine);
            Thread t = new Thread(() -> {
                while (true) {
                    long due;
                    if (period > 0) {
                        due = start + slots.getAndIncrement() * period;
                        if (due >= end) {
                            return;
                        }
                        for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                            LockSupport.parkNanos(due - now);
                        }
                    } else {
                        due = System.nanoTime();
                        if (due >= end) {
                            return;
                        }
                    }
                    int code;
                    try {
                        HttpResponse<String> r = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
                        code = r.statusCode();
                        if (code == 202) {
                            ids.add(RunningJobhook.eventId(r));
                        } else {
                            failures.computeIfAbsent("HTTP " + code, k -> new AtomicInteger()).incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        code = -1;
                        failures.computeIfAbsent(rootCause(e), k -> new AtomicInteger()).incrementAndGet();
                    }
                    mine.add(new long[] {System.nanoTime() - due, code});
                }
            }, "load-sender-" + s);
            senders.add(t);
            t.start();
        }
        // A slot due at the end waits for its answer: the request's own timeout bounds it.
        long patience = duration.toMillis() + TimeUnit.SECONDS.toMillis(60);
        for (Thread t : senders) {
            t.join(patience);
            if (t.isAlive()) {
                throw new AssertionError("a load sender still waiting 60 s after the end of its load");
            }
        }
        long elapsedMs = Math.max(1, (System.nanoTime() - start) / 1_000_000);
        List<long[]> all = new ArrayList<>();
        perSender.forEach(all::addAll);
        int[] status = new int[all.size()];
        long[] latency = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            latency[i] = all.get(i)[0];
            status[i] = (int) all.get(i)[1];
        }
        Map<String, Integer> counted = new ConcurrentSkipListMap<>();
        failures.forEach((why, n) -> counted.put(why, n.get()));
        return new Result(status, latency, new ArrayList<>(ids), elapsedMs, counted);
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName();
    }
}
