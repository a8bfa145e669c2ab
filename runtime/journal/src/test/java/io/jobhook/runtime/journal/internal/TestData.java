package io.jobhook.runtime.journal.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import io.jobhook.api.CompletionSource;
import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/** Contexts and a clock for the journal's tests. */
final class TestData {

    static final UUID AGENT = UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281");
    static final UUID WINCERT_MANAGEMENT = UUID.fromString("4be14534-0d1c-4ad2-a5c6-9e4f2e9c8a11");

    private TestData() {
    }

    /** A management Add with every optional field set, a fresh event id. */
    static OrchestratorJobCompleteHandlerContext full() {
        return OrchestratorJobCompleteHandlerContext.builder()
                .agentId(AGENT)
                .username("KFTRAIN\\SVC_Orchestrator")
                .clientMachine("orchestrator.kftrain.lab")
                .jobResult(JobResult.WARNING)
                .jobId(UUID.randomUUID())
                .jobType("WinCertManagement")
                .jobTypeId(WINCERT_MANAGEMENT)
                .operationType(OperationType.CREATE_ADD)
                .certificateId(4711)
                .requestTimestamp(Instant.parse("2026-03-04T05:06:07.123456789Z"))
                .currentRetryCount(2)
                .eventId(UUID.randomUUID())
                .deliveryAttempt(3)
                .source(CompletionSource.PUSH)
                .build();
    }

    /** An inventory completion with only the required fields. */
    static OrchestratorJobCompleteHandlerContext minimal() {
        return OrchestratorJobCompleteHandlerContext.builder()
                .agentId(AGENT)
                .jobResult(JobResult.SUCCESS)
                .jobId(UUID.randomUUID())
                .jobType("WinCertInventory")
                .jobTypeId(UUID.randomUUID())
                .build();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
