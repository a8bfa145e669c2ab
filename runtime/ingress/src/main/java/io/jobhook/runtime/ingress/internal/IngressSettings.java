package io.jobhook.runtime.ingress.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

import io.jobhook.runtime.http.BearerTokens;

/**
 * The ingress's configuration (PID {@code io.jobhook.ingress}), checked. Its {@link #toString()} shows
 * the number of tokens, never a token.
 *
 * @param enabled whether the servlet is registered at all
 * @param tokens the push tokens ({@code .tokens}, private)
 * @param clientSubjects the subjects of the client certificates a push may come with ({@code clientSubjects});
 *        none: no certificate is asked for
 * @param maxBodyBytes the longest body accepted
 * @param idempotencyTtl how long an {@code Idempotency-Key} is remembered
 */
record IngressSettings(boolean enabled, BearerTokens tokens, List<X500Principal> clientSubjects, int maxBodyBytes,
        Duration idempotencyTtl) {

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
        clientSubjects = List.copyOf(clientSubjects);
        Objects.requireNonNull(idempotencyTtl, "idempotencyTtl");
    }

    /** @return the checked settings, with no client certificate asked for */
    static IngressSettings of(boolean enabled, String[] tokens, int maxBodyBytes, long idempotencyTtlSeconds) {
        return of(enabled, tokens, new String[0], maxBodyBytes, idempotencyTtlSeconds);
    }

    /**
     * @param clientSubjects distinguished names, e.g. {@code CN=command.example.com,O=Example}; blank entries are
     *        ignored
     * @return the checked settings
     * @throws IllegalArgumentException naming the PID and every key at fault with its value (a token's never)
     */
    static IngressSettings of(boolean enabled, String[] tokens, String[] clientSubjects, int maxBodyBytes,
            long idempotencyTtlSeconds) {
        List<String> problems = new ArrayList<>();
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_MAX_BODY_BYTES) {
            problems.add("key 'maxBodyBytes' must be 1 to " + MAX_MAX_BODY_BYTES + ", was " + maxBodyBytes);
        }
        if (idempotencyTtlSeconds < 1 || idempotencyTtlSeconds > MAX_IDEMPOTENCY_TTL_SECONDS) {
            problems.add("key 'idempotencyTtlSeconds' must be 1 to " + MAX_IDEMPOTENCY_TTL_SECONDS + ", was "
                    + idempotencyTtlSeconds);
        }
        BearerTokens checked = BearerTokens.of();
        try {
            checked = BearerTokens.of(tokens);
        } catch (IllegalArgumentException e) {
            problems.add("key '.tokens': " + e.getMessage());
        }
        List<X500Principal> subjects = new ArrayList<>();
        for (String subject : clientSubjects == null ? new String[0] : clientSubjects) {
            if (subject == null || subject.isBlank()) {
                continue;
            }
            try {
                subjects.add(new X500Principal(subject.strip()));
            } catch (IllegalArgumentException e) {
                problems.add("key 'clientSubjects': '" + subject.strip() + "' is not a distinguished name such as "
                        + "CN=command.example.com,O=Example");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + PID + " refused: " + String.join("; ", problems));
        }
        return new IngressSettings(enabled, checked, subjects, maxBodyBytes, Duration.ofSeconds(idempotencyTtlSeconds));
    }

    @Override
    public String toString() {
        return "enabled=" + enabled + ", tokens=" + tokens.count() + ", clientSubjects=" + clientSubjects.size()
                + ", maxBodyBytes=" + maxBodyBytes
                + ", idempotencyTtlSeconds=" + idempotencyTtl.toSeconds();
    }
}
