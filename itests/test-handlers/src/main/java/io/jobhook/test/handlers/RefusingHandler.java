package io.jobhook.test.handlers;

import org.osgi.service.component.annotations.Component;

import io.jobhook.api.Dispatch;
import io.jobhook.api.Handles;
import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * Refuses every completion of its one job type, with one attempt each: its registration and dispatch settings
 * come only from the component property types {@link Handles} and {@link Dispatch}, no configuration, so a test
 * sees what bnd and DS make of them reach the dispatcher (without {@code maxAttempts = 1} a refusal would be
 * retried).
 */
@Component(name = RefusingHandler.IDENTITY, service = OrchestratorJobCompleteHandler.class)
@Handles(jobTypes = RefusingHandler.JOB_TYPE)
@Dispatch(maxAttempts = 1, timeout = 5_000)
public final class RefusingHandler implements OrchestratorJobCompleteHandler {

    /** Its identity: the component's name. */
    public static final String IDENTITY = "io.jobhook.test.refusing";
    /** The job type it handles. */
    public static final String JOB_TYPE = "3f0d8a3e-0000-4000-8000-0000000000a1";

    @Override
    public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        return false;
    }
}
