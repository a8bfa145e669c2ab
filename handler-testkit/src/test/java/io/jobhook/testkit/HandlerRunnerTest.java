package io.jobhook.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.Dispatch;
import io.jobhook.api.Handles;
import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.DeliveryState;

class HandlerRunnerTest {

    /** Hangs, deaf to nothing: the runtime's deadline interrupts it. */
    @Handles(storeTypes = "WinCert")
    @Dispatch(timeout = 200, maxAttempts = 1)
    public static final class Hanging implements OrchestratorJobCompleteHandler {
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return true;
        }
    }

    /** Throws on its first attempt, succeeds on the next. */
    @Handles(jobTypes = "49b3a17d-cada-4ec8-84c6-7719bf5beef3")
    public static final class ThrowsOnce implements OrchestratorJobCompleteHandler {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("Command was busy");
            }
            return context.deliveryAttempt() == 2;
        }
    }

    @ObjectClassDefinition
    @interface AuditConfig {
        String[] storeTypes();

        String favoriteAnimal() default "Unspecified";

        int minRetryCount() default 0;
    }

    /** A DS component as authors write them: configuration by constructor, the Command client from the context. */
    public static final class Audit implements OrchestratorJobCompleteHandler {
        private static final Logger LOG = LoggerFactory.getLogger(Audit.class);
        final AuditConfig config;
        final String pid;

        public Audit(AuditConfig config, Map<String, Object> properties) {
            if (config.minRetryCount() < 0) {
                throw new IllegalArgumentException("minRetryCount must not be negative");
            }
            this.config = config;
            this.pid = (String) properties.get("service.pid");
        }

        @Override
        public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
            LOG.trace("{} likes the {} and looks at job {}", pid, config.favoriteAnimal(), context.jobId());
            return !context.client().jobHistory(io.jobhook.api.command.PagedQuery.where(
                    io.jobhook.api.command.Query.field("JobId").eq(context.jobId()))).isEmpty()
                    || context.jobResult() != null;
        }
    }

    @Test
    void aHangingHandlerIsReportedAsTimedOutAtItsDeadlineAndInterrupted() throws Exception {
        Hanging hanging = new Hanging();
        try (HandlerRunner runner = HandlerRunner.of(hanging, Map.of())) {
            DeliveryReport report = runner.deliver(SampleCompletions.reenrollment());
            assertThat(report.state()).isEqualTo(DeliveryState.FAILED);
            assertThat(report.attempts()).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo(AttemptOutcome.TIMEOUT);
                assertThat(a.duration()).isEqualTo(Duration.ofMillis(200));
                assertThat(a.retryAfter()).as("no attempt after the last").isNull();
            });
            assertThat(hanging.interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("interrupted").isTrue();
        }
    }

    @Test
    void aThrowingThenSucceedingHandlerIsReportedWithTwoAttemptsAndTheBackoffBetween() {
        ThrowsOnce handler = new ThrowsOnce();
        try (HandlerRunner runner = HandlerRunner.of(handler, Map.of("dispatch.backoffInitial", 250))) {
            DeliveryReport report = runner.deliver(SampleCompletions.inventory());
            assertThat(report.delivered()).isTrue();
            assertThat(report.outcomes()).containsExactly(AttemptOutcome.EXCEPTION, AttemptOutcome.SUCCESS);
            assertThat(report.attempts().get(0).thrown()).hasMessage("Command was busy");
            assertThat(report.attempts().get(0).retryAfter()).isEqualTo(Duration.ofMillis(250));
            assertThat(report.attempts()).extracting(AttemptReport::number).containsExactly(1, 2);
        }
    }

    @Test
    void falseIsRetriedUpToMaxAttemptsAndThenADeadLetter() {
        try (HandlerRunner runner = HandlerRunner.of(c -> false,
                Map.of("jobTypes", SampleCompletions.WINCERT_MANAGEMENT.toString(), "dispatch.maxAttempts", "3"))) {
            DeliveryReport report = runner.deliver(SampleCompletions.managementAdd());
            assertThat(report.state()).isEqualTo(DeliveryState.FAILED);
            assertThat(report.outcomes()).containsExactly(AttemptOutcome.RETURNED_FALSE, AttemptOutcome.RETURNED_FALSE,
                    AttemptOutcome.RETURNED_FALSE);
            assertThat(report.attempts()).extracting(AttemptReport::retryAfter)
                    .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), null);
        }
    }

    @Test
    void aComponentIsBuiltFromItsClassAndConfigurationAsDsBuildsItAndGivenTheRealClient() {
        try (HandlerRunner runner = HandlerRunner.of(Audit.class,
                Map.of("storeTypes", "WinCert", "favoriteAnimal", "Otter"));
                LogCapture log = LogCapture.of(Audit.class)) {
            assertThat(runner.jobTypes()).as("WinCert's job types, as the simulated Command names them").contains(
                    SampleCompletions.WINCERT_INVENTORY, SampleCompletions.WINCERT_MANAGEMENT,
                    SampleCompletions.WINCERT_REENROLLMENT);
            DeliveryReport report = runner.deliver(SampleCompletions.inventory());

            assertThat(report.delivered()).isTrue();
            assertThat(log.events()).singleElement().satisfies(e -> {
                assertThat(e.level()).isEqualTo("TRACE");
                assertThat(e.message()).isEqualTo(Audit.class.getName() + "~test likes the Otter and looks at job "
                        + SampleCompletions.INVENTORY_JOB);
                assertThat(e.mdc()).containsEntry("eventId", report.eventId().toString())
                        .containsEntry("jobId", SampleCompletions.INVENTORY_JOB.toString());
            });
            assertThat(runner.command().requests()).anySatisfy(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.path()).endsWith("/OrchestratorJobs/JobHistory");
            });
        }
    }

    @Test
    void aCompletionTheRuntimeWouldNotRouteToTheHandlerIsRefused() {
        try (HandlerRunner runner = HandlerRunner.of(new ThrowsOnce(), Map.of())) {
            assertThatThrownBy(() -> runner.deliver(SampleCompletions.reenrollment()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("e868b3f8-9b6a-48b1-91c8-683d71d94f61 (WinCertReenrollment)")
                    .hasMessageContaining("is not among its job types [49b3a17d-cada-4ec8-84c6-7719bf5beef3]");
        }
    }

    @Test
    void aConfigurationTheComponentRefusesOrCannotBeBuiltFromIsToldPlainly() {
        assertThatThrownBy(() -> HandlerRunner.of(Audit.class, Map.of("storeTypes", "WinCert", "minRetryCount", -1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused its configuration: minRetryCount must not be negative");
        assertThatThrownBy(() -> HandlerRunner.of(Audit.class, Map.of("storeTypes", "WinCert", "dispatch.timeout", "soon")))
                .hasMessage("service property 'dispatch.timeout' is not a number: 'soon'");
        try (HandlerRunner runner = HandlerRunner.of(c -> true, Map.of("storeTypes", "NoSuchType"))) {
            assertThatThrownBy(runner::jobTypes).hasMessageContaining("no store type named 'NoSuchType'");
        }
    }

    @Test
    void logCaptureRestoresTheLoggerWhenClosed() {
        Logger logger = LoggerFactory.getLogger("io.jobhook.testkit.sample");
        try (LogCapture log = LogCapture.of("io.jobhook.testkit")) {
            logger.trace("one {}", 1);
            logger.warn("two", new IllegalStateException("boom"));
            assertThat(log.lines()).containsExactly("TRACE one 1", "WARN two | boom");
            assertThat(log.messages("warn")).containsExactly("two");
        }
        assertThat(logger.isTraceEnabled()).isFalse();
    }
}
