package io.jobhook.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

import io.jobhook.api.command.CommandApi;

/**
 * One completed orchestrator job, as passed to {@link OrchestratorJobCompleteHandler#runHandler}:
 * Keyfactor Command's {@code OrchestratorJobCompleteHandlerContext}, immutable.
 *
 * <p>Keyfactor's fields keep their names in Java spelling ({@code AgentId} is {@link #agentId()}),
 * their meaning, and their order in {@link #toString()}. Jobhook adds {@link #eventId()},
 * {@link #deliveryAttempt()} and {@link #source()}, and its {@link #client()} is a typed Command API
 * client where Keyfactor passes an {@code HttpClient}.
 *
 * <p>The runtime builds contexts; handler authors build them in their unit tests:
 * <pre>{@code
 * OrchestratorJobCompleteHandlerContext context = OrchestratorJobCompleteHandlerContext.builder()
 *         .agentId(UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281"))
 *         .clientMachine("orchestrator.kftrain.lab")
 *         .jobId(UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a"))
 *         .jobType("WinCertInventory")
 *         .jobTypeId(UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3"))
 *         .jobResult(JobResult.SUCCESS)
 *         .client(mockCommandApi)
 *         .build();
 * }</pre>
 */
@ProviderType
public final class OrchestratorJobCompleteHandlerContext {

    private final UUID agentId;
    private final String username;
    private final String clientMachine;
    private final JobResult jobResult;
    private final UUID jobId;
    private final String jobType;
    private final UUID jobTypeId;
    private final OperationType operationType;
    private final Integer certificateId;
    private final Instant requestTimestamp;
    private final int currentRetryCount;
    private final UUID eventId;
    private final int deliveryAttempt;
    private final CompletionSource source;
    private final CommandApi client;

    private OrchestratorJobCompleteHandlerContext(Builder b) {
        this.agentId = b.agentId;
        this.username = b.username;
        this.clientMachine = b.clientMachine;
        this.jobResult = b.jobResult;
        this.jobId = b.jobId;
        this.jobType = b.jobType;
        this.jobTypeId = b.jobTypeId;
        this.operationType = b.operationType;
        this.certificateId = b.certificateId;
        this.requestTimestamp = b.requestTimestamp;
        this.currentRetryCount = b.currentRetryCount;
        this.eventId = b.eventId != null ? b.eventId : UUID.randomUUID();
        this.deliveryAttempt = b.deliveryAttempt;
        this.source = b.source;
        this.client = b.client;
    }

