package io.jobhook.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.performance.charts.PerformanceCharts;

/**
 * Turns a JMH JSON result of the dispatch benchmarks into the table of docs/PERFORMANCE.md: per mechanism
 * and match count, completions/s, the cost per delivery (one completion to one handler), and the ratios to
 * the direct call and to EventAdmin with its timeout on. Replaces the text between the markers
 * {@code <!-- dispatch:begin -->} and {@code <!-- dispatch:end -->}, and draws its chart.
 *
 * <p>{@code java -cp … io.jobhook.benchmarks.DispatchReport target/jmh.json ../docs/PERFORMANCE.md}
 */
public final class DispatchReport {

    static final String HAND_OFF = "bare hand-off to per-handler threads";

    private DispatchReport() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        // mechanism -> matches -> completions per second
        Map<String, Map<Integer, Double>> rate = new LinkedHashMap<>();
        for (JsonNode r : results) {
            if (!"thrpt".equals(r.path("mode").asText())) {
                continue;
            }
            String method = r.path("benchmark").asText();
            method = method.substring(method.lastIndexOf('.') + 1);
            JsonNode p = r.path("params");
            int matches = p.path("matches").asInt();
            String mechanism = switch (method) {
                case "directCall" -> "direct call";
                case "sendEvent" -> "EventAdmin sendEvent, timeout " + p.path("timeout").asText() + " ms";
                case "postEvent" -> "EventAdmin postEvent, timeout " + p.path("timeout").asText() + " ms";
                case "dispatch" -> "Jobhook dispatcher, journal " + p.path("journal").asText();
                case "handOff" -> HAND_OFF;
                default -> method;
            };
            double perMicro = r.path("primaryMetric").path("score").asDouble();
            rate.computeIfAbsent(mechanism, m -> new TreeMap<>()).put(matches, perMicro * 1_000_000);
        }
        List<String> lines = new ArrayList<>();
        lines.add("| mechanism | matches | completions/s | ns per delivery | × direct call "
                + "| × EventAdmin send, timeout on | × EventAdmin send, timeout off |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, Map<Integer, Double>> m : rate.entrySet()) {
            if (m.getKey().equals(HAND_OFF)) {
                continue; // a table of its own, below
            }
            for (Map.Entry<Integer, Double> e : m.getValue().entrySet()) {
                int matches = e.getKey();
                double perSecond = e.getValue();
                double nsPerDelivery = 1e9 / (perSecond * matches);
                Double direct = rate.getOrDefault("direct call", Map.of()).get(matches);
                Double timeoutOn = rate.getOrDefault("EventAdmin sendEvent, timeout 5000 ms", Map.of()).get(matches);
                Double timeoutOff = rate.getOrDefault("EventAdmin sendEvent, timeout 0 ms", Map.of()).get(matches);
                lines.add(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %s | %s | %s |", m.getKey(), matches,
                        perSecond, nsPerDelivery, ratio(perSecond, direct), ratio(perSecond, timeoutOn),
                        ratio(perSecond, timeoutOff)));
            }
        }
        Path doc = Path.of(args[1]);
        write(doc, "dispatch", lines);
        if (rate.containsKey(HAND_OFF)) {
            write(doc, "hand-off", handOffTable(rate));
        }
    }

    /** The bare hand-off beside the dispatcher (journal in memory) and EventAdmin with its timeout on. */
    private static List<String> handOffTable(Map<String, Map<Integer, Double>> rate) {
        List<String> lines = new ArrayList<>();
        lines.add("| mechanism | matches | completions/s | × bare hand-off | × EventAdmin send, timeout on |");
        lines.add("|---|---:|---:|---:|---:|");
        for (String mechanism : List.of(HAND_OFF, "Jobhook dispatcher, journal memory",
                "EventAdmin sendEvent, timeout 5000 ms")) {
            for (Map.Entry<Integer, Double> e : rate.getOrDefault(mechanism, Map.of()).entrySet()) {
                lines.add(String.format(Locale.ROOT, "| %s | %d | %,.0f | %s | %s |", mechanism, e.getKey(),
                        e.getValue(), ratio(e.getValue(), rate.get(HAND_OFF).get(e.getKey())),
                        ratio(e.getValue(), rate.getOrDefault("EventAdmin sendEvent, timeout 5000 ms", Map.of())
                                .get(e.getKey()))));
            }
        }
        return lines;
    }

    private static void write(Path doc, String marker, List<String> lines) throws IOException {
        System.out.println(String.join("\n", lines));
        System.out.println("chart: " + PerformanceCharts.writeTable(doc, marker, lines));
    }

    private static String ratio(double value, Double baseline) {
        return baseline == null || baseline == 0 ? "—" : String.format(Locale.ROOT, "%.2f", value / baseline);
    }
}
