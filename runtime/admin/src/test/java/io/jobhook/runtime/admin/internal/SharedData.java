package io.jobhook.runtime.admin.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the project's shared test data through the system property {@code jobhook.shared.data}: absent, the
 * calling test is skipped with a message naming the property, except under CI ({@code CI=true}), where it fails.
 */
final class SharedData {

    static final String PROPERTY = "jobhook.shared.data";

    private SharedData() {
    }

    /** @return the file; skips the calling test, or fails it under CI, when the data is not there */
    static Path file(String name) {
        String dir = System.getProperty(PROPERTY);
        Path file = dir == null || dir.isBlank() ? null : Path.of(dir).resolve(name);
        if (file == null || !Files.isRegularFile(file)) {
            String why = file == null ? "system property " + PROPERTY + " is not set (the parent pom sets it)"
                    : file + " does not exist (system property " + PROPERTY + "=" + dir + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("Shared data missing under CI=true: " + why);
            }
            Assumptions.abort("Skipped: " + why);
        }
        return file;
    }
}
