package io.jobhook.runtime.ingress.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the ingress answers, whatever server carries it.
 *
 * @param status the HTTP status
 * @param headers headers other than {@code Content-Type}, in the order they are to be sent
 * @param contentType the body's media type
 * @param body the body, UTF-8 JSON
 */
record IngressResponse(int status, Map<String, String> headers, String contentType, byte[] body) {

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";

    IngressResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** @return the header's value, or null; names are compared ignoring case */
    String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** @return the body as text */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "IngressResponse[" + status + " " + contentType + ", headers " + headers.keySet() + "]";
    }
}
