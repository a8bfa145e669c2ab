package io.jobhook.runtime.karaf.commands.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jobhook.runtime.admin.OperatorConsole;

@Command(scope = "jobhook", name = "events", description = "Recent completions, newest first, each with its deliveries")
@Service
public class EventsCommand implements Action {

    @Reference
    OperatorConsole console;

    @Option(name = "--job-id", description = "only the completions of this job (its GUID)")
    String jobId = "";

    @Option(name = "--job-type", description = "only this job type, by name (WinCertInventory)")
    String jobType = "";

    @Option(name = "--result", description = "only this result: Success, Warning or Failure")
    String result = "";

    @Option(name = "--outcome", description = "only completions with a delivery in this state: PENDING, DELIVERED or "
            + "FAILED")
    String outcome = "";

    @Option(name = "--unmatched", description = "only completions no handler took")
    boolean unmatched;

    @Option(name = "--handler", description = "only completions with a delivery to this handler (with --outcome: that "
            + "delivery in that state)")
    String handler = "";

    @Option(name = "--since", description = "only completions accepted at or after this time, ISO-8601 "
            + "(2026-12-04T21:00:00Z)")
    String since = "";

    @Option(name = "--until", description = "only completions accepted before this time, ISO-8601")
    String until = "";

    @Option(name = "--limit", description = "how many at most (default 50)")
    int limit = 50;

    @Override
    public Object execute() {
        Map<String, String> criteria = new LinkedHashMap<>();
        criteria.put("jobId", jobId);
        criteria.put("jobType", jobType);
        criteria.put("result", result);
        criteria.put("outcome", outcome);
        criteria.put("unmatched", unmatched ? "true" : "");
        criteria.put("handler", handler);
        criteria.put("since", since);
        criteria.put("until", until);
        criteria.put("limit", Integer.toString(limit));
        System.out.println(console.events(criteria));
        return null;
    }
}
