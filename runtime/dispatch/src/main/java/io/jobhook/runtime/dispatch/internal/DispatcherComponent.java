package io.jobhook.runtime.dispatch.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.command.CommandApi;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.DeliveryControl;
import io.jobhook.runtime.spi.DeliveryJournal;
import io.jobhook.runtime.spi.DeliveryPolicy;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The dispatcher in OSGi: registers the {@link Dispatcher} itself, once it has resumed what the journal left, as the
 * {@link CompletionIntake} and {@link DeliveryControl} services (no layer that only hands calls on; {@code bnd.bnd}
 * declares them for resolvers), and tracks every {@link OrchestratorJobCompleteHandler} service (whiteboard) and the
 * current {@link CommandApi}.
 */
@Component(service = {}, configurationPid = "io.jobhook.dispatch", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = DispatchConfig.class)
public final class DispatcherComponent {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherComponent.class);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(2);

    private final AtomicReference<CommandApi> client = new AtomicReference<>();
    private final ScheduledExecutorService scheduler;
    private final Dispatcher dispatcher;
    /** The handler services bound, by service id, to read again when the defaults change. */
    private final Map<Long, Bound> bound = new HashMap<>();

    private record Bound(OrchestratorJobCompleteHandler handler, ServiceReference<OrchestratorJobCompleteHandler> ref,
            HandlerRegistration registration) {
    }

    private final BundleContext context;
    private final BundleListener uninstalls;
    private ServiceRegistration<?> registration;

    @Activate
    public DispatcherComponent(@Reference(name = "journal") DeliveryJournal journal, DispatchConfig config,
            BundleContext context) {
        this.context = context;
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "jobhook-dispatch-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true); // a cancelled deadline is garbage at once
        // Started here, where no completion's log keys are set for the threads to inherit.
        executor.prestartAllCoreThreads();
        this.scheduler = executor;
        this.dispatcher = new Dispatcher(journal, client::get, scheduler, Clock.systemUTC(), settings(config),
                PrometheusRegistry.defaultRegistry);
        // A handler bundle uninstalled (deleted from handlers/) is gone for good; an update is not.
        this.uninstalls = event -> {
            if (event.getType() == BundleEvent.UNINSTALLED) {
                dispatcher.forgetBundle(event.getBundle().getBundleId());
            }
        };
        context.addBundleListener(uninstalls);
    }

    @Activate
    void activate() {
        resume();
        scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_DESCRIPTION, "Jobhook dispatcher: journals completions and delivers them to handlers");
        registration = context.registerService(SERVICES, dispatcher, props);
    }

    /** What the dispatcher is registered as. */
    static final String[] SERVICES = {CompletionIntake.class.getName(), DeliveryControl.class.getName()};

    /**
     * Resumes what the journal left; a journal that cannot be read yet (its database not reached) is tried again on
     * each sweep, while the ingress answers 503 for it, instead of leaving no ingress at all.
     */
    private void resume() {
        try {
            dispatcher.resume();
            resumed = true;
        } catch (RuntimeException e) {
            if (!resumeFailureLogged) {
                resumeFailureLogged = true;
                LOG.warn("Dispatcher cannot resume from the journal yet ({}); trying again every {} s", e.getMessage(),
                        SWEEP_EVERY.toSeconds());
            }
        }
    }

    private volatile boolean resumed;
    private boolean resumeFailureLogged;

    private void sweep() {
        if (!resumed) {
            resume();
            if (!resumed) {
                return;
            }
            LOG.info("Dispatcher resumed from the journal");
        }
        try {
            dispatcher.sweep();
        } catch (RuntimeException e) {
            LOG.warn("Dispatcher sweep failed: {}", e.toString());
        }
    }

    @Modified
    void modified(DispatchConfig config) {
        DeliveryPolicy defaults = settings(config);
        dispatcher.setDefaults(defaults);
        List<Bound> handlers;
        synchronized (bound) {
            handlers = List.copyOf(bound.values());
        }
        handlers.forEach(b -> bindHandler(b.handler(), b.ref()));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("Dispatcher services already unregistered");
            }
        }
        context.removeBundleListener(uninstalls);
        scheduler.shutdownNow();
        dispatcher.close();
    }

    private static DeliveryPolicy settings(DispatchConfig c) {
        try {
            return new DeliveryPolicy(Duration.ofMillis(c.timeout()), c.concurrency(), c.queueCapacity(),
                    c.maxAttempts(), Duration.ofMillis(c.backoffInitial()), Duration.ofMillis(c.backoffMax()));
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration io.jobhook.dispatch refused: {}; using the defaults", e.getMessage());
            return DeliveryPolicy.DEFAULTS;
        }
    }

    @Reference(name = "handler", service = OrchestratorJobCompleteHandler.class,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHandler(OrchestratorJobCompleteHandler handler, ServiceReference<OrchestratorJobCompleteHandler> ref) {
        HandlerRegistration r;
        try {
            r = HandlerRegistration.of(handler, properties(ref), ref.getBundle().getSymbolicName(),
                    ref.getBundle().getVersion().toString(), ref.getBundle().getBundleId(), dispatcher.defaults());
        } catch (IllegalArgumentException e) {
            LOG.error("Handler from bundle {} refused: {}", ref.getBundle().getSymbolicName(), e.getMessage());
            return;
        }
        synchronized (bound) {
            bound.put(r.serviceId(), new Bound(handler, ref, r));
        }
        dispatcher.addHandler(r);
    }

    void updatedHandler(OrchestratorJobCompleteHandler handler, ServiceReference<OrchestratorJobCompleteHandler> ref) {
        bindHandler(handler, ref);
    }

    void unbindHandler(OrchestratorJobCompleteHandler handler, ServiceReference<OrchestratorJobCompleteHandler> ref) {
        Bound b;
        synchronized (bound) {
            b = bound.remove((Long) ref.getProperty("service.id"));
        }
        if (b != null) {
            dispatcher.removeHandler(b.registration().identity(), b.registration().serviceId());
        }
    }

    @Reference(name = "commandApi", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCommandApi(CommandApi api) {
        client.set(api);
        dispatcher.commandChanged();
    }

    void unbindCommandApi(CommandApi api) {
        client.compareAndSet(api, null);
    }

    private static Map<String, Object> properties(ServiceReference<?> ref) {
        Map<String, Object> p = new HashMap<>();
        for (String key : ref.getPropertyKeys()) {
            p.put(key, ref.getProperty(key));
        }
        return p;
    }
}
