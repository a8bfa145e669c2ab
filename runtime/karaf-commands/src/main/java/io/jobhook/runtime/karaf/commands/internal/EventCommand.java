package io.jobhook.runtime.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jobhook.runtime.admin.OperatorConsole;

@Command(scope = "jobhook", name = "event", description = "One completion in full, with every attempt, its outcome and error")
@Service
public class EventCommand implements Action {

    @Reference
    OperatorConsole console;

    @Argument(index = 0, name = "eventId", description = "the completion's event id", required = true)
    String eventId;

    @Override
    public Object execute() {
        System.out.println(console.event(eventId));
        return null;
    }
}
