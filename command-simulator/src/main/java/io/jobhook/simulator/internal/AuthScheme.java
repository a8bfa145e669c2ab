package io.jobhook.simulator.internal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The authentication schemes the simulated API accepts. */
public enum AuthScheme {
    /** HTTP Basic with {@code DOMAIN\\user:password}. */
    BASIC,
    /** Bearer tokens from the OAuth 2.0 client-credentials token endpoint. */
    OAUTH;

    /**
     * Parses {@code basic}, {@code oauth} or {@code basic,oauth} (any case, blanks allowed).
     *
     * @throws IllegalArgumentException naming the bad item, or when none is given
     */
    public static Set<AuthScheme> parseList(String text) {
        Set<AuthScheme> result = EnumSet.noneOf(AuthScheme.class);
        if (text != null) {
            for (String item : text.split(",")) {
                String s = item.trim();
                if (s.isEmpty()) {
                    continue;
                }
                try {
                    result.add(valueOf(s.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("auth: '" + s + "' is not basic or oauth");
                }
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("auth must name basic, oauth or both, was '" + text + "'");
        }
        return result;
    }
}
