package io.jobhook.runtime.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The series one part of the runtime keeps in a metrics registry (the process's, or a test's own). A metric must
 * never stop or change what it measures: a series the registry refuses (one of that name left by an instance never
 * closed) is logged, not thrown, and a recording that fails is reported once and otherwise ignored. {@link #close}
 * removes what was registered, so the next instance registers the same names again.
 */
public final class MetricSeries implements AutoCloseable {

    private final PrometheusRegistry registry;
    private final Logger log;
    private final String what;
    private final List<Collector> registered = new ArrayList<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param log the owner's logger, so that its lines carry the owner's name
     * @param what what the series are, for those lines ("Ingress metrics")
     */
    public MetricSeries(PrometheusRegistry registry, Logger log, String what) {
        this.registry = registry;
        this.log = log;
        this.what = what;
    }

    /** Registers each series; one the registry refuses is logged and left out. */
    public synchronized void register(Collector... collectors) {
        for (Collector c : collectors) {
            try {
                registry.register(c);
                registered.add(c);
            } catch (IllegalArgumentException e) {
                log.warn("Metric not registered: {}", e.getMessage());
            }
        }
    }

    /** Runs {@code recording}; never throws (a failure is logged the first time only). */
    public void record(Runnable recording) {
        try {
            recording.run();
        } catch (RuntimeException | LinkageError e) {
            if (warned.compareAndSet(false, true)) {
                log.warn("{} not recorded (reported once): {}", what, e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        registered.forEach(registry::unregister);
        registered.clear();
    }
}
