package io.jobhook.command.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Supplies the {@code Authorization} header of each Command API request. */
interface Authenticator {

    /**
     * @return the header's value, or null to send none
     * @throws io.jobhook.api.command.CommandApiException when a credential cannot be obtained (an OAuth
     *         token endpoint refusing or unreachable)
     */
    String authorization();

    /**
     * Called once when Command answered 401 to a request sent with {@code rejected}.
     *
     * @return whether a fresh credential may succeed, so the request is worth sending once more
     */
    default boolean renewAfterRejection(String rejected) {
        return false;
    }

    /** @return {@code Basic base64(DOMAIN\\user:password)}, as Command's AD installs expect */
    static Authenticator basic(String username, String password) {
        String header = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return () -> header;
    }

    /** @return a ready bearer token, sent as is */
    static Authenticator bearer(String token) {
        String header = "Bearer " + token;
        return () -> header;
    }

    /** @return no authentication */
    static Authenticator none() {
        return () -> null;
    }
}
