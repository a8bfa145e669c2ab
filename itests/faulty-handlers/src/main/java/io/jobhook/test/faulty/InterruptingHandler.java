package io.jobhook.test.faulty;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * A handler that does its work and answers {@code true}, but leaves its thread's interrupt flag set, as code
 * that catches an {@code InterruptedException} and re-asserts it does. PID {@code io.jobhook.test.interrupting~<name>}.
 */
@Component(service = OrchestratorJobCompleteHandler.class, configurationPid = "io.jobhook.test.interrupting",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = InterruptingHandler.Config.class, factory = true)
public final class InterruptingHandler implements OrchestratorJobCompleteHandler {

    @ObjectClassDefinition(name = "Jobhook test: handler that returns with its thread interrupted")
    @interface Config {
        @AttributeDefinition(description = "Job-type GUIDs")
        String[] jobTypes();
    }

    @Activate
    public InterruptingHandler(Config config) {
        // nothing to set up
    }

    @Override
    public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        Thread.currentThread().interrupt();
        return true;
    }
}
