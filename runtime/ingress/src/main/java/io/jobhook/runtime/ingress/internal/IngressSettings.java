package io.jobhook.runtime.ingress.internal;

import io.jobhook.runtime.spi.BearerTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ingress's configuration (PID {@code io.jobhook.ingress}), checked. Its {@link #toString()} shows
 * the number of tokens, never a token.
 *
 * @param enabled whether the servlet is registered at all
 * @param tokens the push tokens ({@code .tokens}, private)
 * @param maxBodyBytes the longest body accepted
 * @param idempotencyTtl how long an {@code Idempotency-Key} is remembered
 */
record IngressSettings(boolean enabled, BearerTokens tokens, int maxBodyBytes, Duration idempotencyTtl) {

    /** The configuration PID. */
    static final String PID = "io.jobhook.ingress";
    /** The path the servlet serves. */
    static final String PATH = "/jobhook/v1/completions";
    /** Where an accepted completion can be looked up (the admin API serves it). */
    static final String EVENTS_PATH = "/jobhook/v1/events/";

    static final int DEFAULT_MAX_BODY_BYTES = 65_536;
    /** The body is read into memory: 16 MiB is far beyond any completion (a few hundred bytes). */
    static final int MAX_MAX_BODY_BYTES = 16 * 1024 * 1024;
    static final long DEFAULT_IDEMPOTENCY_TTL_SECONDS = 86_400;
    /** Ten years: beyond that an expiry instant risks overflowing a database's timestamp. */
    static final long MAX_IDEMPOTENCY_TTL_SECONDS = 10L * 366 * 86_400;

    IngressSettings {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(idempotencyTtl, "idempotencyTtl");
    }

    /**
     * @return the checked settings
     * @throws IllegalArgumentException naming the PID and every key at fault with its value
     */
    static IngressSettings of(boolean enabled, String[] tokens, int maxBodyBytes, long idempotencyTtlSeconds) {
        List<String> problems = new ArrayList<>();
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_MAX_BODY_BYTES) {
            problems.add("key 'maxBodyBytes' must be 1 to " + MAX_MAX_BODY_BYTES + ", was " + maxBodyBytes);
        }
        if (idempotencyTtlSeconds < 1 || idempotencyTtlSeconds > MAX_IDEMPOTENCY_TTL_SECONDS) {
            problems.add("key 'idempotencyTtlSeconds' must be 1 to " + MAX_IDEMPOTENCY_TTL_SECONDS + ", was "
                    + idempotencyTtlSeconds);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + PID + " refused: " + String.join("; ", problems));
        }
        return new IngressSettings(enabled, BearerTokens.of(tokens), maxBodyBytes,
                Duration.ofSeconds(idempotencyTtlSeconds));
    }

    @Override
    public String toString() {
        return "enabled=" + enabled + ", tokens=" + tokens.count() + ", maxBodyBytes=" + maxBodyBytes
                + ", idempotencyTtlSeconds=" + idempotencyTtl.toSeconds();
    }
}
