package io.jobhook.runtime.poller.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Where the poller stands in one Command's job history, saved in the journal under
 * {@code poller:<baseUri>} and advanced only after the rows it covers were accepted.
 *
 * <p>Meaning: every row with {@code JobHistoryId <= through} is <em>settled</em> (accepted, skipped on
 * purpose, or before the starting point), except the {@code watched} ones: rows that were still running
 * for so long ({@link JobHistoryPoller#STALE_AFTER}) that they stopped holding the checkpoint back, and
 * are looked up by their {@code JobId} until they finish.
 *
 * <p>Text form (at most {@link #MAX_TEXT} characters, the journal's column):
 * {@code v1;through=2171;since=2023-05-06T00:17:00Z;floor=-;watch=2170/<jobId>/<start>/<watchedSince>,...}
 * with {@code -} for an absent value.
 *
 * @param through the highest id up to which every row not watched is settled; 0 before any row
 * @param since the earliest {@code OperationStart} the next scan asks for (rows with none are always asked
 *        for too), or null for the whole history
 * @param floor rows whose {@code OperationStart} is before it are never delivered (the configured
 *        {@code startAt} timestamp), or null
 * @param watched rows at or below {@code through} still running when last seen, oldest first
 */
record PollerCheckpoint(long through, Instant since, Instant floor, List<Watched> watched) {

    /** The journal's column holds 4000 characters. */
    static final int MAX_TEXT = 4000;
    /** Room for this many watched rows (at most 120 characters each) within {@link #MAX_TEXT}. */
    static final int MAX_WATCHED = 30;

    private static final String VERSION = "v1";

    /**
     * A row that stopped holding the checkpoint back while still running.
     *
     * @param jobHistoryId the row
     * @param jobId its job, the documented query field it is looked up by
     * @param operationStart its start, or null when it had none
     * @param watchedSince when the poller started watching it
     */
    record Watched(long jobHistoryId, UUID jobId, Instant operationStart, Instant watchedSince) {
        Watched {
            Objects.requireNonNull(jobId, "jobId");
            // Whole seconds, as Command's timestamps: a watched row costs at most 120 characters.
            operationStart = operationStart == null ? null : operationStart.truncatedTo(ChronoUnit.SECONDS);
            watchedSince = watchedSince.truncatedTo(ChronoUnit.SECONDS);
        }
    }

    PollerCheckpoint {
        if (through < 0) {
            throw new IllegalArgumentException("through must be 0 or more, was " + through);
        }
        watched = List.copyOf(watched);
    }

    /** @return the checkpoint with {@code through} moved and {@code since} set */
    PollerCheckpoint advance(long newThrough, Instant newSince) {
        return new PollerCheckpoint(newThrough, newSince, floor, watched);
    }

    PollerCheckpoint withWatched(List<Watched> newWatched) {
        return new PollerCheckpoint(through, since, floor, newWatched);
    }

    /** @return the text saved in the journal */
    String format() {
        StringBuilder sb = new StringBuilder(VERSION).append(";through=").append(through)
                .append(";since=").append(text(since)).append(";floor=").append(text(floor)).append(";watch=");
        for (int i = 0; i < watched.size(); i++) {
            Watched w = watched.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append(w.jobHistoryId()).append('/').append(w.jobId()).append('/').append(text(w.operationStart()))
                    .append('/').append(w.watchedSince());
        }
        return sb.toString();
    }

    /**
     * @throws IllegalArgumentException naming the text, when it is not a checkpoint this version wrote
     */
    static PollerCheckpoint parse(String text) {
        try {
            String[] parts = text.split(";", -1);
            if (!parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown version '" + parts[0] + "'");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("'" + parts[i] + "' is not key=value");
                }
                values.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            List<Watched> watched = new ArrayList<>();
            String w = values.getOrDefault("watch", "");
            if (!w.isEmpty()) {
                for (String item : w.split(",")) {
                    String[] f = item.split("/", -1);
                    if (f.length != 4) {
                        throw new IllegalArgumentException("watched row '" + item + "' is not id/jobId/start/since");
                    }
                    watched.add(new Watched(Long.parseLong(f[0]), UUID.fromString(f[1]), instant(f[2]),
                            Instant.parse(f[3])));
                }
            }
            return new PollerCheckpoint(Long.parseLong(required(values, "through")), instant(required(values, "since")),
                    instant(required(values, "floor")), watched);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("Poller checkpoint '" + text + "' cannot be read: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return v;
    }

    private static String text(Instant i) {
        return i == null ? "-" : i.toString();
    }

    private static Instant instant(String s) {
        return s.equals("-") ? null : Instant.parse(s);
    }
}
