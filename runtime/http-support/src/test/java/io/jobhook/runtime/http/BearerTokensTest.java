package io.jobhook.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BearerTokensTest {

    @Test
    void aConfiguredTokenMatchesExactly() {
        BearerTokens tokens = BearerTokens.of("alpha-token", "beta-token");

        assertThat(tokens.matches("alpha-token")).isTrue();
        assertThat(tokens.matches("beta-token")).isTrue();
        assertThat(tokens.matches("Alpha-token")).isFalse();
        assertThat(tokens.matches("alpha-toke")).isFalse();
        assertThat(tokens.matches("alpha-token-")).isFalse();
        assertThat(tokens.matches("")).isFalse();
        assertThat(tokens.matches(null)).isFalse();
    }

    @Test
    void noTokenMatchesWhenNoneIsConfigured() {
        for (BearerTokens none : new BearerTokens[] {BearerTokens.of(), BearerTokens.of((String[]) null),
            BearerTokens.of("", "  ", ",", (String) null)}) {
            assertThat(none.count()).isZero();
            assertThat(none.matches("")).isFalse();
            assertThat(none.matches(" ")).isFalse();
            assertThat(none.matches("anything")).isFalse();
        }
    }

    @Test
    void anEntryMayHoldSeveralCommaSeparatedTokensWithBlanks() {
        BearerTokens tokens = BearerTokens.of(" one , two,,three ", "two");

        assertThat(tokens.count()).isEqualTo(3);
        assertThat(tokens.matches("one")).isTrue();
        assertThat(tokens.matches("two")).isTrue();
        assertThat(tokens.matches("three")).isTrue();
        assertThat(tokens.matches(" one ")).isFalse();
        assertThat(tokens.matches("one , two")).isFalse();
    }

    @Test
    void aTokenMayBeConfiguredAsItsSha256Digest() {
        String digest = java.util.HexFormat.of().formatHex(BearerTokens.sha256("alpha-token"));
        BearerTokens tokens = BearerTokens.of("sha256:" + digest, "SHA256:" + digest.toUpperCase() + ", beta");

        assertThat(tokens.count()).as("the same token twice, and beta").isEqualTo(2);
        assertThat(tokens.matches("alpha-token")).isTrue();
        assertThat(tokens.matches("beta")).isTrue();
        assertThat(tokens.matches("sha256:" + digest)).as("the digest is no token").isFalse();
    }

    @Test
    void aMalformedDigestIsRefusedNamingItsPositionNotItsText() {
        assertThatThrownBy(() -> BearerTokens.of("plain", "sha256:abc123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token 2 starts with sha256: but is not followed by 64 hexadecimal digits (a SHA-256 digest)");
    }

    @Test
    void anUnresolvedSecretReferenceIsNoTokenButAClearError() {
        assertThatThrownBy(() -> BearerTokens.of("$[env:JOBHOOK_PUSH_TOKEN]"))
                .hasMessage("token 1 is the unresolved reference $[env:JOBHOOK_PUSH_TOKEN]: set that environment "
                        + "variable or write that secret's file");
    }

    @Test
    void printsOnlyTheCount() {
        assertThat(BearerTokens.of("s3cr3t-value", "other")).hasToString("BearerTokens[2]");
    }

    @Test
    void digestsAreSha256() {
        assertThat(java.util.HexFormat.of().formatHex(BearerTokens.sha256("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
