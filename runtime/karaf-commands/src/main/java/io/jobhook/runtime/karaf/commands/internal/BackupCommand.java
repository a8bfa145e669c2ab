package io.jobhook.runtime.karaf.commands.internal;

import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jobhook.runtime.admin.OperatorConsole;

@Command(scope = "jobhook", name = "backup", description = "Writes a consistent online backup of the journal (a zip holding journal.mv.db); never overwrites")
@Service
public class BackupCommand implements Action {

    @Reference
    OperatorConsole console;

    @Argument(index = 0, name = "file", required = true,
            description = "the file to write, e.g. /var/backups/jobhook-journal.zip (a relative path is Karaf's base's)")
    String file;

    @Override
    public Object execute() {
        System.out.println(console.backup(Path.of(file).toAbsolutePath()));
        return null;
    }
}
