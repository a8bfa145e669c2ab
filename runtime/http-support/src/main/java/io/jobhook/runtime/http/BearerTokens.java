package io.jobhook.runtime.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The push tokens, held only as SHA-256 digests. A presented token is digested and compared with every
 * configured digest by {@link MessageDigest#isEqual} without stopping at a match, so neither the
 * position of a first differing character nor a token's length nor which token matched shows in the
 * time it takes. Never prints a token or a digest. The ingress (push tokens) and the admin API (admin tokens) each
 * embed this package privately: it is no part of what bundles share.
 */
public final class BearerTokens {

    /** What marks a configured token as the digest of the token. */
    public static final String DIGEST_PREFIX = "sha256:";

    private final List<byte[]> digests;

    private BearerTokens(List<byte[]> digests) {
        this.digests = digests;
    }

    /**
     * @param configured the {@code .tokens} entries; each may hold several tokens separated by commas (a
     *        {@code .cfg} file gives one string); blanks around tokens and empty entries are ignored, as
     *        are repeated tokens. A token written {@code sha256:<64 hex digits>} is that token's digest, so the
     *        configuration need not hold the token itself ({@code printf %s "$TOKEN" | sha256sum})
     * @return the tokens; none when {@code configured} is null or holds none
     * @throws IllegalArgumentException for a {@code sha256:} entry that is not 64 hexadecimal digits (the
     *         message says which entry by position, never its text), or a {@code $[env:…]} or
     *         {@code $[secret:…]} reference left unresolved (the message names the reference, which is no secret)
     */
    public static BearerTokens of(String... configured) {
        List<byte[]> digests = new ArrayList<>();
        int position = 0;
        if (configured != null) {
            for (String entry : configured) {
                if (entry == null) {
                    continue;
                }
                for (String token : entry.split(",", -1)) {
                    String t = token.strip();
                    if (t.isEmpty()) {
                        continue;
                    }
                    position++;
                    byte[] digest = digestOf(t, position);
                    if (digests.stream().noneMatch(d -> Arrays.equals(d, digest))) {
                        digests.add(digest);
                    }
                }
            }
        }
        return new BearerTokens(List.copyOf(digests));
    }

    private static byte[] digestOf(String token, int position) {
        if (token.startsWith("$[")) {
            // the interpolation plugin leaves a reference it cannot resolve as it is: never a token
            throw new IllegalArgumentException("token " + position + " is the unresolved reference " + token
                    + ": set that environment variable or write that secret's file");
        }
        if (!token.regionMatches(true, 0, DIGEST_PREFIX, 0, DIGEST_PREFIX.length())) {
            return sha256(token);
        }
        String hex = token.substring(DIGEST_PREFIX.length());
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("token " + position + " starts with " + DIGEST_PREFIX
                    + " but is not followed by 64 hexadecimal digits (a SHA-256 digest)");
        }
        return HexFormat.of().parseHex(hex);
    }

    /** @return how many distinct tokens are configured */
    public int count() {
        return digests.size();
    }

    /**
     * @param presented the token from {@code Authorization: Bearer <token>}, or null
     * @return whether it is one of the configured tokens; false for null and when none is configured
     */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] candidate : digests) {
            match |= MessageDigest.isEqual(candidate, digest);
        }
        return match;
    }

    /** @return the SHA-256 digest of the text's UTF-8 bytes */
    public static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the SHA-256 digest of the bytes */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /** @return the number of tokens only */
    @Override
    public String toString() {
        return "BearerTokens[" + digests.size() + "]";
    }
}
