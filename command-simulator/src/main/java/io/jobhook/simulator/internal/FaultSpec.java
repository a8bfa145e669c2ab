package io.jobhook.simulator.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A fault spec: {@code name=value} items separated by {@code ;}, names without case.
 *
 * <pre>
 * latencyMs=&lt;ms&gt;              added to every API answer
 * retryAfterSeconds=&lt;n&gt;       Retry-After of 503 and 429 answers (default 1)
 * status500=&lt;trigger&gt;         500 with a Keyfactor error body
 * status503=&lt;trigger&gt;         503 with Retry-After
 * status429=&lt;trigger&gt;         429 with Retry-After
 * expireTokens=&lt;trigger&gt;      a bearer token that is otherwise valid is rejected (401) as expired
 * truncate=&lt;trigger&gt;          a 200 whose body stops halfway, then the connection closes
 * malformed=&lt;trigger&gt;         a 200 whose body is not JSON
 * disconnect=&lt;trigger&gt;        the connection closes without an answer
 * trigger: a rate in [0,1] (seeded random) or a count &lt;n&gt;x ("the next n API requests")
 * </pre>
 *
 * One request gets at most one of the answer faults; counts go before rates, then in the order
 * disconnect, truncate, malformed, status500, status503, status429. A count is used up only by the
 * requests it hits.
 */
public record FaultSpec(long latencyMs, int retryAfterSeconds, Map<Kind, Trigger> triggers) {

    /** The faults that have a trigger, in precedence order. */
    public enum Kind {
        DISCONNECT("disconnect"), TRUNCATE("truncate"), MALFORMED("malformed"), STATUS500("status500"),
        STATUS503("status503"), STATUS429("status429"), EXPIRE_TOKENS("expireTokens");

        private final String specName;

        Kind(String specName) {
            this.specName = specName;
        }

        public String specName() {
            return specName;
        }
    }

    /** A rate in [0,1], or a count of requests. */
    public record Trigger(double rate, int count) {
        public boolean isCount() {
            return count >= 0;
        }

        @Override
        public String toString() {
            return isCount() ? count + "x" : stripZeros(rate);
        }

        private static String stripZeros(double d) {
            String s = Double.toString(d);
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
    }

    public static final FaultSpec NONE = new FaultSpec(0, 1, Map.of());

    public FaultSpec {
        triggers = Collections.unmodifiableMap(triggers.isEmpty() ? new EnumMap<>(Kind.class) : new EnumMap<>(triggers));
    }

    /**
     * @param spec e.g. {@code latencyMs=200;status503=2x;disconnect=0.1}; null or blank is no fault
     * @throws IllegalArgumentException naming the bad item and what is expected
     */
    public static FaultSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        long latency = 0;
        int retryAfter = 1;
        Map<Kind, Trigger> triggers = new EnumMap<>(Kind.class);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String raw : spec.split(";")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Fault spec item '" + item + "' must be name=value");
            }
            String name = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            String key = name.toLowerCase(Locale.ROOT);
            if (!seen.add(key)) {
                throw new IllegalArgumentException("Fault spec item '" + item + "': " + name + " is given twice");
            }
            switch (key) {
                case "latencyms" -> latency = nonNegative(item, value, 600_000);
                case "retryafterseconds" -> retryAfter = (int) nonNegative(item, value, 86_400);
                default -> {
                    Kind kind = null;
                    for (Kind k : Kind.values()) {
                        if (k.specName.equalsIgnoreCase(name)) {
                            kind = k;
                        }
                    }
                    if (kind == null) {
                        throw new IllegalArgumentException("Fault spec item '" + item + "': unknown fault '" + name
                                + "' (known: latencyMs, retryAfterSeconds, status500, status503, status429, "
                                + "expireTokens, truncate, malformed, disconnect)");
                    }
                    triggers.put(kind, trigger(item, value));
                }
            }
        }
        return new FaultSpec(latency, retryAfter, triggers);
    }

    private static long nonNegative(String item, String value, long max) {
        try {
            long v = Long.parseLong(value);
            if (v >= 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("Fault spec item '" + item + "': value must be a whole number from 0 to "
                + max);
    }

    private static Trigger trigger(String item, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("x")) {
                int n = Integer.parseInt(v.substring(0, v.length() - 1));
                if (n >= 0) {
                    return new Trigger(0, n);
                }
            } else {
                double r = Double.parseDouble(v);
                if (r >= 0 && r <= 1) {
                    return new Trigger(r, -1);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("Fault spec item '" + item
                + "': value must be a rate from 0 to 1 (e.g. 0.25) or a count of requests (e.g. 3x)");
    }

    /** @return the spec in canonical form, e.g. {@code latencyMs=200;status503=2x}; empty for none */
    public String render() {
        StringJoiner j = new StringJoiner(";");
        if (latencyMs > 0) {
            j.add("latencyMs=" + latencyMs);
        }
        if (retryAfterSeconds != 1) {
            j.add("retryAfterSeconds=" + retryAfterSeconds);
        }
        triggers.forEach((k, t) -> j.add(k.specName + "=" + t));
        return j.toString();
    }
}
