package io.jobhook.runtime.admin.internal;

import java.io.PrintStream;
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
 * A {@code jobhook:} command whose name has a {@code -}: {@code import-manifest} and {@code forwarder-manifest}. Gogo
 * calls a plain object's methods by name, and no Java method is named so: a {@link Function} is how Gogo (and
 * Karaf's shell) run such a command. The work is {@link JobhookCommands}'; this maps the arguments and prints.
 *
 * <p>The Gogo API is an optional import of the bundle: without a shell (a Karaf without one, a runtime without Gogo)
 * this class cannot load, and {@link AdminComponent} goes without these commands; the admin API still has them.
 */
final class DashedCommand implements Function {

    static final String IMPORT_MANIFEST = "import-manifest";
    static final String IMPORT_MANIFEST_USAGE = "Usage: jobhook:import-manifest <manifest.json> <handler PID> [write]";
    static final String FORWARDER_MANIFEST = "forwarder-manifest";
    static final String FORWARDER_MANIFEST_USAGE =
            "Usage: jobhook:forwarder-manifest <url as Command reaches Jobhook> [manifest.json to write]";

    /** The command's answer to its arguments, or null when they do not fit its usage. */
    interface Answer {
        String to(CommandSession session, List<String> args);
    }

    private final String function;
    private final String usage;
    private final String description;
    private final Answer answer;

    private DashedCommand(String function, String usage, String description, Answer answer) {
        this.function = function;
        this.usage = usage;
        this.description = description;
        this.answer = answer;
    }

    /** {@code jobhook:import-manifest <manifest.json> <handler PID> [write]} */
    static DashedCommand importManifest(JobhookCommands commands) {
        return new DashedCommand(IMPORT_MANIFEST, IMPORT_MANIFEST_USAGE, "Jobhook manifest import command",
                (session, args) -> args.size() < 2 || args.size() > 3
                        || (args.size() == 3 && !args.get(2).equalsIgnoreCase("write")) ? null
                                : commands.importManifest(path(session, args.get(0)), args.get(1), args.size() == 3));
    }

    /** {@code jobhook:forwarder-manifest <url> [file]} */
    static DashedCommand forwarderManifest(JobhookCommands commands) {
        return new DashedCommand(FORWARDER_MANIFEST, FORWARDER_MANIFEST_USAGE,
                "Jobhook command forwarder manifest command", (session, args) -> args.isEmpty() || args.size() > 2
                        ? null
                        : commands.forwarderManifest(args.get(0), args.size() == 2 ? path(session, args.get(1)) : null));
    }

    String function() {
        return function;
    }

    /** @return the command's registration as a Gogo function in scope {@code jobhook} */
    ServiceRegistration<?> register(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "jobhook");
        props.put("osgi.command.function", new String[] {function});
        props.put(Constants.SERVICE_DESCRIPTION, description);
        return context.registerService(Function.class, this, props);
    }

    /** Prints its answer on the session's output, as {@link ShellCommands} do, and returns nothing. */
    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        PrintStream out = session == null ? System.out : session.getConsole();
        out.println(answer(session, arguments));
        out.flush();
        return null;
    }

    String answer(CommandSession session, List<Object> arguments) {
        String a = answer.to(session, arguments.stream().map(String::valueOf).toList());
        return a == null ? usage : a;
    }

    /** A relative path is the console's: its session's current folder when it keeps one. */
    private static Path path(CommandSession session, String path) {
        Path cwd = session == null ? null : session.currentDir();
        return cwd == null ? Path.of(path) : cwd.resolve(path);
    }
}
