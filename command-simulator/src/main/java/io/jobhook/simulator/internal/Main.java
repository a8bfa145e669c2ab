package io.jobhook.simulator.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar command-simulator.jar [--port N] [--seed S] [--store-types FILE] [--base-path P]}:
 * runs the simulator on 127.0.0.1 until SIGTERM or Ctrl-C, after printing its URLs and the demo
 * credentials it generated (the one place the simulator prints secrets, on purpose).
 */
public final class Main {

    /** The standalone simulator's default port (command-simulator/README.md). */
    public static final int DEFAULT_PORT = 8643;

    private Main() {
    }

    /** The parsed command line. */
    record Options(int port, SimulatorSettings settings) {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        // The embedded slf4j-simple is named here rather than registered in the jar's META-INF/services: on another
        // program's class path (a handler's tests, through the test kit) the jar then offers no logging of its own.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("command-simulator: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (options == null) {
            usage(System.out);
            return;
        }
        StandaloneSimulator sim = StandaloneSimulator.start(options.port(), options.settings());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "jobhook-simulator-shutdown"));
        SimulatorSettings s = sim.settings();
        System.out.println("Keyfactor Command simulator (seed " + s.seed() + ")");
        System.out.println("  API:         " + sim.baseUri());
        System.out.println("  Basic:       " + s.user() + ":" + s.password());
        System.out.println("  OAuth token: " + sim.tokenUri());
        System.out.println("  OAuth:       client_id=" + s.clientId() + " client_secret=" + s.clientSecret());
        System.out.println("  Control:     " + sim.controlUri("faults"));
        System.out.println("Stop with Ctrl-C.");
        stopped.await();
    }

    /**
     * @return the options, or null when help was asked for
     * @throws IllegalArgumentException naming the bad argument
     */
    static Options parse(String[] args) {
        int port = DEFAULT_PORT;
        SimulatorSettings s = SimulatorSettings.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> port = intArg(a, value(args, ++i, a), 0, 65535);
                case "--seed" -> {
                    String v = value(args, ++i, a);
                    try {
                        s = s.withSeed(Long.parseLong(v));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed '" + v + "' is not a whole number");
                    }
                }
                case "--store-types" -> {
                    Path file = Path.of(value(args, ++i, a));
                    if (!Files.isReadable(file)) {
                        throw new IllegalArgumentException("--store-types " + file + " is not a readable file");
                    }
                    s = s.withStoreTypesFile(file);
                }
                case "--base-path" -> s = s.withBasePath(value(args, ++i, a));
                case "--job-interval" -> s = s.withJobIntervalSeconds(intArg(a, value(args, ++i, a), 0, 86400));
                case "--faults" -> s = s.withFaults(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return new Options(port, s);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static int intArg(String name, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(name + " '" + v + "' must be a number from " + min + " to " + max);
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar command-simulator.jar [--port N (default 8643)] [--seed S (default 1)]");
        out.println("       [--store-types FILE] [--base-path P (default /KeyfactorAPI)]");
        out.println("       [--job-interval SECONDS (default 5, 0 = off)] [--faults SPEC]");
    }
}
