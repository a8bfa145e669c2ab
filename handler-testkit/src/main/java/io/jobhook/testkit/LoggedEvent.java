package io.jobhook.testkit;

import java.util.Map;

/**
 * One line a captured logger wrote.
 *
 * @param level {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}
 * @param logger the logger's name
 * @param message the message with its arguments in place
 * @param mdc the MDC of the thread that logged it ({@code eventId}, {@code jobId}, ... in a delivery)
 * @param thrown the class and message of what was logged with it, or null
 */
public record LoggedEvent(String level, String logger, String message, Map<String, String> mdc, String thrown) {

    public LoggedEvent {
        mdc = Map.copyOf(mdc);
    }

    /** @return {@code LEVEL message}, with {@code | thrown} when something was logged with it */
    public String line() {
        return level + " " + message + (thrown == null ? "" : " | " + thrown);
    }
}
