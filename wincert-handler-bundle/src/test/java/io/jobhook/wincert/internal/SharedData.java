package io.jobhook.wincert.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's shared test data through the system property {@code jobhook.shared.data}. */
final class SharedData {

    static final String PROPERTY = "jobhook.shared.data";

    private SharedData() {
    }

    /** @return the file, or skips the calling test, naming the property, when the data is not there */
    static Path file(String name) {
        String dir = System.getProperty(PROPERTY);
        assumeTrue(dir != null && !dir.isBlank(),
                () -> "Skipped: system property " + PROPERTY + " is not set (the parent pom sets it)");
        Path file = Path.of(dir).resolve(name);
        assumeTrue(Files.isRegularFile(file),
                () -> "Skipped: " + file + " does not exist (system property " + PROPERTY + "=" + dir + ")");
        return file;
    }
}
