package io.jobhook.runtime.poller.internal;

import io.jobhook.runtime.spi.PollerStatus;
import io.jobhook.runtime.spi.PollerStatusSource;
import io.jobhook.testkit.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobHistoryPollerComponentTest {

    PollerFixture f;

    @BeforeEach
    void start() {
        f = new PollerFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private JobHistoryPollerComponent component(Map<String, ?> config) {
        return new JobHistoryPollerComponent(PollerSettingsTest.config(config), f.api, f.intake, f.journal);
    }

    @Test
    void disabledByDefaultItReadsNothing() {
        JobHistoryPollerComponent c = component(Map.of());
        PollerStatus status = c.status();
        assertThat(status.enabled()).isFalse();
        assertThat(status.lastError()).isNull();
        assertThat(status.command()).isEqualTo(f.sim.baseUri().toString());
        c.deactivate();
        assertThat(f.sim.requestCount("/OrchestratorJobs/JobHistory")).isZero();
    }

    @Test
    void anInvalidConfigurationIsOneErrorLineNamingThePidTheKeyAndTheValue() {
        try (LogCapture log = LogCapture.of(JobHistoryPollerComponent.class)) {
            JobHistoryPollerComponent c = component(Map.of("enabled", true, "pageSize", -5));
            assertThat(log.lines()).singleElement().asString().startsWith("ERROR Configuration io.jobhook.poller refused")
                    .contains("'pageSize'", "was -5");
            assertThat(c.status().enabled()).isFalse();
            assertThat(c.status().lastError()).contains("io.jobhook.poller", "'pageSize'", "was -5");
            c.deactivate();
        }
        assertThat(f.sim.requestCount("/OrchestratorJobs/JobHistory")).isZero();
    }

    @Test
    void enabledItPollsOnItsOwnThreadAndStopsOnDeactivate() throws InterruptedException {
        f.model().scheduleSampleJobs();
        f.runJobs(Duration.ofSeconds(1));

        JobHistoryPollerComponent c = component(Map.of("enabled", true, "intervalSeconds", 1, "startAt", "2000-01-01"));
        Instant deadline = Instant.now().plusSeconds(20);
        while (f.intake.delivered().size() < 4 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20); // waits for a condition, bounded
        }
        assertThat(f.intake.delivered()).hasSize(4);
        assertThat(c.status().enabled()).isTrue();

        c.deactivate();
        PollerStatus stopped = c.status();
        assertThat(stopped.nextPollAt()).isNull();
        assertThat(stopped.lastSuccessAt()).isNotNull();
        assertThat(stopped.accepted()).isEqualTo(4);
    }
}
