package io.jobhook.runtime.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jobhook.runtime.admin.OperatorConsole;

@Command(scope = "jobhook", name = "fire", description = "Injects a completion by hand, as a pushed one would come")
@Service
public class FireCommand implements Action {

    @Reference
    OperatorConsole console;

    @Argument(index = 0, name = "jobTypeId", description = "the job type's GUID", required = true)
    String jobTypeId;

    @Argument(index = 1, name = "jobType", description = "the job type's name, e.g. WinCertInventory", required = true)
    String jobType;

    @Option(name = "--result", description = "Success, Warning or Failure (default Success)")
    String result = "Success";

    @Override
    public Object execute() {
        System.out.println(console.fire(jobTypeId, jobType, result));
        return null;
    }
}
