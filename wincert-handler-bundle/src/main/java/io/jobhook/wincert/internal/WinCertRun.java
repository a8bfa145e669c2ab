package io.jobhook.wincert.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.jobhook.api.JobKind;
import io.jobhook.api.JobResult;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.CommandRequest;
import io.jobhook.api.command.CommandResponse;
import io.jobhook.api.command.CustomJobRequest;
import io.jobhook.api.command.Query;
import io.jobhook.api.command.Schedule;
import io.jobhook.api.command.ScheduledCustomJob;

/**
 * The flow of Keyfactor's sample handler, with its trace messages, for one completed job; and what a
 * good handler adds: filters on result and retry count, a follow-up custom job, and an honest
 * {@code false} with one WARN line when Command answers an error.
 */
final class WinCertRun {

    private static final Logger LOG = LoggerFactory.getLogger(WinCertRun.class);

    private final WinCertSettings settings;
    private final StoreTypeKinds kinds;

    WinCertRun(WinCertSettings settings, StoreTypeKinds kinds) {
        this.settings = settings;
        this.kinds = kinds;
    }

    boolean execute(OrchestratorJobCompleteHandlerContext context) {
        // The runtime sets the MDC; a handler called some other way (a test, a tool) sets its own.
        boolean ownMdc = MDC.get("eventId") == null;
        if (ownMdc) {
            MDC.put("eventId", context.eventId().toString());
        }
        try {
            String orchestrator = "[" + context.agentId() + "/" + context.clientMachine() + "]";
            LOG.trace("Entering Job Completion Handler for orchestrator {} and JobType '{}'", orchestrator,
                    context.jobType());
            LOG.trace("This handler's favorite animal is: {}", settings.favoriteAnimal());
            if (LOG.isTraceEnabled()) {
                LOG.trace("The context passed is: \n{}", describe(context));
            }
            boolean status = run(context);
            LOG.trace("Exiting Job Completion Handler for orchestrator {} and JobType '{}' with status: {}",
                    orchestrator, context.jobType(), status ? "True" : "False");
            return status;
        } finally {
            if (ownMdc) {
                MDC.remove("eventId");
            }
        }
    }

    private boolean run(OrchestratorJobCompleteHandlerContext context) {
        if (!settings.accepts(context.jobResult(), context.currentRetryCount())) {
            LOG.trace("Nothing to do: result {} with retry count {} is outside onlyResults {} / minRetryCount {}",
                    context.jobResult(), context.currentRetryCount(), settings.onlyResults(), settings.minRetryCount());
            return true;
        }
        String call = "reading the job's store type";
        try {
            Optional<JobKind> kind = kindOf(context);
            if (kind.isEmpty()) {
                LOG.trace("Job type '{}' ({}) is not one this handler processes; nothing to do", context.jobType(),
                        context.jobTypeId());
                return true;
            }
            switch (kind.get()) {
                case INVENTORY -> {
                    call = "querying job history";
                    inventory(context);
                }
                case MANAGEMENT -> {
                    call = "scheduling the follow-up custom job '" + settings.followUpCustomJob() + "'";
                    management(context);
                }
                case REENROLLMENT -> reenrollment(context);
                default -> LOG.trace("No handler logic for {} jobs; nothing to do", kind.get().suffix());
            }
            return true;
        } catch (CommandApiException e) {
            // One line, no stack trace: the message names the call and Command's answer, never a secret.
            LOG.warn("WinCert handler {}: {} job {} failed while {}: {}", settings.pid(), context.jobType(),
                    context.jobId(), call, e.getMessage());
            return false;
        }
    }

    /** From the store types' job-type GUIDs when Command tells them, else from the job type's name. */
    private Optional<JobKind> kindOf(OrchestratorJobCompleteHandlerContext context) {
        Set<String> storeTypes = new LinkedHashSet<>(settings.storeTypes());
        JobKind.capabilityOf(context.jobType()).ifPresent(storeTypes::add);
        if (context.hasClient()) {
            Optional<JobKind> byGuid = kinds.kindOf(context.client(), storeTypes, context.jobTypeId());
            if (byGuid.isPresent()) {
                return byGuid;
            }
        }
        return JobKind.ofJobTypeName(context.jobType());
    }

    private void inventory(OrchestratorJobCompleteHandlerContext context) {
        LOG.trace("Dispatching job completion handler for an Inventory job {}", context.jobId());
        LOG.trace("Executing the Inventory handler");
        LOG.trace("Custom logic for Inventory completion handler here");
        Query query = Query.field("JobID").eq(context.jobId());
        LOG.trace("Querying Command API with: OrchestratorJobs/JobHistory?pq.queryString={}", query.percentEncoded());
        // The raw request keeps Command's JSON as it came, for the trace, as the sample prints it.
        CommandApi client = context.client();
        CommandResponse answer = client.send(
                CommandRequest.get("/OrchestratorJobs/JobHistory").withQueryParameter("pq.queryString", query.render()));
        LOG.trace("Results of JobHistory API: {}", answer.body());
    }

    private void management(OrchestratorJobCompleteHandlerContext context) {
        LOG.trace("Dispatching job completion handler for a Management job {}", context.jobId());
        LOG.trace("Executing the Management handler");
        LOG.trace("Custom logic for Management completion handler here");
        OperationType operation = context.operationType();
        switch (operation) {
            case ADD -> LOG.trace("Management job process for an Add operation");
            case REMOVE -> LOG.trace("Management job process for a Remove operation");
            default -> LOG.trace("Management job process for an operation of type {}", operation);
        }
        if (settings.followUpCustomJob() != null && operation == OperationType.ADD
                && context.jobResult() == JobResult.SUCCESS) {
            ScheduledCustomJob job = context.client().scheduleCustomJob(new CustomJobRequest(context.agentId(),
                    settings.followUpCustomJob(), Schedule.immediate(), new LinkedHashMap<String, Object>(settings.followUpFields())));
            LOG.info("Scheduled custom job '{}' as job {} on orchestrator {} after the Add of certificate {} by job {}",
                    settings.followUpCustomJob(), job.jobId(), context.agentId(), context.certificateId(),
                    context.jobId());
        }
    }

    private void reenrollment(OrchestratorJobCompleteHandlerContext context) {
        LOG.trace("Dispatching job completion handler for the re-enrollment job {}", context.jobId());
        LOG.trace("Executing the Reenrollment handler");
        LOG.trace("Custom logic for Reenrollment completion handler here");
    }

    /** The sample's listing: one {@code Field : value,} line per field, the client as its base URL last. */
    static String describe(OrchestratorJobCompleteHandlerContext c) {
        return "[\n"
                + "AgentId : " + c.agentId() + ",\n"
                + "Username : " + c.username() + ",\n"
                + "ClientMachine : " + c.clientMachine() + ",\n"
                + "JobResult : " + c.jobResult() + ",\n"
                + "JobId : " + c.jobId() + ",\n"
                + "JobType : " + c.jobType() + ",\n"
                + "JobTypeId : " + c.jobTypeId() + ",\n"
                + "OperationType : " + c.operationType() + ",\n"
                + "CertificateId : " + c.certificateId() + ",\n"
                + "RequestTimestamp : " + c.requestTimestamp() + ",\n"
                + "CurrentRetryCount : " + c.currentRetryCount() + ",\n"
                + "EventId : " + c.eventId() + ",\n"
                + "DeliveryAttempt : " + c.deliveryAttempt() + ",\n"
                + "Source : " + c.source() + ",\n"
                + "Client : " + (c.hasClient() ? c.client().baseUri() : null) + "\n"
                + "]";
    }
}
