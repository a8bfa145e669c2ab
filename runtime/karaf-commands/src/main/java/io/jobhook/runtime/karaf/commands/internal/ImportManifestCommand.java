package io.jobhook.runtime.karaf.commands.internal;

import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jobhook.runtime.admin.OperatorConsole;

@Command(scope = "jobhook", name = "import-manifest", description = "One handler configuration per registration of a Command manifest.json: shown, or written with write")
@Service
public class ImportManifestCommand implements Action {

    @Reference
    OperatorConsole console;

    @Argument(index = 0, name = "manifest", required = true,
            description = "Command's manifest.json (a relative path is Karaf's base's)")
    String manifest;

    @Argument(index = 1, name = "pid", description = "the handler's factory PID, e.g. io.jobhook.wincert", required = true)
    String pid;

    @Argument(index = 2, name = "write", description = "write: write the files (without it, a dry run)")
    String write;

    @Override
    public Object execute() {
        System.out.println(write == null || write.equalsIgnoreCase("write")
                ? console.importManifest(Path.of(manifest).toAbsolutePath(), pid, write != null)
                : "Usage: jobhook:import-manifest <manifest.json> <handler PID> [write]");
        return null;
    }
}
