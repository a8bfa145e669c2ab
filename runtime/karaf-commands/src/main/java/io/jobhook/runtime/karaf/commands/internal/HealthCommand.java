package io.jobhook.runtime.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jobhook.runtime.admin.OperatorConsole;

@Command(scope = "jobhook", name = "health", description = "The runtime's health checks (journal, Command, poller lag, dead letters) and their details")
@Service
public class HealthCommand implements Action {

    @Reference
    OperatorConsole console;

    @Option(name = "--tags", description = "only the checks with any of these tags, comma-separated: journal, command, "
            + "poller, deadletters")
    String tags = "";

    @Override
    public Object execute() {
        System.out.println(console.health(tags));
        return null;
    }
}
