package io.jobhook.runtime.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jobhook.runtime.admin.OperatorConsole;

@Command(scope = "jobhook", name = "handlers", description = "Every handler: present or away, its bundle and version, job types, counters, queue and last error")
@Service
public class HandlersCommand implements Action {

    @Reference
    OperatorConsole console;

    @Override
    public Object execute() {
        System.out.println(console.handlers());
        return null;
    }
}
