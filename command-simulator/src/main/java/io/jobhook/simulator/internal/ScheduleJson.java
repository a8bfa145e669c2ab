package io.jobhook.simulator.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jobhook.simulator.SimSchedule;

/** A {@link SimSchedule} as Command's JSON writes it ({@code KeyfactorSchedule}), both ways. */
public final class ScheduleJson {

    private ScheduleJson() {
    }

    /** @return the schedule as JSON, e.g. {@code {"Interval":{"Minutes":1}}} */
    public static ObjectNode toJson(SimSchedule s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode node = f.objectNode();
        switch (s.type()) {
            case IMMEDIATE -> node.put("Immediate", true);
            case INTERVAL -> node.putObject("Interval").put("Minutes", s.minutes());
            case DAILY -> node.putObject("Daily").put("Time", isoZ(s.time()));
            case WEEKLY -> {
                ObjectNode w = node.putObject("Weekly");
                s.days().forEach(d -> w.withArray("Days").add(d.getDisplayName(java.time.format.TextStyle.FULL, Locale.ROOT)));
                w.put("Time", isoZ(s.time()));
            }
            case MONTHLY -> node.putObject("Monthly").put("Day", s.dayOfMonth()).put("Time", isoZ(s.time()));
            case EXACTLY_ONCE -> node.putObject("ExactlyOnce").put("Time", isoZ(s.time()));
        }
        return node;
    }

    private static String isoZ(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Reads a schedule; null or JSON null is Immediate.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static SimSchedule fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return SimSchedule.immediate();
        }
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("Schedule must be an object with exactly one of Immediate, Interval, "
                    + "Daily, Weekly, Monthly, ExactlyOnce");
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey().toLowerCase(Locale.ROOT);
        JsonNode v = e.getValue();
        switch (key) {
            case "immediate":
                return SimSchedule.immediate();
            case "interval":
                return SimSchedule.interval(requiredInt(v, "Minutes", "Interval"));
            case "daily":
                return SimSchedule.daily(requiredTime(v, "Daily"));
            case "exactlyonce":
                return SimSchedule.exactlyOnce(requiredTime(v, "ExactlyOnce"));
            case "monthly": {
                int day = requiredInt(v, "Day", "Monthly");
                if (day < 1 || day > 31) {
                    throw new IllegalArgumentException("Schedule Monthly.Day must be 1 to 31, was " + day);
                }
                return new SimSchedule(SimSchedule.Type.MONTHLY, 0, requiredTime(v, "Monthly"), List.of(), day);
            }
            case "weekly": {
                JsonNode daysNode = field(v, "Days");
                if (daysNode == null || !daysNode.isArray() || daysNode.isEmpty()) {
                    throw new IllegalArgumentException("Schedule Weekly.Days must be a non-empty array");
                }
                List<DayOfWeek> days = new ArrayList<>();
                for (JsonNode d : daysNode) {
                    days.add(dayOfWeek(d));
                }
                return new SimSchedule(SimSchedule.Type.WEEKLY, 0, requiredTime(v, "Weekly"), days, 0);
            }
            default:
                throw new IllegalArgumentException("Unknown schedule kind '" + e.getKey() + "'");
        }
    }

    private static DayOfWeek dayOfWeek(JsonNode d) {
        if (d.canConvertToInt() && d.isNumber()) {
            int n = d.asInt();   // .NET DayOfWeek: 0 Sunday .. 6 Saturday
            if (n < 0 || n > 6) {
                throw new IllegalArgumentException("Schedule Weekly.Days: " + n + " is not 0 to 6");
            }
            return n == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(n);
        }
        try {
            return DayOfWeek.valueOf(d.asText().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Schedule Weekly.Days: '" + d.asText() + "' is not a day of the week");
        }
    }

    private static JsonNode field(JsonNode obj, String name) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext();) {
            String n = it.next();
            if (n.equalsIgnoreCase(name)) {
                return obj.get(n);
            }
        }
        return null;
    }

    private static int requiredInt(JsonNode obj, String name, String kind) {
        JsonNode v = field(obj, name);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("Schedule " + kind + "." + name + " must be a number");
        }
        return v.asInt();
    }

    private static Instant requiredTime(JsonNode obj, String kind) {
        JsonNode v = field(obj, "Time");
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("Schedule " + kind + ".Time must be a timestamp");
        }
        try {
            return Timestamps.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Schedule " + kind + ".Time: " + e.getMessage());
        }
    }
}
