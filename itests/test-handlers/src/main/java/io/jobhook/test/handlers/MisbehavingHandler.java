package io.jobhook.test.handlers;

import java.util.Locale;
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
 * A handler that misbehaves as configured: {@code throw}s, returns {@code false}, {@code hang}s (blocks
 * until interrupted or stopped) or {@code spin}s (burns a core, deaf to interrupts, until stopped) — or,
 * once fixed by a configuration change, behaves ({@code true}). PID {@code io.jobhook.test.misbehaving~<name>}.
 */
@Component(service = OrchestratorJobCompleteHandler.class, configurationPid = "io.jobhook.test.misbehaving",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MisbehavingHandler.Config.class, factory = true)
public final class MisbehavingHandler implements OrchestratorJobCompleteHandler {

    /** How to misbehave. */
    enum Behaviour { THROW, FALSE, HANG, SPIN, TRUE }

    @ObjectClassDefinition(name = "Jobhook test: misbehaving handler")
    @interface Config {
        @AttributeDefinition(description = "Job-type GUIDs")
        String[] jobTypes();

        @AttributeDefinition(description = "throw, false, hang, spin, or true (fixed)")
        String behaviour();
    }

    private final Behaviour behaviour;
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Activate
    public MisbehavingHandler(Config config) {
        this.behaviour = Behaviour.valueOf(config.behaviour().trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        switch (behaviour) {
            case THROW -> throw new IllegalStateException("misbehaving on purpose: event " + context.eventId());
            case FALSE -> {
                return false;
            }
            case TRUE -> {
                return true;
            }
            case HANG -> {
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }
            case SPIN -> {
                long x = 0;
                while (stopped.getCount() > 0) { // deaf to interrupts on purpose
                    x++;
                }
                return x >= 0;
            }
            default -> throw new AssertionError(behaviour);
        }
    }

    @Deactivate
    void stop() {
        stopped.countDown();
    }
}
