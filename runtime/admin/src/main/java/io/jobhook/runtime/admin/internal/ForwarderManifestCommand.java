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
 * {@code jobhook:forwarder-manifest <url> [file]}: a {@link Function}, as {@link ImportManifestCommand} is, because
 * Gogo finds no Java method by a name with a {@code -}. The work is {@link JobhookCommands#forwarderManifest}.
 * Loadable only where the Gogo API is ({@link AdminComponent} goes without it elsewhere).
 */
final class ForwarderManifestCommand implements Function {

    static final String FUNCTION = "forwarder-manifest";
    static final String USAGE = "Usage: jobhook:forwarder-manifest <url as Command reaches Jobhook> [manifest.json to write]";

    private final JobhookCommands commands;

    ForwarderManifestCommand(JobhookCommands commands) {
        this.commands = commands;
    }

    /** @return the command's registration as a Gogo function in scope {@code jobhook} */
    static ServiceRegistration<?> register(BundleContext context, JobhookCommands commands) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "jobhook");
        props.put("osgi.command.function", new String[] {FUNCTION});
        props.put(Constants.SERVICE_DESCRIPTION, "Jobhook command forwarder manifest command");
        return context.registerService(Function.class, new ForwarderManifestCommand(commands), props);
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
        if (args.isEmpty() || args.size() > 2) {
            return USAGE;
        }
        Path file = null;
        if (args.size() == 2) {
            // A relative path is the console's: its session's current folder when it keeps one
            Path cwd = session == null ? null : session.currentDir();
            file = cwd == null ? Path.of(args.get(1)) : cwd.resolve(args.get(1));
        }
        return commands.forwarderManifest(args.get(0), file);
    }
}
