package io.jobhook.runtime.admin.internal;

import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

/**
 * {@code jobhook:import-manifest <manifest.json> <handler PID> [write]}. Gogo calls a plain object's methods by
 * name, and no Java method is named {@code import-manifest}: a {@link Function} is how Gogo (and Karaf's shell)
 * run a command whose name has a {@code -}. The work is {@link JobhookCommands#importManifest}.
 */
final class ImportManifestCommand implements Function {

    static final String FUNCTION = "import-manifest";
    static final String USAGE = "Usage: jobhook:import-manifest <manifest.json> <handler PID> [write]";

    private final JobhookCommands commands;

    ImportManifestCommand(JobhookCommands commands) {
        this.commands = commands;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = arguments.stream().map(String::valueOf).toList();
        if (args.size() < 2 || args.size() > 3 || (args.size() == 3 && !args.get(2).equalsIgnoreCase("write"))) {
            return USAGE;
        }
        // A relative path is the console's: its session's current folder when it keeps one
        Path cwd = session == null ? null : session.currentDir();
        Path manifest = cwd == null ? Path.of(args.get(0)) : cwd.resolve(args.get(0));
        return commands.importManifest(manifest, args.get(1), args.size() == 3);
    }
}
