package io.jobhook.runtime.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * {@code bin/jobhook}: embeds Felix through {@link FrameworkFactory}, so that the start order (logging
 * and configuration first), the framework properties of runtime/launcher/README.md, demo mode and a clean stop on
 * SIGTERM are decided in one small, tested place rather than in a generated runnable jar.
 *
 * <p>Bundles come from {@code system/<level>-<name>/*.jar}, each folder's bundles at that start level;
 * handler bundles from {@code handlers/}, which FileInstall watches.
 */
public final class Launcher {

    static final int DEFAULT_PORT = 8642;

    private Launcher() {
    }

    public static void main(String[] args) {
        LaunchOptions options;
        try {
            Path defaultHome = Path.of(System.getProperty("jobhook.home", "."));
            options = LaunchOptions.parse(args, defaultHome, stdinTerminal());
        } catch (IllegalArgumentException e) {
            System.err.println("jobhook: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LaunchOptions.USAGE);
            return;
        }
        try {
            System.exit(run(options));
        } catch (Exception e) {
            System.err.println("jobhook: could not start: " + e);
            System.exit(1);
        }
    }

    /**
     * Whether standard input is a terminal. {@code bin/jobhook} tells ({@code [ -t 0 ]}), since the JDK's
     * {@code System.console()} also wants standard output on a terminal, and so would take
     * {@code bin/jobhook | tee jobhook.log} for a run without a console; started otherwise, it is asked.
     */
    static boolean stdinTerminal() {
        String told = System.getProperty("jobhook.stdin.terminal");
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    static int run(LaunchOptions options) throws IOException, BundleException, InterruptedException {
        Path home = options.home();
        for (String dir : List.of("etc", "handlers", "data", "logs")) {
            Files.createDirectories(home.resolve(dir));
        }
        secretsDirectory(home.resolve("secrets"));
        httpConfiguration(home.resolve("etc").resolve(HttpEndpoints.CFG));
        clearTemporary(home); // what a killed run left
        Map<String, String> properties = frameworkProperties(home, options);
        HttpEndpoints http = HttpEndpoints.of(properties, ConfigFiles.read(home.resolve("etc").resolve(HttpEndpoints.CFG)));
        int port = http.httpPort();
        DemoSetup demo = new DemoSetup(home.resolve("etc"));
        if (demo.needed()) {
            if (port == 0) {
                throw new IllegalArgumentException("demo mode needs a fixed --port (the simulator pushes to it)");
            }
            if (port < 0) {
                throw new IllegalArgumentException("demo mode needs plain HTTP on loopback (the simulator pushes to "
                        + "it), but etc/" + HttpEndpoints.CFG + " turns it off");
            }
            demo.write(port);
            System.out.println("Jobhook demo mode: no Command URL in etc/io.jobhook.command.cfg, so the Command "
                    + "simulator runs in-process on http://127.0.0.1:" + port + "/KeyfactorAPI/");
        }
        // pax-logging reads its first configuration from a system property, with ${jobhook.home} substituted.
        System.setProperty("jobhook.home", home.toString());

        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        framework.init();
        List<Bundle> installed = install(framework, home.resolve("system"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(framework);
            clearTemporary(home);
        }, "jobhook-shutdown"));
        framework.start();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                start(b);
            }
        }
        framework.adapt(FrameworkStartLevel.class).setStartLevel(Integer.parseInt(
                properties.get(Constants.FRAMEWORK_BEGINNING_STARTLEVEL)));
        System.out.println("Jobhook started on " + http.describe("/jobhook/v1/") + " (home " + home + ")"
                + "; " + options.consoleNote());
        FrameworkEvent event = framework.waitForStop(0);
        return event.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /**
     * Felix HTTP starts only once its configuration has arrived ({@code org.apache.felix.http.require.config}): the
     * file must be there, even with nothing in it. The distribution ships one with every key commented.
     */
    static void httpConfiguration(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, "# Felix HTTP (PID org.apache.felix.http): HTTPS and client certificates, see "
                    + "docs/SECURITY.md.\n# Jetty starts when this file's configuration arrives: keep the file.\n");
        }
    }

    /** Where {@code $[secret:name]} finds its files by default: made readable by the owner only. */
    static void secretsDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir); // Windows: the directory's ACLs apply
        }
    }

    static Map<String, String> frameworkProperties(Path home, LaunchOptions options) throws IOException {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, home.resolve("data").resolve("framework").toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "4");
        p.put("felix.startlevel.bundle", "4");
        p.put("felix.log.level", "1");
        p.put("felix.bootdelegation.implicit", "false");
        p.put("ds.log.extension", "true");
        p.put("ds.loglevel", "warn");
        p.put("felix.fileinstall.dir", home.resolve("etc").toString());
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        p.put("felix.fileinstall.poll", "250");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.log.level", "2");
        // Unset, FileInstall makes a folder of its own in the system's temporary directory at every start.
        p.put("felix.fileinstall.tmpdir", home.resolve("data").resolve("tmp").resolve("fileinstall-etc").toString());
        p.put("org.osgi.service.http.port", Integer.toString(DEFAULT_PORT));
        p.put("org.apache.felix.http.host", "127.0.0.1");
        // Jetty starts once, with etc/org.apache.felix.http.cfg applied, instead of starting on the framework
        // properties and restarting when that file's configuration arrives (a request caught in the restart
        // would get no answer). The launcher makes sure the file exists.
        p.put("org.apache.felix.http.require.config", "true");
        // HTTPS, when etc/org.apache.felix.http.cfg turns it on: TLS 1.2 and 1.3 only
        p.put("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2");
        // etc/ is the one copy of configuration: ConfigAdmin keeps what FileInstall gives it in memory only
        p.put("felix.cm.pm", "memory");
        // $[env:NAME] and $[secret:name] in any value; ConfigAdmin hands out no configuration before the plugin
        // is there, so no component ever sees a reference instead of its value
        p.put("felix.cm.config.plugins", "org.apache.felix.configadmin.plugin.interpolation");
        p.put("org.apache.felix.configadmin.plugin.interpolation.secretsdir", home.resolve("secrets").toString());
        p.put("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
        p.put("org.ops4j.pax.logging.property.file", home.resolve("etc").resolve("org.ops4j.pax.logging.cfg").toString());
        p.put("jobhook.home", home.toString());
        p.put("jobhook.data", home.resolve("data").toString());
        // etc/config.properties: the operator's framework properties, over the defaults above
        Path config = home.resolve("etc").resolve("config.properties");
        if (Files.isRegularFile(config)) {
            Properties user = new Properties();
            try (InputStream in = Files.newInputStream(config)) {
                user.load(in);
            }
            user.stringPropertyNames().forEach(k -> p.put(k, user.getProperty(k).replace("${jobhook.home}",
                    home.toString())));
        }
        if (options.port() != null) {
            p.put("org.osgi.service.http.port", Integer.toString(options.port()));
        }
        if (options.headless()) {
            p.put("gosh.args", "--nointeractive");
        }
        return p;
    }

    /** How often a start that lost Felix's global lock to another thread is tried. */
    static final int START_ATTEMPTS = 5;

    /**
     * Starts a system bundle. FileInstall installs what lies in {@code handlers/} while these start; when the
     * two meet, Felix breaks the would-be deadlock by interrupting the thread that waits for its global lock,
     * and that thread's start fails with "Unable to acquire global lock for resolve". Nothing is wrong with
     * the bundle then: its start is tried again.
     */
    static void start(Bundle bundle) throws BundleException {
        for (int attempt = 1;; attempt++) {
            try {
                bundle.start();
                return;
            } catch (BundleException e) {
                if (attempt >= START_ATTEMPTS || !lostGlobalLock(e)) {
                    throw e;
                }
                Thread.interrupted(); // Felix's interrupt was for the lock, not for the launcher
            }
        }
    }

    private static boolean lostGlobalLock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Unable to acquire global lock")) {
                return true;
            }
        }
        return false;
    }

    /** Installs {@code system/<level>-<name>/*.jar}, lowest level first, each at its folder's start level. */
    static List<Bundle> install(Framework framework, Path system) throws IOException, BundleException {
        TreeMap<Integer, List<Path>> byLevel = new TreeMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(system, Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                int dash = name.indexOf('-');
                int level = Integer.parseInt(dash < 0 ? name : name.substring(0, dash));
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
                    for (Path jar : jars) {
                        byLevel.computeIfAbsent(level, l -> new ArrayList<>()).add(jar);
                    }
                }
            }
        }
        List<Bundle> bundles = new ArrayList<>();
        for (Map.Entry<Integer, List<Path>> level : byLevel.entrySet()) {
            level.getValue().sort(null);
            for (Path jar : level.getValue()) {
                // reference: Felix reads the jar where it lies instead of copying it into its cache at every start
                Bundle b = framework.getBundleContext().installBundle("reference:" + jar.toUri());
                b.adapt(BundleStartLevel.class).setStartLevel(level.getKey());
                bundles.add(b);
            }
        }
        return bundles;
    }

    /**
     * Removes {@code data/tmp}, where FileInstall keeps its temporary files: at a clean stop, and at start for
     * what a killed run left there.
     */
    static void clearTemporary(Path home) {
        Path tmp = home.resolve("data").resolve("tmp");
        if (!Files.exists(tmp)) {
            return;
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            System.err.println("jobhook: could not remove " + tmp + ": " + e);
        }
    }

    private static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                framework.stop();
                framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("jobhook: unclean stop: " + e);
        }
    }
}
