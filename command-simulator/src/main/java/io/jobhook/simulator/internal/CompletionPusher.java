package io.jobhook.simulator.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.simulator.Completion;

/**
 * Pushes completions to Jobhook's ingress ({@code POST}, JSON with Keyfactor's field names,
 * {@code Authorization: Bearer}, an {@code Idempotency-Key} stable per completion), on its own thread
 * from a bounded queue, so the job engine never waits. Connection errors, 429, 502, 503 and 504 are
 * retried with doubling backoff (honouring {@code Retry-After} in seconds) until {@code giveUpAfter}
 * has passed, then the completion is dropped with a WARN. A full queue drops the completion with a WARN.
 */
public final class CompletionPusher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionPusher.class);

    private final URI url;
    private final String token;
    private final JsonShapes json;
    private final HttpClient http;
    private final Duration giveUpAfter;
    private final Duration initialBackoff;
    private final String instanceId = UUID.randomUUID().toString();
    private final BlockingQueue<Completion> queue;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param giveUpAfter how long one completion is retried at most
     * @param initialBackoff the first wait between attempts (doubling, at most 5 s)
     * @param capacity how many completions may wait
     */
    public CompletionPusher(URI url, String token, JsonShapes json, Duration giveUpAfter, Duration initialBackoff,
            int capacity) {
        this.url = Objects.requireNonNull(url, "url");
        this.token = Objects.requireNonNull(token, "token");
        this.json = json;
        this.giveUpAfter = giveUpAfter;
        this.initialBackoff = initialBackoff;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.thread = new Thread(this::run, "jobhook-simulator-push");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a completion; never blocks. */
    public void enqueue(Completion c) {
        if (closed || !queue.offer(c)) {
            dropped.incrementAndGet();
            LOG.warn("Push queue full or closed: completion of job history row {} not pushed", c.jobHistoryId());
        }
    }

    /** @return the key a completion is pushed with, the same on every attempt */
    public String idempotencyKey(Completion c) {
        return "simulator-" + instanceId + "-" + c.jobHistoryId();
    }

    /** @return how many completions the ingress accepted */
    public long delivered() {
        return delivered.get();
    }

    /** @return how many completions were given up or dropped */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (true) {
            Completion c;
            try {
                c = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                push(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void push(Completion c) throws InterruptedException {
        byte[] body = json.completion(c).toString().getBytes(StandardCharsets.UTF_8);
        String key = idempotencyKey(c);
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        long backoff = initialBackoff.toMillis();
        int attempt = 0;
        while (true) {
            attempt++;
            long waitMs;
            String problem;
            try {
                HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                int status = resp.statusCode();
                if (status >= 200 && status < 300) {
                    delivered.incrementAndGet();
                    LOG.debug("Pushed job history row {} ({}) on attempt {}", c.jobHistoryId(), status, attempt);
                    return;
                }
                if (status != 429 && status != 502 && status != 503 && status != 504) {
                    dropped.incrementAndGet();
                    LOG.warn("Push of job history row {} refused with HTTP {}; not retried", c.jobHistoryId(), status);
                    return;
                }
                problem = "HTTP " + status;
                waitMs = resp.headers().firstValue("Retry-After").map(CompletionPusher::seconds).orElse(backoff);
            } catch (IOException e) {
                problem = e.getClass().getSimpleName();
                waitMs = backoff;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || waitMs > left) {
                dropped.incrementAndGet();
                LOG.warn("Gave up pushing job history row {} to {} after {} attempts (last: {})", c.jobHistoryId(),
                        url, attempt, problem);
                return;
            }
            LOG.debug("Push of job history row {} failed ({}); retrying in {} ms", c.jobHistoryId(), problem, waitMs);
            if (waitMs > 0) {
                Thread.sleep(waitMs);
            }
            backoff = Math.min(backoff * 2, 5000);
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim())) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
