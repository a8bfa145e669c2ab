package io.jobhook.runtime.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jobhook.runtime.admin.OperatorConsole;

@Command(scope = "jobhook", name = "replay", description = "Replays dead letters: every one of a handler, or one completion's")
@Service
public class ReplayCommand implements Action {

    @Reference
    OperatorConsole console;

    @Argument(index = 0, name = "handlerOrEventId", required = true,
            description = "the handler's identity; or, with a second argument, the completion's event id")
    String first;

    @Argument(index = 1, name = "handler", description = "the handler's identity, after an event id")
    String handler;

    @Override
    public Object execute() {
        System.out.println(handler == null ? console.replay(first) : console.replay(first, handler));
        return null;
    }
}
