package io.jobhook.runtime.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * What the job history poller is doing, for the operator tools and the health check. Immutable; a new
 * one per call of {@link PollerStatusSource#status()}.
 *
 * @param enabled whether the poller is configured to poll ({@code enabled=true} and a valid configuration)
 * @param command the Command API polled, or null when none
 * @param checkpoint the highest {@code JobHistoryId} up to which every row is settled (watched rows aside)
 * @param heldBack rows above the checkpoint still running at the last poll (they hold it back)
 * @param watched rows that have been running so long that they are looked up by job id instead
 * @param lastPollAt when the last poll started, or null before the first
 * @param lastSuccessAt when the last poll that read all of job history without an error started, or null
 * @param lag how far behind Command the journal may be: the time since {@link #lastSuccessAt} (every
 *        row that completed before it was accepted); null before the first success
 * @param lastError the last poll's error (Command's status and message, or the journal's), null when the
 *        last poll succeeded; a configuration error when the poller was refused its configuration
 * @param lastErrorAt when that error happened, or null
 * @param consecutiveFailures polls failed in a row (0 when the last one succeeded)
 * @param nextPollAt when the next poll is due, or null when none is scheduled
 * @param accepted completions accepted since the poller started (duplicates not counted)
 * @param skipped finished rows skipped since the poller started (job type without a GUID, unreadable rows)
 * @param standby another runtime sharing the journal polls this Command; this one waits to take over (since 2.1)
 */
public record PollerStatus(boolean enabled, String command, long checkpoint, int heldBack, int watched,
        Instant lastPollAt, Instant lastSuccessAt, Duration lag, String lastError, Instant lastErrorAt,
        int consecutiveFailures, Instant nextPollAt, long accepted, long skipped, boolean standby) {

    /** A status of a runtime that polls (or would), as before 2.1. */
    public PollerStatus(boolean enabled, String command, long checkpoint, int heldBack, int watched,
            Instant lastPollAt, Instant lastSuccessAt, Duration lag, String lastError, Instant lastErrorAt,
            int consecutiveFailures, Instant nextPollAt, long accepted, long skipped) {
        this(enabled, command, checkpoint, heldBack, watched, lastPollAt, lastSuccessAt, lag, lastError, lastErrorAt,
                consecutiveFailures, nextPollAt, accepted, skipped, false);
    }

    /** @return the status of a poller that does not poll, with the reason (null for {@code enabled=false}) */
    public static PollerStatus disabled(String command, String reason, Instant at) {
        return new PollerStatus(false, command, 0, 0, 0, null, null, null, reason, reason == null ? null : at, 0,
                null, 0, 0);
    }

    /** @return whether it stands by for another runtime, or polls, its last poll succeeded and one ever did */
    public boolean healthy() {
        return enabled && (standby || consecutiveFailures == 0 && lastSuccessAt != null);
    }
}