    /** @return a builder for a new context */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this context's values, to derive another context from it */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.agentId = agentId;
        b.username = username;
        b.clientMachine = clientMachine;
        b.jobResult = jobResult;
        b.jobId = jobId;
        b.jobType = jobType;
        b.jobTypeId = jobTypeId;
        b.operationType = operationType;
        b.certificateId = certificateId;
        b.requestTimestamp = requestTimestamp;
        b.currentRetryCount = currentRetryCount;
        b.eventId = eventId;
        b.deliveryAttempt = deliveryAttempt;
        b.source = source;
        b.client = client;
        return b;
    }

    /**
     * {@code AgentId}: the orchestrator (agent) that ran the job. {@link Guids#NIL} when not known (a
     * completion read from job history whose orchestrator Command no longer lists).
     */
    public UUID agentId() {
        return agentId;
    }

    /**
     * {@code Username}: the identity the orchestrator authenticated with, e.g.
     * {@code KFTRAIN\SVC_Orchestrator} (shown as "Identity" in Command's orchestrator management);
     * may be null when not known.
     */
    public String username() {
        return username;
    }

    /**
     * {@code ClientMachine}: the orchestrator's registered name, usually its FQDN, e.g.
     * {@code orchestrator.kftrain.lab}. Not the store's target host. May be null when not known.
     */
    public String clientMachine() {
        return clientMachine;
    }

    /** {@code JobResult}: what the orchestrator reported (success, warning, failure...). */
    public JobResult jobResult() {
        return jobResult;
    }

    /**
     * {@code JobId}: the job. The same for every run of a recurring job (inventory), new for a one-off
     * job (management, reenrollment). Not job history's integer {@code JobHistoryId}.
     */
    public UUID jobId() {
        return jobId;
    }

    /**
     * {@code JobType}: the job type's name: a store type's capability and kind for store jobs
     * ({@code WinCertInventory}, {@code WinCertManagement}, {@code WinCertReenrollment}), the custom job
     * type's name for custom jobs. See {@link JobKind#ofJobTypeName(String)}.
     */
    public String jobType() {
        return jobType;
    }

    /**
     * {@code JobTypeId}: the job type's GUID, the value matched against a handler's
     * {@link HandlerProperties#JOB_TYPES jobTypes}. Generated by each Command instance for store types.
     */
    public UUID jobTypeId() {
        return jobTypeId;
    }

    /**
     * {@code OperationType}: what a store job did: {@link OperationType#ADD} or
     * {@link OperationType#REMOVE} for management jobs, {@link OperationType#UNKNOWN} for inventory
     * and for completions read from job history (which does not record it).
     */
    public OperationType operationType() {
        return operationType;
    }

    /**
     * {@code CertificateId}: Command's id of the certificate a management or reenrollment job added,
     * removed or enrolled ({@code GET /Certificates/{id}}); null for inventory and when not known.
     */
    public Integer certificateId() {
        return certificateId;
    }

    /** {@code RequestTimestamp}: when the job was requested or scheduled; null when not known. */
    public Instant requestTimestamp() {
        return requestTimestamp;
    }

    /**
     * {@code CurrentRetryCount}: 0 on a job's first run, then 1, 2... on each automatic retry by the
     * platform after a failure. Not Jobhook's own redelivery count: see {@link #deliveryAttempt()}.
     */
    public int currentRetryCount() {
        return currentRetryCount;
    }

    /**
     * Jobhook: the id under which the completion was journaled; the same for every handler and every
     * delivery attempt of one completion, and printed as the correlation id of each log line.
     */
    public UUID eventId() {
        return eventId;
    }

    /**
     * Jobhook: which attempt at delivering this completion to this handler this is, from 1. Greater than
     * 1 after a failed attempt or after a crash ("at least once"): a handler whose work is not
     * idempotent checks it.
     */
    public int deliveryAttempt() {
        return deliveryAttempt;
    }

    /** Jobhook: how the completion arrived (pushed, polled from job history, or fired by hand). */
    public CompletionSource source() {
        return source;
    }

    /** @return whether a Command API client is attached; always so in a context the runtime delivers */
    public boolean hasClient() {
        return client != null;
    }

    /**
     * {@code Client}: the Command API, authenticated and ready. Keyfactor passes an {@code HttpClient};
     * Jobhook passes a typed client with paging, retries and clear errors, and a raw request for any
     * other endpoint. Handlers use this one rather than holding a reference of their own, so the
     * runtime decides which Command instance they talk to.
     *
     * @throws IllegalStateException if the context was built without one (in a unit test); the runtime
     *         attaches one to every delivery
     */
    public CommandApi client() {
        if (client == null) {
            throw new IllegalStateException("No Command API client is attached to the context of event "
                    + eventId + "; the runtime attaches one to every delivery, a test sets one with builder().client(...)");
        }
        return client;
    }

    /**
     * Equal when every field but the client is equal: the client is a service, not part of the
     * completion.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OrchestratorJobCompleteHandlerContext)) {
            return false;
        }
        OrchestratorJobCompleteHandlerContext that = (OrchestratorJobCompleteHandlerContext) o;
        return currentRetryCount == that.currentRetryCount
                && deliveryAttempt == that.deliveryAttempt
                && agentId.equals(that.agentId)
                && Objects.equals(username, that.username)
                && Objects.equals(clientMachine, that.clientMachine)
                && jobResult == that.jobResult
                && jobId.equals(that.jobId)
                && jobType.equals(that.jobType)
                && jobTypeId.equals(that.jobTypeId)
                && operationType == that.operationType
                && Objects.equals(certificateId, that.certificateId)
                && Objects.equals(requestTimestamp, that.requestTimestamp)
                && eventId.equals(that.eventId)
                && source == that.source;
    }

    @Override
    public int hashCode() {
        return Objects.hash(agentId, username, clientMachine, jobResult, jobId, jobType, jobTypeId, operationType,
                certificateId, requestTimestamp, currentRetryCount, eventId, deliveryAttempt, source);
    }

    /**
     * @return Keyfactor's fields in Keyfactor's order and spelling, then Jobhook's, on one line; the
     *         client as its base URL
     */
    @Override
    public String toString() {
        return "[AgentId : " + agentId
                + ", Username : " + username
                + ", ClientMachine : " + clientMachine
                + ", JobResult : " + jobResult
                + ", JobId : " + jobId
                + ", JobType : " + jobType
                + ", JobTypeId : " + jobTypeId
                + ", OperationType : " + operationType
                + ", CertificateId : " + certificateId
                + ", RequestTimestamp : " + requestTimestamp
                + ", CurrentRetryCount : " + currentRetryCount
                + ", Client : " + (client == null ? null : client.baseUri())
                + ", EventId : " + eventId
                + ", DeliveryAttempt : " + deliveryAttempt
                + ", Source : " + source
                + "]";
    }

    /**
     * Builds a context. Required: {@code agentId}, {@code jobId}, {@code jobType}, {@code jobTypeId}
     * and {@code jobResult} (the fields a pushed completion must carry). Defaults:
     * {@code operationType} {@link OperationType#UNKNOWN}, {@code currentRetryCount} 0, a random
     * {@code eventId}, {@code deliveryAttempt} 1, {@code source} {@link CompletionSource#MANUAL}, no
     * client. Not thread-safe.
     */
    public static final class Builder {
        private UUID agentId;
        private String username;
        private String clientMachine;
        private JobResult jobResult;
        private UUID jobId;
        private String jobType;
        private UUID jobTypeId;
        private OperationType operationType = OperationType.UNKNOWN;
        private Integer certificateId;
        private Instant requestTimestamp;
        private int currentRetryCount;
        private UUID eventId;
        private int deliveryAttempt = 1;
        private CompletionSource source = CompletionSource.MANUAL;
        private CommandApi client;

        private Builder() {
        }

        /** @param agentId required; {@link Guids#NIL} when the orchestrator is not known */
        public Builder agentId(UUID agentId) {
            this.agentId = agentId;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder clientMachine(String clientMachine) {
            this.clientMachine = clientMachine;
            return this;
        }

        /** @param jobResult required */
        public Builder jobResult(JobResult jobResult) {
            this.jobResult = jobResult;
            return this;
        }

        /** @param jobId required */
        public Builder jobId(UUID jobId) {
            this.jobId = jobId;
            return this;
        }

        /** @param jobType required, not blank */
        public Builder jobType(String jobType) {
            this.jobType = jobType;
            return this;
        }

        /** @param jobTypeId required */
        public Builder jobTypeId(UUID jobTypeId) {
            this.jobTypeId = jobTypeId;
            return this;
        }

        /** @param operationType null means {@link OperationType#UNKNOWN} */
        public Builder operationType(OperationType operationType) {
            this.operationType = operationType == null ? OperationType.UNKNOWN : operationType;
            return this;
        }

        public Builder certificateId(Integer certificateId) {
            this.certificateId = certificateId;
            return this;
        }

        public Builder requestTimestamp(Instant requestTimestamp) {
            this.requestTimestamp = requestTimestamp;
            return this;
        }

        /** @param currentRetryCount 0 or more */
        public Builder currentRetryCount(int currentRetryCount) {
            this.currentRetryCount = currentRetryCount;
            return this;
        }

        /** @param eventId null means a random one */
        public Builder eventId(UUID eventId) {
            this.eventId = eventId;
            return this;
        }

        /** @param deliveryAttempt 1 or more */
        public Builder deliveryAttempt(int deliveryAttempt) {
            this.deliveryAttempt = deliveryAttempt;
            return this;
        }

        /** @param source required; defaults to {@link CompletionSource#MANUAL} */
        public Builder source(CompletionSource source) {
            this.source = source;
            return this;
        }

        /** @param client the Command API handlers call through; null for none */
        public Builder client(CommandApi client) {
            this.client = client;
            return this;
        }

        /**
         * @return the context
         * @throws IllegalArgumentException naming every missing required field and every invalid value
         */
        public OrchestratorJobCompleteHandlerContext build() {
            List<String> missing = new ArrayList<>();
            if (agentId == null) {
                missing.add("agentId");
            }
            if (jobId == null) {
                missing.add("jobId");
            }
            if (jobType == null || jobType.isBlank()) {
                missing.add("jobType");
            }
            if (jobTypeId == null) {
                missing.add("jobTypeId");
            }
            if (jobResult == null) {
                missing.add("jobResult");
            }
            if (source == null) {
                missing.add("source");
            }
            List<String> problems = new ArrayList<>();
            if (!missing.isEmpty()) {
                problems.add("missing required " + String.join(", ", missing));
            }
            if (currentRetryCount < 0) {
                problems.add("currentRetryCount must be 0 or more, was " + currentRetryCount);
            }
            if (deliveryAttempt < 1) {
                problems.add("deliveryAttempt must be 1 or more, was " + deliveryAttempt);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(
                        "Invalid OrchestratorJobCompleteHandlerContext: " + String.join("; ", problems));
            }
            return new OrchestratorJobCompleteHandlerContext(this);
        }
    }
}
