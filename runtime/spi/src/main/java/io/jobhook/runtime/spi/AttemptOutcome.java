package io.jobhook.runtime.spi;

/** How one attempt at delivering a completion to a handler ended. */
public enum AttemptOutcome {
    /** {@code runHandler} returned {@code true}. */
    SUCCESS,
    /** {@code runHandler} returned {@code false}. */
    RETURNED_FALSE,
    /** {@code runHandler} threw. */
    EXCEPTION,
    /** {@code runHandler} was still running at its deadline and was interrupted. */
    TIMEOUT
}
