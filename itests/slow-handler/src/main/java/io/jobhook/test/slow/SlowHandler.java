package io.jobhook.test.slow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * Works {@code delayMillis} on each delivery, then appends {@code <eventId> <deliveryAttempt> <jobId>
 * <bundle version>} to {@code file} (the recording handler's format) and answers {@code true}. Interrupted
 * while working, it gives up and answers {@code false}: the work was not done, so it must come again.
 * PID {@code io.jobhook.test.slow~<name>}.
 */
@Component(service = OrchestratorJobCompleteHandler.class, configurationPid = "io.jobhook.test.slow",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SlowHandler.Config.class, factory = true)
public final class SlowHandler implements OrchestratorJobCompleteHandler {

    @ObjectClassDefinition(name = "Jobhook test: slow recording handler")
    @interface Config {
        @AttributeDefinition(description = "Job-type GUIDs")
        String[] jobTypes();

        @AttributeDefinition(description = "The file each delivery is appended to")
        String file();

        @AttributeDefinition(description = "How long each delivery takes, in milliseconds")
        long delayMillis() default 200;
    }

    private final Path file;
    private final long delayMillis;
    private final String version;

    @Activate
    public SlowHandler(Config config, BundleContext context) {
        this.file = Path.of(config.file());
        this.delayMillis = config.delayMillis();
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        String line = context.eventId() + " " + context.deliveryAttempt() + " " + context.jobId() + " " + version + "\n";
        synchronized (this) {
            try {
                Files.write(file, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return true;
    }
}
