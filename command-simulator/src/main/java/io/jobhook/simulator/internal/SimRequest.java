package io.jobhook.simulator.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request, independent of the transport that received it.
 *
 * @param method e.g. {@code GET}
 * @param rawPath the path as sent, still percent-encoded, without the query
 * @param rawQuery the query as sent, or null
 * @param headers header names in lower case to values
 * @param body the body, possibly empty
 */
public record SimRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
        byte[] body) {

    public SimRequest {
        method = method.toUpperCase(Locale.ROOT);
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        headers = Collections.unmodifiableMap(h);
        body = body == null ? new byte[0] : body;
    }

    /** @return the first value of the header (name without case) */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** @return the path's segments, percent-decoded, without empty ones */
    public List<String> segments() {
        List<String> result = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                result.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return result;
    }

    /** @return the query parameters, decoded, names as sent */
    public Map<String, List<String>> queryParameters() {
        return parseForm(rawQuery);
    }

    /** @return the body as UTF-8 text */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Parses {@code a=1&b=2} (form or query encoding). */
    public static Map<String, List<String>> parseForm(String text) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return result;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            result.computeIfAbsent(decode(k), x -> new ArrayList<>()).add(decode(v));
        }
        return result;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
