package ${package};

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.JobKind;
import io.jobhook.api.OperationType;
import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.JobHistoryEntry;
import io.jobhook.api.command.PagedQuery;
import io.jobhook.api.command.Query;

/**
 * The ${artifactId} job completion handler: one instance per factory configuration, file
 * {@code etc/${package}-<name>.cfg}, PID {@code ${package}~<name>}; none without one. The runtime gives it
 * every completed job of its {@code jobTypes} and {@code storeTypes}; it traces each as Keyfactor's sample
 * handler does and dispatches on the kind of job. Your logic goes where each kind's method says so.
 *
 * <p>The runtime may call it on several threads at once (keep it stateless, or thread-safe), interrupts a call
 * that outlives its deadline, and retries a {@code false} or an exception.
 */
@Component(service = OrchestratorJobCompleteHandler.class, configurationPid = Handler.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HandlerConfig.class, factory = true)
public final class Handler implements OrchestratorJobCompleteHandler {

    /** The factory PID. Operators' configuration files are named after it: keep it when the class is renamed. */
    static final String PID = "${package}";

    private static final Logger LOG = LoggerFactory.getLogger(Handler.class);

    private final String pid;
    private final String favoriteAnimal;

    /**
     * Built by Declarative Services for each configuration. A configuration that cannot work is refused with
     * one ERROR line, and no handler is registered for it.
     */
    @Activate
    public Handler(HandlerConfig config, Map<String, Object> properties) {
        this.pid = String.valueOf(properties.getOrDefault("service.pid", PID));
        if (config.jobTypes().length == 0 && config.storeTypes().length == 0) {
            String refused = "Refusing configuration " + pid
                    + ": neither 'jobTypes' nor 'storeTypes' is set; set at least one";
            LOG.error(refused);
            throw new IllegalArgumentException(refused);
        }
        this.favoriteAnimal = config.favoriteAnimal();
    }

    @Override
    public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        String orchestrator = "[" + context.agentId() + "/" + context.clientMachine() + "]";
        LOG.trace("Entering Job Completion Handler for orchestrator {} and JobType '{}'", orchestrator,
                context.jobType());
        LOG.trace("This handler's favorite animal is: {}", favoriteAnimal);
        LOG.trace("The context passed is: {}", context);
        boolean status = dispatch(context);
        LOG.trace("Exiting Job Completion Handler for orchestrator {} and JobType '{}' with status: {}", orchestrator,
                context.jobType(), status ? "True" : "False");
        return status;
    }

    /** @return {@code true} when the job is handled, or none of this handler's business; {@code false} to be retried */
    private boolean dispatch(OrchestratorJobCompleteHandlerContext context) {
        Optional<JobKind> kind = JobKind.ofJobTypeName(context.jobType());
        if (kind.isEmpty()) {
            LOG.trace("Job type '{}' is no store job (a custom job); nothing to do", context.jobType());
            return true;
        }
        try {
            switch (kind.get()) {
                case INVENTORY -> inventory(context);
                case MANAGEMENT -> management(context);
                case REENROLLMENT -> reenrollment(context);
                case DISCOVERY -> discovery(context);
            }
            return true;
        } catch (CommandApiException e) {
            // One line, no stack trace: the runtime retries the delivery, and its message never holds a secret.
            LOG.warn("Handler {}: {} job {} failed: {}", pid, context.jobType(), context.jobId(), e.getMessage());
            return false;
        }
    }

    private void inventory(OrchestratorJobCompleteHandlerContext context) {
        LOG.trace("Dispatching job completion handler for an Inventory job {}", context.jobId());
        LOG.trace("Executing the Inventory handler");
        LOG.trace("Custom logic for Inventory completion handler here");
        // >>> Your logic for a completed inventory. The Command API client comes with the context, already
        // authenticated; this call reads the job's runs, as the sample does.
        CommandApi command = context.client();
        List<JobHistoryEntry> runs = command.jobHistory(PagedQuery.where(Query.field("JobID").eq(context.jobId())));
        LOG.trace("Results of JobHistory API: {} run(s) of job {}", runs.size(), context.jobId());
        // <<<
    }

    private void management(OrchestratorJobCompleteHandlerContext context) {
        LOG.trace("Dispatching job completion handler for a Management job {}", context.jobId());
        LOG.trace("Executing the Management handler");
        LOG.trace("Custom logic for Management completion handler here");
        // >>> Your logic for a completed management job, per operation.
        OperationType operation = context.operationType();
        switch (operation) {
            case ADD -> LOG.trace("Management job process for an Add operation");
            case REMOVE -> LOG.trace("Management job process for a Remove operation");
            default -> LOG.trace("Management job process for an operation of type {}", operation);
        }
        // <<<
    }

    private void reenrollment(OrchestratorJobCompleteHandlerContext context) {
        LOG.trace("Dispatching job completion handler for the re-enrollment job {}", context.jobId());
        LOG.trace("Executing the Reenrollment handler");
        LOG.trace("Custom logic for Reenrollment completion handler here");
        // >>> Your logic for a completed re-enrollment.
        // <<<
    }

    private void discovery(OrchestratorJobCompleteHandlerContext context) {
        LOG.trace("Dispatching job completion handler for a Discovery job {}", context.jobId());
        LOG.trace("Executing the Discovery handler");
        LOG.trace("Custom logic for Discovery completion handler here");
        // >>> Your logic for a completed discovery.
        // <<<
    }
}
