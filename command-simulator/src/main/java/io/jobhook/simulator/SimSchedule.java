package io.jobhook.simulator;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.jobhook.simulator.internal.Timestamps;

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
}
