package io.jobhook.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import io.jobhook.api.OrchestratorJobCompleteHandler;

/**
 * The opt-in second run of a handler's tests: its packaged bundle in a real Felix framework with Declarative
 * Services and Configuration Admin, configured through a factory configuration as an operator's {@code .cfg} would
 * configure it, so a test proves that the bundle's imports resolve and DS activates its component with that
 * configuration. What it returns is a {@link HandlerRunner} driving the registered service, so the same test
 * methods run against it (a failsafe {@code *IT} that extends the unit test and builds its runner here).
 *
 * <p>The Jobhook API and SLF4J come from the test's class path (exported by the framework itself), so contexts the
 * test builds, the simulated Command's client and {@link LogCapture} work across the boundary unchanged.
 */
public final class OsgiHandlerRunner {

    /** How long DS may take to register the configured handler. */
    static final long ACTIVATION_SECONDS = 20;

    private OsgiHandlerRunner() {
    }

    /**
     * @param bundle the handler's packaged bundle (e.g. {@code target/acme-handler-1.0.0.jar}, built by
     *        {@code package} before failsafe's integration tests)
     * @param factoryPid its component's factory PID
     * @param configuration the factory configuration, as the keys of an {@code etc/<factoryPid>-test.cfg}
     * @return a runner for the service DS registered for configuration {@code <factoryPid>~test}, which stops the
     *         framework when closed
     * @throws IllegalStateException naming what did not resolve, or that no service was registered in time
     */
    public static HandlerRunner start(Path bundle, String factoryPid, Map<String, ?> configuration) {
        if (!Files.isRegularFile(bundle)) {
            throw new IllegalArgumentException("no bundle at " + bundle.toAbsolutePath() + " (run after 'package')");
        }
        Framework framework = null;
        try {
            Path storage = Files.createTempDirectory("jobhook-testkit-felix");
            framework = framework(storage);
            BundleContext context = framework.getBundleContext();
            for (String platformClass : List.of("org.osgi.util.function.Function", "org.osgi.util.promise.Promise",
                    "org.osgi.service.component.ComponentContext", "org.apache.felix.cm.impl.ConfigurationManager",
                    "org.apache.felix.scr.impl.Activator")) {
                context.installBundle(jarOf(platformClass).toUri().toString());
            }
            for (Bundle b : context.getBundles()) {
                if (b.getBundleId() != 0 && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
            Bundle handlerBundle = context.installBundle(bundle.toUri().toString());
            try {
                handlerBundle.start();
            } catch (BundleException e) {
                throw new IllegalStateException("the bundle " + bundle.getFileName() + " does not resolve in OSGi: "
                        + e.getMessage(), e);
            }
            configure(context, factoryPid, configuration);
            String pid = factoryPid + "~test";
            ServiceReference<OrchestratorJobCompleteHandler> ref = await(context, pid, handlerBundle);
            Map<String, Object> properties = new HashMap<>();
            for (String key : ref.getPropertyKeys()) {
                properties.put(key, ref.getProperty(key));
            }
            OrchestratorJobCompleteHandler handler = context.getService(ref);
            Framework running = framework;
            return HandlerRunner.of(handler, properties, () -> stop(running, storage));
        } catch (BundleException | IOException e) {
            stopQuietly(framework);
            throw new IllegalStateException("could not start OSGi for " + bundle.getFileName() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stopQuietly(framework);
            throw e;
        }
    }

    private static Framework framework(Path storage) throws BundleException, IOException {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put("felix.bootdelegation.implicit", "false");
        p.put("ds.loglevel", "warn");
        // The API and logging a handler imports are the test's own classes, so objects pass between the two as they are.
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",", exportsOf("io.jobhook.api.Guids"),
                exportsOf("org.slf4j.Logger")));
        Framework f = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(p);
        f.start();
        return f;
    }

    /** A factory configuration through Configuration Admin's own API, reflectively: its classes live in its bundle. */
    private static void configure(BundleContext context, String factoryPid, Map<String, ?> configuration) {
        // Configuration Admin registers its service once its persistence is ready, on a thread of its own. Asked for
        // regardless of class identity: its API classes are its bundle's, not the ones on the test's class path.
        ServiceReference<?> ref = configurationAdmin(context);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACTIVATION_SECONDS);
        while (ref == null && System.nanoTime() < deadline) {
            pause();
            ref = configurationAdmin(context);
        }
        if (ref == null) {
            throw new IllegalStateException("Configuration Admin registered no service within " + ACTIVATION_SECONDS + " s");
        }
        Object admin = context.getService(ref);
        try {
            Method get = admin.getClass().getMethod("getFactoryConfiguration", String.class, String.class, String.class);
            Object config = get.invoke(admin, factoryPid, "test", "?");
            Dictionary<String, Object> values = new Hashtable<>();
            configuration.forEach(values::put);
            config.getClass().getMethod("update", Dictionary.class).invoke(config, values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not configure " + factoryPid + ": " + e, e);
        }
    }

    private static ServiceReference<?> configurationAdmin(BundleContext context) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
            return refs == null ? null : refs[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceReference<OrchestratorJobCompleteHandler> await(BundleContext context, String pid, Bundle bundle) {
        String filter = "(service.pid=" + pid + ")";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACTIVATION_SECONDS);
        while (System.nanoTime() < deadline) {
            try {
                var refs = context.getServiceReferences(OrchestratorJobCompleteHandler.class, filter);
                if (!refs.isEmpty()) {
                    return refs.iterator().next();
                }
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException("factory PID not usable in a filter: " + pid, e);
            }
            pause(); // polled against a deadline: DS activates on its own thread
        }
        List<String> services = new ArrayList<>();
        if (bundle.getRegisteredServices() != null) {
            Stream.of(bundle.getRegisteredServices()).forEach(r -> services.add(String.valueOf(r.getProperty("objectClass"))));
        }
        throw new IllegalStateException("DS registered no OrchestratorJobCompleteHandler for configuration " + pid
                + " within " + ACTIVATION_SECONDS + " s (bundle " + bundle.getSymbolicName() + " state " + bundle.getState()
                + ", its services " + services + "): is the component's configurationPid the factory PID, and does "
                + "its constructor accept this configuration? SCR's log above says why");
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for OSGi", e);
        }
    }

