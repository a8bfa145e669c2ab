package io.jobhook.runtime.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldErrorTest {

    @Test
    void shortPrintableValuesAreEchoedAsSent() {
        assertThat(FieldError.echo("KFTRAIN\\SVC_Orchestrator")).isEqualTo("KFTRAIN\\SVC_Orchestrator");
        assertThat(FieldError.echo("Zürich ✓ 🦦")).isEqualTo("Zürich ✓ 🦦");
        assertThat(FieldError.echo(null)).isNull();
    }

    @Test
    void controlFormatAndSeparatorCharactersAreWrittenAsEscapes() {
        assertThat(FieldError.echo("a\u0000b\nc\u007fd\u0085e\u2028f\u202eg\ufeff"))
                .isEqualTo("a\\u0000b\\u000Ac\\u007Fd\\u0085e\\u2028f\\u202Eg\\uFEFF");
    }

    @Test
    void loneSurrogatesAreWrittenAsEscapes() {
        assertThat(FieldError.echo("x\ud800y\udc00")).isEqualTo("x\\uD800y\\uDC00");
    }

    @Test
    void longValuesAreCutWithAnEllipsis() {
        assertThat(FieldError.echo("y".repeat(100))).isEqualTo("y".repeat(100));
        assertThat(FieldError.echo("y".repeat(101))).isEqualTo("y".repeat(100) + "\u2026");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String value = "y".repeat(99) + "🦦🦦";

        String echoed = FieldError.echo(value);

        assertThat(echoed).isEqualTo("y".repeat(99) + "\u2026");
    }

    @Test
    void anEscapeIsNeverSplitNorRunsPastTheCut() { // found by CompletionDecoderFuzzTest: 102 characters echoed
        assertThat(FieldError.echo("y".repeat(94) + "\u0000")).isEqualTo("y".repeat(94) + "\\u0000");
        assertThat(FieldError.echo("y".repeat(95) + "\ufeffzz")).isEqualTo("y".repeat(95) + "\u2026");
        assertThat(FieldError.echo("y".repeat(99) + "\n")).isEqualTo("y".repeat(99) + "\u2026");
    }

    @Test
    void controlCharactersAreFoundButFormatCharactersAreNot() {
        assertThat(FieldError.hasControlCharacters("host\tname")).isTrue();
        assertThat(FieldError.hasControlCharacters("host\u2029")).isTrue();
        assertThat(FieldError.hasControlCharacters("host\u0085")).isTrue();
        assertThat(FieldError.hasControlCharacters("می\u200Cخواهم")).isFalse();
        assertThat(FieldError.hasControlCharacters("KFTRAIN\\SVC_Orchestrator")).isFalse();
        assertThat(FieldError.hasControlCharacters("otter \ud83e\udda6")).isFalse();
        assertThat(FieldError.hasControlCharacters("otter \ud83e")).isTrue();
        assertThat(FieldError.hasControlCharacters("\udda6 otter")).isTrue();
    }
}
