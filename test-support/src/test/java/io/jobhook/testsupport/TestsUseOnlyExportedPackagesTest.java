package io.jobhook.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No test imports another module's {@code internal} package: a module's tests use other modules through what
 * those export (the simulator's {@code SimulatedCommand}, {@code CommandClients}, the journal contract and its
 * in-memory double), as a handler author's tests must. Walks the repository's sources.
 */
class TestsUseOnlyExportedPackagesTest {

    static final Pattern INTERNAL_IMPORT = Pattern.compile("^import (?:static )?(io\\.jobhook\\.[\\w.]*?\\.internal)\\b",
            Pattern.MULTILINE);

    @Test
    void noTestImportsAnotherModulesInternalPackage() throws IOException {
        Path root = Path.of(System.getProperty("jobhook.repository", "..")).toAbsolutePath().normalize();
        assertThat(root.resolve("pom.xml")).as("the repository's root").isRegularFile();
        Map<String, Path> owners = new HashMap<>();   // internal package -> module that holds it in src/main/java
        List<Path> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))::iterator) {
                String s = f.toString();
                if (s.contains("/src/main/java/") && s.contains("/internal/")) {
                    String pkg = s.substring(s.indexOf("/src/main/java/") + 15, s.lastIndexOf('/')).replace('/', '.');
                    owners.putIfAbsent(pkg, module(f));
                } else if (s.contains("/src/test/java/")) {
                    tests.add(f);
                }
            }
        }
        assertThat(owners).as("internal packages found").isNotEmpty();
        assertThat(tests).as("tests found").hasSizeGreaterThan(50);

        List<String> violations = new ArrayList<>();
        for (Path test : tests) {
            Matcher m = INTERNAL_IMPORT.matcher(Files.readString(test));
            while (m.find()) {
                Path owner = owners.get(m.group(1));
                if (owner != null && !owner.equals(module(test))) {
                    violations.add(root.relativize(test) + " imports " + m.group(1) + " of " + root.relativize(owner));
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** @return the module directory of a source file: what comes before its {@code src/} */
    static Path module(Path source) {
        String s = source.toString();
        return Path.of(s.substring(0, s.indexOf("/src/")));
    }
}
