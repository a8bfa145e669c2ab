package io.jobhook.runtime.admin.internal;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * {@code jobhook:import-manifest <manifest.json> <handler PID> [write]}. Gogo calls a plain object's methods by
 * name, and no Java method is named {@code import-manifest}: a {@link Function} is how Gogo (and Karaf's shell)
 * run a command whose name has a {@code -}. The work is {@link JobhookCommands#importManifest}.
 *
 * <p>The Gogo API is an optional import of the bundle: without a shell (a Karaf without one, a runtime without
 * Gogo) this class cannot load, and {@link AdminComponent} goes without the command; the admin API still imports.
 */
final class ImportManifestCommand implements Function {

    static final String FUNCTION = "import-manifest";
    static final String USAGE = "Usage: jobhook:import-manifest <manifest.json> <handler PID> [write]";

    private final JobhookCommands commands;

    ImportManifestCommand(JobhookCommands commands) {
        this.commands = commands;
    }

    /** @return the command's registration as a Gogo function in scope {@code jobhook} */
    static ServiceRegistration<?> register(BundleContext context, JobhookCommands commands) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "jobhook");
        props.put("osgi.command.function", new String[] {FUNCTION});
        props.put(Constants.SERVICE_DESCRIPTION, "Jobhook manifest import command");
        return context.registerService(Function.class, new ImportManifestCommand(commands), props);
    }

    /** Prints its answer on the session's output, as {@link ShellCommands} do, and returns nothing. */
    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        java.io.PrintStream out = session == null ? System.out : session.getConsole();
        out.println(answer(session, arguments));
        out.flush();
        return null;
    }

    String answer(CommandSession session, List<Object> arguments) {
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
