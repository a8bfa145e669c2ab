package io.jobhook.runtime.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jobhook.runtime.admin.OperatorConsole;

@Command(scope = "jobhook", name = "jobtypes", description = "A store type's job-type GUIDs in the connected Command, ready for a handler's jobTypes")
@Service
public class JobtypesCommand implements Action {

    @Reference
    OperatorConsole console;

    @Argument(index = 0, name = "storeType", description = "the store type's short name, e.g. WinCert", required = true)
    String storeType;

    @Override
    public Object execute() {
        System.out.println(console.jobtypes(storeType));
        return null;
    }
}
