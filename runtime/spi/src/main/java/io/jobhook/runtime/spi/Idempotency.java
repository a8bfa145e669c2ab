package io.jobhook.runtime.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How to recognise a resend of a completion: within {@code ttl} of the first acceptance, the same
 * {@code key} with the same {@code requestHash} is a duplicate (answered with the first event id, not
 * delivered again), with another hash a conflict.
 *
 * @param key the caller's key ({@code Idempotency-Key}, or a poller's job history id), at most 200 characters
 * @param requestHash a digest of what was sent with the key
 * @param ttl how long the key is remembered
 */
public record Idempotency(String key, String requestHash, Duration ttl) {

    /** The most characters a key may have. */
    public static final int MAX_KEY_LENGTH = 200;

    public Idempotency {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(ttl, "ttl");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("An idempotency key has 1 to " + MAX_KEY_LENGTH + " characters, not "
                    + key.length());
        }
    }
}
