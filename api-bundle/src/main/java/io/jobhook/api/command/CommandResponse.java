package io.jobhook.api.command;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Command's answer to a {@link CommandRequest}.
 *
 * @param status the HTTP status
 * @param headers the headers, names in lower case
 * @param body the body as text, empty for none (204)
 */
public record CommandResponse(int status, Map<String, List<String>> headers, String body) {

    public CommandResponse {
        Map<String, List<String>> lower = new TreeMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        }
        headers = Collections.unmodifiableMap(lower);
        body = body == null ? "" : body;
    }

    /** @return the first value of a header, by name in any case */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
