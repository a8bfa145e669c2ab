package io.jobhook.api.command;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * When Command runs a job: Keyfactor's {@code KeyfactorSchedule}, a JSON object with exactly one
 * member ({@code {"Immediate":true}}, {@code {"Interval":{"Minutes":60}}}, {@code {"Daily":{"Time":...}}},
 * {@code {"Weekly":{"Days":[...],"Time":...}}}, {@code {"Monthly":{"Day":15,"Time":...}}},
 * {@code {"ExactlyOnce":{"Time":...}}}). Times are instants; for daily, weekly and monthly schedules
 * only their time of day (UTC) matters.
 */
public sealed interface Schedule {

    /**
     * @return the schedule as Command writes it in queries ({@code ScheduleType}): {@code I_30},
     *         {@code D_14:30}; the weekly, monthly and once forms start with {@code W_}, {@code M_} and
     *         {@code O_} as Command documents, and go on with the time (and day) in Jobhook's spelling
     */
    String queryForm();

    /** Run once, as soon as possible; also what a null schedule means. */
    record Immediate() implements Schedule {
        @Override
        public String queryForm() {
            return "IMMEDIATE";
        }
    }

    /** Every {@code minutes} minutes. */
    record Interval(int minutes) implements Schedule {
        public Interval {
            if (minutes < 1) {
                throw new IllegalArgumentException("Interval minutes must be 1 or more, was " + minutes);
            }
        }

        @Override
        public String queryForm() {
            return "I_" + minutes;
        }
    }

    /** Every day at the time of day of {@code time}. */
    record Daily(Instant time) implements Schedule {
        public Daily {
            Objects.requireNonNull(time, "Daily schedule time");
        }

        @Override
        public String queryForm() {
            return "D_" + hhmm(time);
        }
    }

    /** On the given days of the week at the time of day of {@code time}. */
    record Weekly(List<DayOfWeek> days, Instant time) implements Schedule {
        public Weekly {
            Objects.requireNonNull(time, "Weekly schedule time");
            days = List.copyOf(days);
            if (days.isEmpty()) {
                throw new IllegalArgumentException("A weekly schedule needs at least one day");
            }
        }

        @Override
        public String queryForm() {
            return "W_" + hhmm(time);
        }
    }

    /** On day {@code day} (1 to 31) of every month at the time of day of {@code time}. */
    record Monthly(int day, Instant time) implements Schedule {
        public Monthly {
            Objects.requireNonNull(time, "Monthly schedule time");
            if (day < 1 || day > 31) {
                throw new IllegalArgumentException("Monthly schedule day must be 1 to 31, was " + day);
            }
        }

        @Override
        public String queryForm() {
            return "M_" + day + "_" + hhmm(time);
        }
    }

    /** Once, at {@code time}. */
    record ExactlyOnce(Instant time) implements Schedule {
        public ExactlyOnce {
            Objects.requireNonNull(time, "ExactlyOnce schedule time");
        }

        @Override
        public String queryForm() {
            return "O_" + LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        }
    }

    /** @return run once, as soon as possible */
    static Schedule immediate() {
        return new Immediate();
    }

    /** @return every {@code minutes} minutes */
    static Schedule everyMinutes(int minutes) {
        return new Interval(minutes);
    }

    private static String hhmm(Instant time) {
        LocalDateTime t = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        return String.format("%02d:%02d", t.getHour(), t.getMinute());
    }
}
