package io.jobhook.runtime.admin.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

/**
 * The {@code jobhook} commands on a console: Felix Gogo's in {@code bin/jobhook}, Karaf's shell. Each prints what
 * {@link JobhookCommands} says on the session's output and returns nothing: a shell shows a returned value only at an
 * interactive prompt, while a script ({@code bin/client "jobhook:health"}) shows only what was printed. Options as
 * Karaf users type them ({@code jobhook:events --outcome FAILED --limit 20}); {@code help jobhook:<command>} shows the
 * descriptions below.
 *
 * <p>The Gogo API is an optional import of the bundle: where no shell is, this class cannot load and
 * {@link AdminComponent} goes without the commands; the admin API serves the same.
 */
public final class ShellCommands {

    static final String[] FUNCTIONS = {"handlers", "events", "event", "replay", "fire", "jobtypes", "health",
        "backup"};

    private final JobhookCommands commands;

    ShellCommands(JobhookCommands commands) {
        this.commands = commands;
    }

    private static void print(CommandSession session, String text) {
        PrintStream out = session == null ? System.out : session.getConsole();
        out.println(text);
        out.flush();
    }

    @Descriptor("every handler: present or away, its bundle and version, job types, counters, queue and last error")
    public void handlers(CommandSession session) {
        print(session, commands.handlers());
    }

    @Descriptor("recent completions, newest first, each with its deliveries")
    public void events(CommandSession session,
            @Descriptor("only the completions of this job (its GUID)")
            @Parameter(names = "--job-id", absentValue = "") String jobId,
            @Descriptor("only this job type, by name (WinCertInventory)")
            @Parameter(names = "--job-type", absentValue = "") String jobType,
            @Descriptor("only this result: Success, Warning or Failure")
            @Parameter(names = "--result", absentValue = "") String result,
            @Descriptor("only completions with a delivery in this state: PENDING, DELIVERED or FAILED")
            @Parameter(names = "--outcome", absentValue = "") String outcome,
            @Descriptor("only completions no handler took")
            @Parameter(names = "--unmatched", absentValue = "false", presentValue = "true") boolean unmatched,
            @Descriptor("only completions with a delivery to this handler (with --outcome: that delivery in that state)")
            @Parameter(names = "--handler", absentValue = "") String handler,
            @Descriptor("only completions accepted at or after this time, ISO-8601 (2026-12-04T21:00:00Z)")
            @Parameter(names = "--since", absentValue = "") String since,
            @Descriptor("only completions accepted before this time, ISO-8601")
            @Parameter(names = "--until", absentValue = "") String until,
            @Descriptor("how many at most (default 50)")
            @Parameter(names = "--limit", absentValue = "50") int limit) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("jobId", jobId);
        q.put("jobType", jobType);
        q.put("result", result);
        q.put("outcome", outcome);
        q.put("unmatched", unmatched ? "true" : "");
        q.put("handler", handler);
        q.put("since", since);
        q.put("until", until);
        q.put("limit", Integer.toString(limit));
        print(session, commands.events(q));
    }

    @Descriptor("one completion in full, with every attempt, its outcome and error")
    public void event(CommandSession session, @Descriptor("the completion's event id") String eventId) {
        print(session, commands.event(eventId));
    }

    @Descriptor("replays every dead letter of a handler")
    public void replay(CommandSession session, @Descriptor("the handler's identity") String handler) {
        print(session, commands.replay(handler));
    }

    @Descriptor("replays one dead letter")
    public void replay(CommandSession session, @Descriptor("the completion's event id") String eventId,
            @Descriptor("the handler's identity") String handler) {
        print(session, commands.replay(eventId, handler));
    }

    @Descriptor("injects a completion by hand, as a pushed one would come")
    public void fire(CommandSession session, @Descriptor("the job type's GUID") String jobTypeId,
            @Descriptor("the job type's name, e.g. WinCertInventory") String jobType,
            @Descriptor("Success, Warning or Failure")
            @Parameter(names = "--result", absentValue = "Success") String result) {
        print(session, commands.fire(jobTypeId, jobType, result));
    }

    @Descriptor("a store type's job-type GUIDs in the connected Command, ready for a handler's jobTypes")
    public void jobtypes(CommandSession session, @Descriptor("the store type's short name, e.g. WinCert") String storeType) {
        print(session, commands.jobtypes(storeType));
    }

    @Descriptor("the runtime's health checks (journal, Command, poller lag, dead letters) and their details")
    public void health(CommandSession session,
            @Descriptor("only the checks with any of these tags, comma-separated: journal, command, poller, deadletters")
            @Parameter(names = "--tags", absentValue = "") String tags) {
        print(session, commands.health(tags));
    }

    @Descriptor("writes a consistent online backup of the journal (a zip holding journal.mv.db); never overwrites")
    public void backup(CommandSession session,
            @Descriptor("the file to write, e.g. /var/backups/jobhook-journal.zip (a relative path is the console's)")
            String file) {
        Path cwd = session == null ? null : session.currentDir();
        print(session, commands.backup(cwd == null ? Path.of(file) : cwd.resolve(file)));
    }
}
