package io.jobhook.runtime.poller.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The poller's configuration (PID {@code io.jobhook.poller}), checked.
 *
 * @param enabled whether it polls at all
 * @param interval the wait between the end of one poll and the start of the next (when it succeeded)
 * @param pageSize rows per {@code JobHistory} request ({@code ReturnLimit})
 * @param startAt where the first start (no checkpoint yet) begins: null for "now" (rows after the newest row
 *        Command has at that moment), else rows whose {@code OperationStart} is at or after it
 */
record PollerSettings(boolean enabled, Duration interval, int pageSize, Instant startAt) {

    /** The configuration PID. */
    static final String PID = "io.jobhook.poller";

    static final int DEFAULT_INTERVAL_SECONDS = 30;
    static final int MAX_INTERVAL_SECONDS = 86_400;
    static final int DEFAULT_PAGE_SIZE = 100;
    /** Command documents no maximum {@code ReturnLimit}; a page is held in memory. */
    static final int MAX_PAGE_SIZE = 5_000;
    static final String NOW = "now";

    static final PollerSettings DEFAULTS = new PollerSettings(false, Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS),
            DEFAULT_PAGE_SIZE, null);

    /**
     * @param startAt {@code now} (any case) or an ISO-8601 timestamp: with an offset, without one (UTC), or a
     *        date (its start, UTC)
     * @return the checked settings
     * @throws IllegalArgumentException naming the PID and every key at fault with its value
     */
    static PollerSettings of(boolean enabled, int intervalSeconds, int pageSize, String startAt) {
        List<String> problems = new ArrayList<>();
        if (intervalSeconds < 1 || intervalSeconds > MAX_INTERVAL_SECONDS) {
            problems.add("key 'intervalSeconds' must be 1 to " + MAX_INTERVAL_SECONDS + ", was " + intervalSeconds);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            problems.add("key 'pageSize' must be 1 to " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        Instant start = null;
        String s = startAt == null ? NOW : startAt.trim();
        if (!s.isEmpty() && !s.toLowerCase(Locale.ROOT).equals(NOW)) {
            start = parseTimestamp(s);
            if (start == null) {
                problems.add("key 'startAt' must be 'now' or an ISO-8601 timestamp such as 2024-05-06T00:00:00Z, was '"
                        + startAt + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + PID + " refused: " + String.join("; ", problems));
        }
        return new PollerSettings(enabled, Duration.ofSeconds(intervalSeconds), pageSize, start);
    }

    private static Instant parseTimestamp(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // not with an offset
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // not a local date and time
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "enabled=" + enabled + ", intervalSeconds=" + interval.toSeconds() + ", pageSize=" + pageSize
                + ", startAt=" + (startAt == null ? NOW : startAt.toString());
    }
}
