package io.jobhook.runtime.admin.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;

import io.jobhook.api.command.CommandApi;
import io.jobhook.runtime.spi.EventHistory;
import io.jobhook.runtime.spi.JournalHealth;
import io.jobhook.runtime.spi.PollerStatus;

/**
 * Jobhook's health checks, as Felix Health Checks: each is registered as a {@link HealthCheck} service, tagged, so an
 * operator runs them by tag ({@code hc:exec journal}); {@code /jobhook/v1/health} and {@code jobhook:health} run these
 * same checks. Each reads what the runtime already knows and writes nothing.
 */
final class HealthChecks {

    /** The tag every Jobhook check carries. */
    static final String TAG = "jobhook";

    /** The checks, each with its name and own tag. */
    enum Check {
        JOURNAL("Jobhook journal", "journal"),
        COMMAND("Jobhook Command API", "command"),
        POLLER("Jobhook poller lag", "poller"),
        DEAD_LETTERS("Jobhook dead letters", "deadletters");

        final String title;
        final String tag;

        Check(String title, String tag) {
            this.title = title;
            this.tag = tag;
        }

        List<String> tags() {
            return List.of(TAG, tag);
        }
    }

    /** One check's result, for the admin API and the console. */
    record Outcome(Check check, Result.Status status, String message) {
        boolean worseThan(Result.Status other) {
            return status.ordinal() > other.ordinal();
        }
    }

    /** How many dead letters are counted per run (the count says "at least" beyond). */
    static final int DEAD_LETTERS_COUNTED = 1000;

    private final JournalHealth journalHealth;
    private final EventHistory journal;
    private final CommandProbe command;
    private final Supplier<CommandApi> client;
    private final Supplier<PollerStatus> poller;
    private final Duration lagWarning;

    /**
     * @param lagWarning a poller further behind than this is a warning (as is one that fails or never succeeded)
     */
    HealthChecks(JournalHealth journalHealth, EventHistory journal, CommandProbe command, Supplier<CommandApi> client,
            Supplier<PollerStatus> poller, Duration lagWarning) {
        this.journalHealth = journalHealth;
        this.journal = journal;
        this.command = command;
        this.client = client;
        this.poller = poller;
        this.lagWarning = lagWarning;
    }

    /**
     * @param tags tags as an operator types them (any of them selects a check); empty selects every check
     * @return the checks selected, in their order
     * @throws IllegalArgumentException for a tag no check carries, naming the tags there are
     */
    static List<Check> tagged(Collection<String> tags) {
        List<String> wanted = tags.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty())
                .toList();
        List<String> known = new ArrayList<>(List.of(TAG));
        for (Check c : Check.values()) {
            known.add(c.tag);
        }
        for (String t : wanted) {
            if (!known.contains(t)) {
                throw new IllegalArgumentException("No health check is tagged '" + t + "'; the tags are "
                        + String.join(", ", known));
            }
        }
        return List.of(Check.values()).stream()
                .filter(c -> wanted.isEmpty() || c.tags().stream().anyMatch(wanted::contains)).toList();
    }

    /** @return the check as a Felix Health Checks service */
    HealthCheck service(Check check) {
        return () -> run(check);
    }

    Outcome outcome(Check check) {
        Result r = run(check);
        String message = java.util.stream.StreamSupport.stream(r.spliterator(), false).map(e -> e.getMessage())
                .collect(Collectors.joining("; "));
        return new Outcome(check, r.getStatus(), message);
    }

    Result run(Check check) {
        FormattingResultLog log = new FormattingResultLog();
        switch (check) {
            case JOURNAL -> {
                Optional<String> problem = journalHealth.writeProblem();
                if (problem.isPresent()) {
                    log.critical("The journal cannot take writes (pushes are refused with 503): {}", problem.get());
                } else {
                    log.info("The journal takes writes");
                }
            }
            case COMMAND -> {
                CommandApi api = client.get();
                CommandProbe.Result probe = command.current();
                if (api == null) {
                    log.warn("No Command API is configured (etc/io.jobhook.command.cfg): store types stay "
                            + "unresolved and handlers get no client");
                } else if (probe.reachable()) {
                    log.info("Command at {} answers{}", api.baseUri(),
                            probe.productVersion() == null ? "" : ", version " + probe.productVersion());
                } else {
                    log.warn("Command at {} does not answer ({}): completions are still journaled and delivered",
                            api.baseUri(), probe.error());
                }
            }
            case POLLER -> {
                PollerStatus p = poller.get();
                if (p == null) {
                    log.info("No job history poller is installed");
                } else if (!p.enabled()) {
                    log.info("The job history poller is off{}", p.lastError() == null ? "" : ": " + p.lastError());
                } else if (p.standby()) {
                    log.info("Another runtime sharing the journal polls Command; this one stands by");
                } else if (p.lastSuccessAt() == null) {
                    log.warn("No poll of Command's job history has succeeded yet{}",
                            p.lastError() == null ? "" : ": " + p.lastError());
                } else if (p.consecutiveFailures() > 0) {
                    log.warn("The last {} polls failed ({}); lag {} s", p.consecutiveFailures(), p.lastError(),
                            p.lag().toSeconds());
                } else if (p.lag().compareTo(lagWarning) > 0) {
                    log.warn("The poller is {} s behind Command (warning beyond {} s)", p.lag().toSeconds(),
                            lagWarning.toSeconds());
                } else {
                    log.info("Polling, lag {} s, checkpoint {}", p.lag().toSeconds(), p.checkpoint());
                }
            }
            case DEAD_LETTERS -> {
                if (journalHealth.writeProblem().isPresent()) {
                    log.info("Dead letters not counted: the journal cannot be read now");
                } else {
                    Map<String, Integer> dead = deadLetters();
                    if (dead.isEmpty()) {
                        log.info("No dead letters");
                    } else {
                        log.warn("Dead letters: {} (replay with jobhook:replay <handler>)", dead.entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
                    }
                }
            }
            default -> throw new AssertionError(check);
        }
        return new Result(log);
    }

    /** @return handlers with dead letters and how many (up to {@link #DEAD_LETTERS_COUNTED} counted) */
    Map<String, Integer> deadLetters() {
        Map<String, Integer> dead = new TreeMap<>();
        journal.deadLetters(null, DEAD_LETTERS_COUNTED).forEach(d -> dead.merge(d.handler(), 1, Integer::sum));
        return dead;
    }
}
