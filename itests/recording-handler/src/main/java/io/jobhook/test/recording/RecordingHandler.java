package io.jobhook.test.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.osgi.framework.BundleContext;
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
 * Appends one line per delivery ({@code <eventId> <deliveryAttempt> <jobId> <bundle version> <epoch millis>}) to a file,
 * forced to disk before it answers {@code true}: what a drill compares with what the ingress acknowledged.
 * PID {@code io.jobhook.test.recording~<name>}.
 */
@Component(service = OrchestratorJobCompleteHandler.class, configurationPid = "io.jobhook.test.recording",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RecordingHandler.Config.class, factory = true)
public final class RecordingHandler implements OrchestratorJobCompleteHandler {

    @ObjectClassDefinition(name = "Jobhook test: recording handler")
    @interface Config {
        @AttributeDefinition(description = "Job-type GUIDs")
        String[] jobTypes();

        @AttributeDefinition(description = "The file each delivery is appended to")
        String file();

        @AttributeDefinition(description = "Force each line to disk before answering (drills of durability); "
                + "false measures delivery rather than the disk")
        boolean force() default true;
    }

    private final FileChannel channel;
    private final String version;
    private final boolean force;

    @Activate
    public RecordingHandler(Config config, BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
        this.force = config.force();
        try {
            this.channel = FileChannel.open(Path.of(config.file()), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + config.file(), e);
        }
    }

    @Override
    public synchronized boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        String line = context.eventId() + " " + context.deliveryAttempt() + " " + context.jobId() + " " + version + " "
                + System.currentTimeMillis() + "\n";
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (force) {
                channel.force(false);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Deactivate
    void close() throws IOException {
        channel.close();
    }
}
