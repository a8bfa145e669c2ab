package io.jobhook.simulator.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keyfactor's {@code KeyfactorSchedule}: exactly one of Immediate, Interval, Daily, Weekly, Monthly,
 * ExactlyOnce. Times of day are UTC.
 *
 * @param type the kind
 * @param minutes the interval, for {@link Type#INTERVAL}
 * @param time the time (of day, except for {@link Type#EXACTLY_ONCE}), or null
 * @param days the days of the week, for {@link Type#WEEKLY}
 * @param dayOfMonth the day of the month, for {@link Type#MONTHLY}
 */
public record SimSchedule(Type type, int minutes, Instant time, List<DayOfWeek> days, int dayOfMonth) {

    /** The kinds of schedule. */
    public enum Type { IMMEDIATE, INTERVAL, DAILY, WEEKLY, MONTHLY, EXACTLY_ONCE }

    public SimSchedule {
        Objects.requireNonNull(type, "type");
        days = days == null ? List.of() : List.copyOf(days);
    }

    public static SimSchedule immediate() {
        return new SimSchedule(Type.IMMEDIATE, 0, null, List.of(), 0);
    }

    public static SimSchedule interval(int minutes) {
        if (minutes < 1) {
            throw new IllegalArgumentException("Interval Minutes must be 1 or more, was " + minutes);
        }
        return new SimSchedule(Type.INTERVAL, minutes, null, List.of(), 0);
    }

    public static SimSchedule exactlyOnce(Instant time) {
        return new SimSchedule(Type.EXACTLY_ONCE, 0, Objects.requireNonNull(time, "time"), List.of(), 0);
    }

    public static SimSchedule daily(Instant time) {
        return new SimSchedule(Type.DAILY, 0, Objects.requireNonNull(time, "time"), List.of(), 0);
    }

    /** @return whether the job runs more than once */
    public boolean recurring() {
        return type != Type.IMMEDIATE && type != Type.EXACTLY_ONCE;
    }

    /**
     * @param after the previous run, or when the job was created
     * @param first whether no run happened yet
     * @return when the job is next due
     */
    public Instant nextRun(Instant after, boolean first) {
        switch (type) {
            case IMMEDIATE:
                return after;
            case EXACTLY_ONCE:
                return time;
            case INTERVAL:
                return after.plus(Duration.ofMinutes(minutes));
            default:
                LocalTime at = LocalTime.ofInstant(time, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
                LocalDate day = LocalDate.ofInstant(after, ZoneOffset.UTC);
                for (int i = 0; i < 400; i++) {
                    LocalDate d = day.plusDays(i);
                    Instant candidate = LocalDateTime.of(d, at).toInstant(ZoneOffset.UTC);
                    boolean dayMatches = type == Type.DAILY
                            || type == Type.WEEKLY && days.contains(d.getDayOfWeek())
                            || type == Type.MONTHLY && d.getDayOfMonth() == Math.min(dayOfMonth, d.lengthOfMonth());
                    if (dayMatches && candidate.isAfter(after)) {
                        return candidate;
                    }
                }
                return after.plus(Duration.ofDays(1));
        }
    }

    /** @return the schedule as queries write it ({@code I_30}, {@code D_14:30}; null schedule means Immediate) */
    public String queryForm() {
        return switch (type) {
            case IMMEDIATE -> "IMMEDIATE";
            case INTERVAL -> "I_" + minutes;
            case DAILY -> "D_" + hhmm();
            case WEEKLY -> "W_" + hhmm();
            case MONTHLY -> "M_" + dayOfMonth + "_" + hhmm();
            case EXACTLY_ONCE -> "O_" + Timestamps.format(time);
        };
    }

    private String hhmm() {
        LocalTime t = LocalTime.ofInstant(time, ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
    }

    /** @return the schedule as JSON, e.g. {@code {"Interval":{"Minutes":1}}} */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode node = f.objectNode();
        switch (type) {
            case IMMEDIATE -> node.put("Immediate", true);
            case INTERVAL -> node.putObject("Interval").put("Minutes", minutes);
            case DAILY -> node.putObject("Daily").put("Time", isoZ(time));
            case WEEKLY -> {
                ObjectNode w = node.putObject("Weekly");
                days.forEach(d -> w.withArray("Days").add(d.getDisplayName(java.time.format.TextStyle.FULL, Locale.ROOT)));
                w.put("Time", isoZ(time));
            }
            case MONTHLY -> node.putObject("Monthly").put("Day", dayOfMonth).put("Time", isoZ(time));
            case EXACTLY_ONCE -> node.putObject("ExactlyOnce").put("Time", isoZ(time));
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
            return immediate();
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
                return immediate();
            case "interval":
                return interval(requiredInt(v, "Minutes", "Interval"));
            case "daily":
                return daily(requiredTime(v, "Daily"));
            case "exactlyonce":
                return exactlyOnce(requiredTime(v, "ExactlyOnce"));
            case "monthly": {
                int day = requiredInt(v, "Day", "Monthly");
                if (day < 1 || day > 31) {
                    throw new IllegalArgumentException("Schedule Monthly.Day must be 1 to 31, was " + day);
                }
                return new SimSchedule(Type.MONTHLY, 0, requiredTime(v, "Monthly"), List.of(), day);
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
                return new SimSchedule(Type.WEEKLY, 0, requiredTime(v, "Weekly"), days, 0);
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
