package io.jobhook.runtime.launcher;

import java.nio.file.Path;

/**
 * The command line of {@code bin/jobhook}.
 *
 * @param home the distribution's directory ({@code etc/}, {@code handlers/}, {@code data/}, ...)
 * @param headless run without a console (implied when standard input is not a terminal)
 * @param stdinTerminal whether standard input is a terminal (standard output may be piped, as with {@code | tee})
 * @param port the HTTP port, or null for {@code etc/config.properties} or 8642
 * @param help print the usage and exit
 */
record LaunchOptions(Path home, boolean headless, boolean stdinTerminal, Integer port, boolean help) {

    static final String USAGE = String.join("\n",
            "Usage: bin/jobhook [--headless] [--port N] [--help]",
            "",
            "Starts Jobhook in the foreground, with a Gogo console when standard input is a terminal.",
            "  --headless   no console (implied when standard input is not a terminal); stop with SIGTERM",
            "  --port N     the HTTP port for ingress, admin and the demo's simulator (default 8642, etc/config.properties);",
            "               a port in etc/org.apache.felix.http.cfg wins over it, as Felix HTTP reads that file first",
            "  --help       this text",
            "",
            "Configuration is read from etc/ (changes apply live); handler bundles dropped into handlers/ are",
            "installed, updated and removed as the files come, change and go. Without a Command URL in",
            "etc/io.jobhook.command.cfg, Jobhook starts its demo: an in-process Command simulator and the",
            "WinCert handler with its trace on.",
            "",
            "HTTPS and client certificates: etc/org.apache.felix.http.cfg (org.apache.felix.https.enable,",
            "org.osgi.service.http.port.secure, org.apache.felix.https.keystore, ...; org.apache.felix.http.enable =",
            "false for HTTPS only). Any value in etc/*.cfg may be $[env:NAME] or $[secret:name] (a file in secrets/,",
            "or where org.apache.felix.configadmin.plugin.interpolation.secretsdir says). See docs/SECURITY.md.",
            "",
            "Environment: JAVA_HOME, JAVA_OPTS; JOBHOOK_CDS=off to start without the class data sharing archive",
            "that the first clean stop writes to data/cds/ (it shortens later starts); JOBHOOK_MEMORY to replace",
            "the memory defaults (-XX:+UseSerialGC -Xms16m -Xmx512m; empty for the JVM's own).");

    /**
     * @throws IllegalArgumentException naming the argument that is not understood
     */
    static LaunchOptions parse(String[] args, Path defaultHome, boolean stdinTerminal) {
        boolean headless = !stdinTerminal;
        boolean help = false;
        Integer port = null;
        Path home = defaultHome;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--headless" -> headless = true;
                case "--help", "-h" -> help = true;
                case "--port" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--port needs a number");
                    }
                    port = port(args[++i]);
                }
                case "--home" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--home needs a directory");
                    }
                    home = Path.of(args[++i]);
                }
                default -> throw new IllegalArgumentException("Unknown argument '" + args[i] + "'; see --help");
            }
        }
        return new LaunchOptions(home.toAbsolutePath().normalize(), headless, stdinTerminal, port, help);
    }

    /** @return what the start line says about the console */
    String consoleNote() {
        if (!headless) {
            return "type 'help' for the console, 'stop 0' to stop";
        }
        return stdinTerminal ? "no console (--headless); stop with SIGTERM"
                : "no console, as standard input is not a terminal; stop with SIGTERM or Ctrl-C";
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port '" + value + "' is not a port number (0 to 65535)");
        }
    }
}
