package io.jobhook.runtime.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class PollerCheckpointTest {

    @Test
    void itsTextFormReadsBackTheSame() {
        Instant t = Instant.parse("2023-05-06T00:27:00Z");
        PollerCheckpoint cp = new PollerCheckpoint(2171, t, null, List.of(
                new PollerCheckpoint.Watched(2169, UUID.randomUUID(), t, t.plusSeconds(60)),
                new PollerCheckpoint.Watched(2170, UUID.randomUUID(), null, t.plusSeconds(60))));
        assertThat(PollerCheckpoint.parse(cp.format())).isEqualTo(cp);
        assertThat(new PollerCheckpoint(0, null, null, List.of()).format()).isEqualTo("v1;through=0;since=-;floor=-;watch=");
    }

    @Test
    void aFullWatchListFitsTheJournalsColumn() {
        Instant t = Instant.parse("2023-05-06T00:27:00.123456789Z");
        List<PollerCheckpoint.Watched> watched = new ArrayList<>();
        for (int i = 0; i < PollerCheckpoint.MAX_WATCHED; i++) {
            watched.add(new PollerCheckpoint.Watched(Long.MAX_VALUE - i, UUID.randomUUID(), t, t));
        }
        assertThat(new PollerCheckpoint(Long.MAX_VALUE, t, t, watched).format()).hasSizeLessThanOrEqualTo(
                PollerCheckpoint.MAX_TEXT);
    }

    @Test
    void anUnreadableCheckpointIsRefusedNamingIt() {
        assertThatThrownBy(() -> PollerCheckpoint.parse("v1;through=abc;since=-;floor=-;watch="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Poller checkpoint 'v1;through=abc;since=-;floor=-;watch=' cannot be read");
        assertThatThrownBy(() -> PollerCheckpoint.parse("2171")).hasMessageContaining("unknown version '2171'");
    }

    @Test
    void theWaitAfterFailuresDoublesFromTheIntervalUpToFifteenMinutes() {
        Duration interval = Duration.ofSeconds(30);
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 50).stream().map(n -> JobHistoryPoller.backoff(interval, n).toSeconds()))
                .containsExactly(30L, 60L, 120L, 240L, 480L, 900L, 900L, 900L);
        assertThat(JobHistoryPoller.backoff(Duration.ofHours(1), 3)).isEqualTo(Duration.ofHours(1));
    }
}
