package io.jobhook.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * The OSGi way to fan out: Felix EventAdmin 1.6.4 in an embedded Felix, 100 {@link EventHandler}s each on
 * a topic of its own job type, {@code sendEvent} (synchronous) and {@code postEvent} (asynchronous, ordered),
 * with its default handler timeout (5 s, which makes it watch every delivery) and with it off (0).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventAdminBenchmark {

    static final int BATCH = 1000;

    @Param({"1", "4", "16"})
    public int matches;

    @Param({"5000", "0"})
    public String timeout;

    private Fanout fanout;
    private Framework framework;
    private Path storage;
    private EventAdmin eventAdmin;
    private String topic;
    private long expected;

    @Setup
    public void setUp() throws Exception {
        fanout = new Fanout(matches);
        storage = Files.createTempDirectory("jobhook-eventadmin");
        Map<String, String> props = new HashMap<>();
        props.put("org.osgi.framework.storage", storage.toString());
        props.put("org.osgi.framework.storage.clean", "onFirstInit");
        // The benchmark's handlers and the bundle must share the event API: the class path exports it.
        props.put("org.osgi.framework.system.packages.extra", "org.osgi.service.event;version=1.4.0");
        props.put("org.apache.felix.eventadmin.Timeout", timeout);
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        framework.start();
        BundleContext context = framework.getBundleContext();
        Path jar = Path.of(EventAdmin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Bundle bundle = context.installBundle(jar.toUri().toString());
        bundle.start();
        for (int i = 0; i < Fanout.HANDLERS; i++) {
            Dictionary<String, Object> p = new Hashtable<>();
            p.put(EventConstants.EVENT_TOPIC, "jobhook/" + fanout.jobTypes.get(i));
            context.registerService(EventHandler.class, event -> fanout.handler.runHandler(
                    (OrchestratorJobCompleteHandlerContext) event.getProperty("context")), p);
        }
        eventAdmin = context.getService(context.getServiceReference(EventAdmin.class));
        topic = "jobhook/" + Fanout.MATCHED;
    }

    @TearDown
    public void tearDown() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private Event event() {
        return new Event(topic, Map.of("context", Fanout.completion()));
    }

    @Benchmark
    public void sendEvent() {
        eventAdmin.sendEvent(event());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void postEvent() {
        for (int i = 0; i < BATCH; i++) {
            eventAdmin.postEvent(event());
        }
        expected += (long) BATCH * matches;
        fanout.awaitDelivered(expected);
    }
}