    private static String exportsOf(String className) {
        Path jar = jarOf(className);
        try {
            Manifest m;
            if (Files.isDirectory(jar)) { // a reactor module's classes: its manifest only if bnd wrote it there
                Path mf = jar.resolve("META-INF/MANIFEST.MF");
                try (InputStream in = Files.exists(mf) ? Files.newInputStream(mf) : InputStream.nullInputStream()) {
                    m = Files.exists(mf) ? new Manifest(in) : null;
                }
            } else {
                try (InputStream in = Files.newInputStream(jar); JarInputStream j = new JarInputStream(in)) {
                    m = j.getManifest();
                }
            }
            String exports = m == null ? null : m.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            if (exports == null) {
                throw new IllegalStateException(jar + " exports no package (a bundle is needed: run after 'package')");
            }
            return exports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path jarOf(String className) {
        try {
            Class<?> c = Class.forName(className, false, OsgiHandlerRunner.class.getClassLoader());
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException | NullPointerException e) {
            throw new IllegalStateException(className + " is not on the test's class path (handler-testkit brings it)", e);
        }
    }

    private static void stop(Framework framework, Path storage) throws Exception {
        framework.stop();
        framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
        try (Stream<Path> files = Files.walk(storage)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static void stopQuietly(Framework framework) {
        if (framework != null) {
            try {
                framework.stop();
            } catch (BundleException ignored) {
                // already failing: the first error is the one to report
            }
        }
    }
}
