package io.jobhook.api.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request to any Command endpoint, for what {@link CommandApi} has no typed operation for.
 *
 * @param method {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE}
 * @param path the path below the base URL, starting with {@code /}, e.g. {@code /Certificates/Metadata};
 *        without a query string
 * @param queryParameters query parameters, not yet percent-encoded
 * @param jsonBody the JSON body, or null
 */
public record CommandRequest(String method, String path, Map<String, String> queryParameters, String jsonBody) {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /**
     * @throws IllegalArgumentException for an unknown method or a path that is not absolute below the
     *         base URL
     */
    public CommandRequest {
        method = method == null ? null : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("HTTP method '" + method + "' is not one of " + METHODS);
        }
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("Path '" + path
                    + "' must start with a single '/' and hold no query string (use queryParameters)");
        }
        queryParameters = queryParameters == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(queryParameters));
    }

    /** @return a GET of {@code path} */
    public static CommandRequest get(String path) {
        return new CommandRequest("GET", path, Map.of(), null);
    }

    /** @return a POST of {@code jsonBody} to {@code path} */
    public static CommandRequest post(String path, String jsonBody) {
        return new CommandRequest("POST", path, Map.of(), jsonBody);
    }

    /** @return this request with one more query parameter */
    public CommandRequest withQueryParameter(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(queryParameters);
        p.put(name, value);
        return new CommandRequest(method, path, p, jsonBody);
    }
}
