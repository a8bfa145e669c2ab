package io.jobhook.simulator.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared Keyfactor data, found through the system property {@code jobhook.shared.data}. */
final class SharedData {

    static final String PROPERTY = "jobhook.shared.data";

    private SharedData() {
    }

    /** @return the file, or skips the test (naming the property) when the data is absent */
    static Path file(String name) {
        String dir = System.getProperty(PROPERTY);
        assumeTrue(dir != null && !dir.isBlank(), "System property " + PROPERTY + " is not set: shared data test skipped");
        Path p = Path.of(dir, name);
        assumeTrue(Files.isReadable(p), "Shared data file " + p + " (from " + PROPERTY + ") is not readable: skipped");
        return p;
    }
}
