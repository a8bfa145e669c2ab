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
 * A handler whose component cannot be created: its constructor (the {@code @Activate} one) throws. Its
 * service is registered (DS delays the component until someone gets it), and getting it fails.
 * PID {@code io.jobhook.test.activatefails~<name>}.
 */
@Component(service = OrchestratorJobCompleteHandler.class, configurationPid = "io.jobhook.test.activatefails",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ActivateFailsHandler.Config.class, factory = true)
public final class ActivateFailsHandler implements OrchestratorJobCompleteHandler {

    /** The message of the exception the constructor throws. */
    public static final String MESSAGE = "ActivateFailsHandler refuses to start, on purpose";

    @ObjectClassDefinition(name = "Jobhook test: handler whose activation throws")
    @interface Config {
        @AttributeDefinition(description = "Job-type GUIDs")
        String[] jobTypes();
    }

    @Activate
    public ActivateFailsHandler(Config config) {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        throw new AssertionError("never created, never run");
    }
}
