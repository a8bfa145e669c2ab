package io.jobhook.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the project's shared test data (real public data: store types, a captured job history, Keyfactor's
 * sample manifest) through the system property {@code jobhook.shared.data}, which the parent pom sets.
 *
 * <p>Where the data is missing, a test is skipped — except under CI (environment {@code CI=true}), where it
 * fails: a build that cannot see the data must not pass by skipping what it could not check.
 */
public final class SharedData {

    /** The system property naming the data's directory. */
    public static final String PROPERTY = "jobhook.shared.data";

    private SharedData() {
    }

    /**
     * @param name a file of the data, e.g. {@code store-types.kfutil.json}
     * @return the file; when it is not there, skips the calling test (fails it under CI), naming the property
     */
    public static Path file(String name) {
        return file(name, System.getProperty(PROPERTY), System.getenv());
    }

    static Path file(String name, String dir, Map<String, String> environment) {
        boolean ci = "true".equalsIgnoreCase(environment.getOrDefault("CI", ""));
        if (dir == null || dir.isBlank()) {
            missing(ci, "system property " + PROPERTY + " is not set (the parent pom sets it)");
        }
        Path file = Path.of(dir).resolve(name);
        if (!Files.isRegularFile(file)) {
            missing(ci, file + " does not exist (system property " + PROPERTY + "=" + dir + ")");
        }
        return file;
    }

    private static void missing(boolean ci, String why) {
        if (ci) {
            fail("Shared test data missing under CI: " + why);
        }
        assumeTrue(false, () -> "Skipped: " + why);
    }
}
