package io.jobhook.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The simulator on the JDK's HTTP server, bound to 127.0.0.1: for the runnable jar and for other modules'
 * tests. Faults that break the connection really break it: {@code disconnect} closes it without an
 * answer, {@code truncate} declares the full Content-Length, sends half and closes.
 *
 * <pre>{@code
 * try (StandaloneSimulator sim = StandaloneSimulator.start(0, SimulatorSettings.defaults())) {
 *     URI api = sim.baseUri();   // http://127.0.0.1:PORT/KeyfactorAPI/
 * }
 * }</pre>
 */
public final class StandaloneSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneSimulator.class);

    private final CommandSimulator simulator;
    private final HttpServer server;
    private final ExecutorService executor;

    private StandaloneSimulator(CommandSimulator simulator, HttpServer server, ExecutorService executor) {
        this.simulator = simulator;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a simulator on 127.0.0.1 with the system clock.
     *
     * @param port the port, 0 for a free one
     * @throws IOException when the port cannot be bound
     * @throws IllegalArgumentException for settings that cannot work
     */
    public static StandaloneSimulator start(int port, SimulatorSettings settings) throws IOException {
        return start(port, settings, Clock.systemUTC());
    }

    /** As {@link #start(int, SimulatorSettings)}, with the given clock. */
    public static StandaloneSimulator start(int port, SimulatorSettings settings, Clock clock) throws IOException {
        CommandSimulator sim = new CommandSimulator(settings, clock);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            sim.close();
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "jobhook-simulator-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(sim, exchange));
        server.start();
        StandaloneSimulator s = new StandaloneSimulator(sim, server, executor);
        LOG.info("Command simulator listening on {}", s.baseUri());
        return s;
    }

    private static void serve(CommandSimulator sim, HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = exchange.getRequestURI();
        SimRequest req = new SimRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), body);
        SimResponse resp = sim.handle(req);
        if (resp.delivery() == SimResponse.Delivery.DISCONNECT) {
            // Throwing from the handler makes the JDK server close the connection without an answer.
            throw new IOException("Simulated disconnect");
        }
        for (Map.Entry<String, List<String>> h : resp.headers().entrySet()) {
            for (String v : h.getValue()) {
                exchange.getResponseHeaders().add(h.getKey(), v);
            }
        }
        byte[] out = resp.body();
        boolean noBody = out.length == 0 || resp.status() == 204 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(resp.status(), noBody ? -1 : out.length);
        if (noBody) {
            exchange.close();
            return;
        }
        OutputStream os = exchange.getResponseBody();
        if (resp.delivery() == SimResponse.Delivery.TRUNCATE) {
            os.write(out, 0, out.length / 2);
            os.flush();
            // Closing short of Content-Length makes the JDK server drop the connection.
            throw new IOException("Simulated truncated answer");
        }
        os.write(out);
        os.close();
    }

    /** @return e.g. {@code http://127.0.0.1:PORT/KeyfactorAPI/} */
    public URI baseUri() {
        return URI.create(origin() + simulator.settings().basePath() + "/");
    }

    /** @return the OAuth token endpoint's URI */
    public URI tokenUri() {
        return URI.create(origin() + CommandSimulator.TOKEN_PATH);
    }

    /** @return e.g. {@code http://127.0.0.1:PORT/simulator/faults} */
    public URI controlUri(String what) {
        return URI.create(origin() + "/simulator/" + what);
    }

    private String origin() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the live model, to seed data or step the job engine */
    public CommandModel model() {
        return simulator.model();
    }

    /** @return the faults in force, changeable at run time */
    public FaultControl faults() {
        return simulator.faults();
    }

    /** @return the settings in force, with the credentials it accepts */
    public SimulatorSettings settings() {
        return simulator.settings();
    }

    /** @return the transport-neutral simulator */
    public CommandSimulator simulator() {
        return simulator;
    }

    /** @see CommandSimulator#requestCount(String) */
    public long requestCount(String pathSuffix) {
        return simulator.requestCount(pathSuffix);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        simulator.close();
        LOG.debug("Command simulator on port {} stopped", port());
    }
}
