package io.jobhook.test.faulty;

import java.util.concurrent.CountDownLatch;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * A handler that leaks a thread and then blocks forever, deaf to interrupts: each call starts a thread
 * named {@code jobhook-test-leaked-<eventId>} that nobody stops, and never returns. Both end only when the
 * component is deactivated (so a test framework can stop). PID {@code io.jobhook.test.stuck~<name>}.
 */
@Component(service = OrchestratorJobCompleteHandler.class, configurationPid = "io.jobhook.test.stuck",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = StuckHandler.Config.class, factory = true)
public final class StuckHandler implements OrchestratorJobCompleteHandler {

    /** The name prefix of the threads it leaks. */
    public static final String LEAKED_THREAD = "jobhook-test-leaked-";

    @ObjectClassDefinition(name = "Jobhook test: handler that leaks a thread and blocks forever")
    @interface Config {
        @AttributeDefinition(description = "Job-type GUIDs")
        String[] jobTypes();
    }

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Activate
    public StuckHandler(Config config) {
        // nothing to set up
    }

    @Override
    public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        Thread leaked = new Thread(this::blockUntilStopped, LEAKED_THREAD + context.eventId());
        leaked.setDaemon(true);
        leaked.start();
        blockUntilStopped();
        return true;
    }

    /** Waits for deactivation, swallowing every interrupt. */
    private void blockUntilStopped() {
        while (true) {
            try {
                stopped.await();
                return;
            } catch (InterruptedException deaf) {
                // ignored on purpose: this handler cannot be stopped by its caller
            }
        }
    }

    @Deactivate
    void stop() {
        stopped.countDown();
    }
}
