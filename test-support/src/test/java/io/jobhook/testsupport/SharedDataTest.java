package io.jobhook.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SharedDataTest {

    @TempDir
    Path dir;

    @Test
    void findsAFileOfTheData() throws IOException {
        Path file = Files.writeString(dir.resolve("store-types.kfutil.json"), "[]");
        assertThat(SharedData.file("store-types.kfutil.json", dir.toString(), Map.of())).isEqualTo(file);
    }

    @Test
    void skipsOutsideCiWhenTheDataIsMissing() {
        assertThatThrownBy(() -> SharedData.file("nothing.json", dir.toString(), Map.of()))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("nothing.json does not exist");
        assertThatThrownBy(() -> SharedData.file("nothing.json", null, Map.of("CI", "false")))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining(SharedData.PROPERTY + " is not set");
    }

    @Test
    void failsUnderCiWhenTheDataIsMissing() {
        assertThatThrownBy(() -> SharedData.file("nothing.json", dir.toString(), Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("missing under CI")
                .hasMessageContaining("nothing.json does not exist");
        assertThatThrownBy(() -> SharedData.file("nothing.json", " ", Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining(SharedData.PROPERTY + " is not set");
    }
}
