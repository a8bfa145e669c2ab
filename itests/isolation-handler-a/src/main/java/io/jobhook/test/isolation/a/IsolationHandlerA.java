package io.jobhook.test.isolation.a;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.PackageVersion;

import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * Records, per delivery, the Jackson core it sees, written and read back with that Jackson: one JSON line
 * {@code {"eventId", "handler", "jackson", "loadedBy", "streamReadConstraints"}} appended to {@code file}.
 * Built against Jackson 2.9 (no {@code StreamReadConstraints}, no {@code JsonFactory.builder()}), which this
 * bundle embeds privately. PID {@code io.jobhook.test.isolation.a~<name>}.
 */
@Component(service = OrchestratorJobCompleteHandler.class, configurationPid = "io.jobhook.test.isolation.a",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = IsolationHandlerA.Config.class, factory = true)
public final class IsolationHandlerA implements OrchestratorJobCompleteHandler {

    @ObjectClassDefinition(name = "Jobhook test: isolation handler A (Jackson 2.9, embedded)")
    @interface Config {
        @AttributeDefinition(description = "Job-type GUIDs")
        String[] jobTypes();

        @AttributeDefinition(description = "The file each delivery's record is appended to")
        String file();
    }

    private final JsonFactory json = new JsonFactory();
    private final Path file;

    @Activate
    public IsolationHandlerA(Config config) {
        this.file = Path.of(config.file());
    }

    @Override
    public synchronized boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        try {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = json.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("eventId", context.eventId().toString());
                g.writeStringField("handler", FrameworkUtil.getBundle(getClass()).getSymbolicName());
                g.writeStringField("jackson", PackageVersion.VERSION.toString());
                g.writeStringField("loadedBy", loadedBy(JsonFactory.class));
                g.writeBooleanField("streamReadConstraints", visible("com.fasterxml.jackson.core.StreamReadConstraints"));
                g.writeEndObject();
            }
            String line = out.toString();
            if (!context.eventId().toString().equals(readEventId(line))) {
                return false;
            }
            Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the record back with this bundle's own parser. */
    private String readEventId(String line) throws IOException {
        try (JsonParser p = json.createParser(line)) {
            while (p.nextToken() != null) {
                if (p.getCurrentToken() == JsonToken.FIELD_NAME && "eventId".equals(p.getCurrentName())) {
                    p.nextToken();
                    return p.getText();
                }
            }
            return null;
        }
    }

    /** @return the symbolic name of the bundle that loaded {@code type}, or what else did */
    private static String loadedBy(Class<?> type) {
        Bundle bundle = FrameworkUtil.getBundle(type);
        return bundle != null ? bundle.getSymbolicName() : "no bundle: " + type.getClassLoader();
    }

    private boolean visible(String className) {
        try {
            Class.forName(className, false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
