package io.jobhook.runtime.karaf.commands.internal;

import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jobhook.runtime.admin.OperatorConsole;

@Command(scope = "jobhook", name = "forwarder-manifest", description = "The command forwarder's manifest.json for every job type the handlers match: shown, or written to a new file")
@Service
public class ForwarderManifestCommand implements Action {

    @Reference
    OperatorConsole console;

    @Argument(index = 0, name = "url", required = true,
            description = "the URL Command reaches Jobhook at, e.g. https://jobhook.example:8642")
    String url;

    @Argument(index = 1, name = "file",
            description = "the manifest.json to write, never over an existing file (a relative path is Karaf's base's); without it, shown")
    String file;

    @Override
    public Object execute() {
        System.out.println(console.forwarderManifest(url, file == null ? null : Path.of(file).toAbsolutePath()));
        return null;
    }
}
