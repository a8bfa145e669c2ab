package io.jobhook.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * The module's packaged bundle, as an integration test (after {@code package}) reads it: the jar the parent pom
 * names in the system property {@code jobhook.bundle.jar}.
 */
public final class PackagedBundle {

    /** The system property naming the packaged jar. */
    public static final String PROPERTY = "jobhook.bundle.jar";

    private PackagedBundle() {
    }

    /** @return the main attributes of the packaged jar's manifest; fails naming the property when there is no jar */
    public static Attributes manifest() throws IOException {
        String jar = System.getProperty(PROPERTY, "");
        assertTrue(!jar.isBlank() && Files.isRegularFile(Path.of(jar)),
                () -> "No packaged bundle at '" + jar + "' (system property " + PROPERTY + ")");
        try (JarFile file = new JarFile(jar)) {
            return file.getManifest().getMainAttributes();
        }
    }
}
