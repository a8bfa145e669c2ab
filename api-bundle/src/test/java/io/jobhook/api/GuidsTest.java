package io.jobhook.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jobhook.testsupport.SharedData;

class GuidsTest {

    private static final UUID FIRST = UUID.fromString("7a07f123-a6ad-41f6-8dba-08fdf5320f84");
    private static final UUID SECOND = UUID.fromString("b8054afc-e3df-47d6-a0ea-cf8abcc08978");

    @Test
    void parsesKeyfactorsSampleJobTypesValue() {
        assertThat(Guids.parseList("7a07f123-a6ad-41f6-8dba-08fdf5320f84,b8054afc-e3df-47d6-a0ea-cf8abcc08978"))
                .containsExactly(FIRST, SECOND);
    }

    @Test
    void parsesTheJobTypesOfTheShippedSampleManifest() throws IOException {
        Path manifest = SharedData.file("sample-jobcompletionhandler.manifest.json");
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"JobTypes\"\\s*:\\s*\"([^\"]*)\"").matcher(text);
        assertThat(m.find()).as("JobTypes in %s", manifest).isTrue();
        assertThat(Guids.parseList(m.group(1))).containsExactly(FIRST, SECOND);
    }

    @Test
    void toleratesUpperCaseBracesParenthesesBlanksAndEmptyItems() {
        assertThat(Guids.parseList(" {7A07F123-A6AD-41F6-8DBA-08FDF5320F84} ,\t(b8054afc-e3df-47d6-a0ea-cf8abcc08978), ,"))
                .containsExactly(FIRST, SECOND);
        assertThat(Guids.parseList("7a07f123a6ad41f68dba08fdf5320f84")).containsExactly(FIRST);
        assertThat(Guids.parseList((String) null)).isEmpty();
        assertThat(Guids.parseList("  ")).isEmpty();
    }

    @Test
    void dropsDuplicatesKeepingOrder() {
        assertThat(Guids.parseList(SECOND + "," + FIRST + "," + SECOND.toString().toUpperCase()))
                .containsExactly(SECOND, FIRST);
    }

    @Test
    void parsesServicePropertiesOfEveryShape() {
        assertThat(Guids.parseList((Object) (FIRST + "," + SECOND))).containsExactly(FIRST, SECOND);
        assertThat(Guids.parseList(new String[] {FIRST.toString(), "{" + SECOND + "}"})).containsExactly(FIRST, SECOND);
        assertThat(Guids.parseList(List.of(FIRST + ", " + SECOND))).containsExactly(FIRST, SECOND);
        assertThat(Guids.parseList((Object) null)).isEmpty();
    }

    @Test
    void rejectsAPropertyOfAnotherType() {
        assertThatThrownBy(() -> Guids.parseList(Integer.valueOf(7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> Guids.parseList(List.of(FIRST)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.UUID");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "7a07f123-a6ad-41f6-8dba-08fdf5320f8",      // one digit short
        "7a07f123-a6ad-41f6-8dba-08fdf5320f84a",    // one digit long
        "7a07f123-a6ad-41f6-8dba-08fdf5320g84",     // not hex
        "1-1-1-1-1",                                // UUID.fromString would take it
        "{7a07f123-a6ad-41f6-8dba-08fdf5320f84",    // unbalanced brace
        "7a07f123 a6ad 41f6 8dba 08fdf5320f84",
        "WinCert"})
    void rejectsMalformedGuidsNamingTheCulpritAndItsPosition(String bad) {
        assertThatThrownBy(() -> Guids.parseList(FIRST + "," + bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bad.trim() + "'")
                .hasMessageContaining("item 2");
        assertThatThrownBy(() -> Guids.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bad.trim() + "'");
    }

    @Test
    void positionsCountAcrossTheItemsOfAnArrayProperty() {
        assertThatThrownBy(() -> Guids.parseList(new String[] {FIRST + "," + SECOND, "nope"}))
                .hasMessageContaining("'nope' (item 3");
    }

    @Test
    void parsesOneGuidInAnyAcceptedForm() {
        assertThat(Guids.parse("{49B3A17D-CADA-4EC8-84C6-7719BF5BEEF3}"))
                .isEqualTo(UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3"));
        assertThatThrownBy(() -> Guids.parse(null)).hasMessageContaining("missing");
        assertThat(Guids.format(Guids.NIL)).isEqualTo("00000000-0000-0000-0000-000000000000");
    }
}
