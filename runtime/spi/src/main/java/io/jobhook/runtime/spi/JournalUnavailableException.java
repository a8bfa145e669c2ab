package io.jobhook.runtime.spi;

import java.time.Duration;

/** The journal cannot accept now (disk full, database closed, overloaded): nothing was recorded. */
public class JournalUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public JournalUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** @return how long a caller should wait before trying again */
    public Duration retryAfter() {
        return retryAfter;
    }
}
