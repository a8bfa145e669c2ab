package io.jobhook.test.unresolvable;

import org.osgi.service.component.annotations.Component;

import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/** Would handle every completion of its job type, if its bundle ever resolved. */
@Component(service = OrchestratorJobCompleteHandler.class, property = {
        "jobTypes=3f0d8a3e-0000-4000-8000-0000000000e0", "jobhook.handler.id=io.jobhook.test.unresolvable"})
public final class UnresolvableHandler implements OrchestratorJobCompleteHandler {

    @Override
    public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        return true;
    }
}
