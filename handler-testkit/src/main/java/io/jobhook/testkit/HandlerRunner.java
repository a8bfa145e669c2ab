package io.jobhook.testkit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.util.converter.Converters;
import org.slf4j.MDC;

import io.jobhook.api.Dispatch;
import io.jobhook.api.Guids;
import io.jobhook.api.HandlerProperties;
import io.jobhook.api.Handles;
import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApi;
import io.jobhook.command.client.CommandClients;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.DeliveryPolicy;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.simulator.SimulatedCommand;

/**
 * Runs a job completion handler as the Jobhook runtime would, in a plain JUnit test and in milliseconds: built
 * from its DS component class and a configuration the way DS builds it, given completions the way the dispatcher
 * gives them (its job types checked, a Command client in the context, each attempt under its deadline, {@code false}
 * and exceptions retried up to its {@code dispatch.maxAttempts}), against a simulated Command on a free loopback
 * port.
 *
 * <pre>
 * try (HandlerRunner runner = HandlerRunner.of(MyHandler.class, Map.of("storeTypes", "WinCert"))) {
 *     DeliveryReport report = runner.deliver(SampleCompletions.inventory());
 *     assertThat(report.delivered()).isTrue();
 *     assertThat(runner.command().requests()).isNotEmpty();
 * }
 * </pre>
 *
 * <p>The rules of delivery are the runtime's own ({@link DeliveryPolicy}); what differs is time: the runner does
 * not wait a retry's backoff, it reports it ({@link AttemptReport#retryAfter()}), so a test of a handler that fails
 * twice still takes milliseconds.
 */
public final class HandlerRunner implements AutoCloseable {

    private final OrchestratorJobCompleteHandler handler;
    private final Map<String, Object> properties;
    private final String identity;
    private final DeliveryPolicy policy;
    private final AutoCloseable onClose;
    private SimulatedCommand command;
    private CommandApi client;
    private Set<UUID> jobTypes;

    private HandlerRunner(OrchestratorJobCompleteHandler handler, Map<String, Object> properties, DeliveryPolicy policy,
            AutoCloseable onClose) {
        this.handler = handler;
        this.onClose = onClose;
        this.properties = Map.copyOf(properties);
        this.identity = String.valueOf(properties.getOrDefault("service.pid",
                properties.getOrDefault("component.name", handler.getClass().getName())));
        this.policy = policy;
    }

    /**
     * A handler built from its DS component class, as DS builds it with this configuration: its component
     * properties are what its {@link Handles} and {@link Dispatch} say, overridden by {@code configuration} (as a
     * factory configuration's keys override them), plus {@code component.name} and a {@code service.pid} of
     * {@code <class name>~test} unless given. Its public constructor is called with what it asks for: each
     * configuration annotation (an {@code @ObjectClassDefinition} type) converted from those properties by the OSGi
     * converter, as DS does, and the properties themselves for a {@code Map<String, Object>}.
     *
     * @throws IllegalArgumentException when the class has no public constructor the kit can call, naming what it
     *         cannot supply (construct the handler yourself then, and use {@link #of(OrchestratorJobCompleteHandler,
     *         Map)}), or when its properties are not what the runtime accepts
     * @throws IllegalStateException when the constructor throws, as a refused configuration does in DS
     */
    public static HandlerRunner of(Class<? extends OrchestratorJobCompleteHandler> component, Map<String, ?> configuration) {
        Map<String, Object> properties = declaredProperties(component);
        properties.put("component.name", component.getName());
        properties.put("service.pid", component.getName() + "~test");
        properties.putAll(configuration);
        return new HandlerRunner(construct(component, properties), properties, policyOf(properties), () -> { });
    }

    /**
     * A handler built by the test, with the service properties it would register with ({@code jobTypes},
     * {@code storeTypes}, {@code dispatch.*}; {@link Handles} and {@link Dispatch} on its class count too).
     */
    public static HandlerRunner of(OrchestratorJobCompleteHandler handler, Map<String, ?> serviceProperties) {
        Map<String, Object> properties = declaredProperties(handler.getClass());
        properties.putAll(serviceProperties);
        return new HandlerRunner(handler, properties, policyOf(properties), () -> { });
    }

    /** A registered service's runner, and what ends its world when the runner closes ({@link OsgiHandlerRunner}). */
    static HandlerRunner of(OrchestratorJobCompleteHandler service, Map<String, Object> serviceProperties,
            AutoCloseable onClose) {
        return new HandlerRunner(service, serviceProperties, policyOf(serviceProperties), onClose);
    }

    /** The delivery rules this handler gets: the runtime's defaults with its {@code dispatch.*} properties. */
    public DeliveryPolicy policy() {
        return policy;
    }

    /** @return the service properties the handler registers with */
    public Map<String, Object> properties() {
        return properties;
    }

    /** The simulated Command, started on first use: the Keyfactor sample's instance, with WinCert among its store types. */
    public synchronized SimulatedCommand command() {
        if (command == null) {
            command = SimulatedCommand.start();
            client = CommandClients.basic(command.baseUri(), command.username(), command.password());
        }
        return command;
    }

    /** @return the Command client every delivered context carries, a real one pointed at {@link #command()} */
    public synchronized CommandApi client() {
        command();
        return client;
    }

    /**
     * @return the job-type GUIDs the runtime would deliver to this handler: its {@code jobTypes}, and the job types
     *         of its {@code storeTypes} as {@link #command()} names them (asked once, as the dispatcher asks)
     */
    public synchronized Set<UUID> jobTypes() {
        if (jobTypes != null) {
            return jobTypes;
        }
        Set<UUID> guids = new LinkedHashSet<>(Guids.parseList(properties.get(HandlerProperties.JOB_TYPES)));
        for (String storeType : strings(properties.get(HandlerProperties.STORE_TYPES))) {
            CertificateStoreType type = client().storeTypeByName(storeType).orElseThrow(() -> new IllegalArgumentException(
                    "the simulated Command has no store type named '" + storeType + "' (storeTypes)"));
            guids.addAll(type.jobTypeIds().values());
        }
        jobTypes = Set.copyOf(guids);
        return jobTypes;
    }

    /** As {@link #deliver(OrchestratorJobCompleteHandlerContext)}, for a context still being built. */
    public DeliveryReport deliver(OrchestratorJobCompleteHandlerContext.Builder completion) {
        return deliver(completion.build());
    }

    /**
     * Delivers one completion as the dispatcher would: refused if the handler's job types do not include its
     * {@code JobTypeId} (the runtime would never route it there); given {@link #client()} unless the context has a
     * client; then attempted, each attempt on a thread of its own with the {@code eventId}, {@code jobId},
     * {@code jobType} and {@code handler} MDC keys set, until it succeeds or its attempts are spent. An attempt
     * still running at {@code dispatch.timeout} is interrupted and counted as timed out, as in the runtime.
     *
     * @throws IllegalArgumentException when the runtime would not deliver this completion to this handler
     */
    public DeliveryReport deliver(OrchestratorJobCompleteHandlerContext completion) {
        Set<UUID> mine = jobTypes();
        if (!mine.contains(completion.jobTypeId())) {
            throw new IllegalArgumentException("handler " + identity + " would not be given this completion: its job type "
                    + completion.jobTypeId() + " (" + completion.jobType() + ") is not among its job types " + mine);
        }
        OrchestratorJobCompleteHandlerContext.Builder base = completion.toBuilder();
        if (!hasClient(completion)) {
            base.client(client());
        }
        List<AttemptReport> attempts = new ArrayList<>();
        DeliveryState state = DeliveryState.PENDING;
        for (int n = 1; state == DeliveryState.PENDING; n++) {
            OrchestratorJobCompleteHandlerContext context = base.deliveryAttempt(n).build();
            AttemptReport attempt = attempt(n, context);
            state = policy.stateAfter(n, attempt.outcome());
            attempts.add(state == DeliveryState.PENDING ? attempt.withRetryAfter(policy.backoffAfter(n)) : attempt);
        }
        return new DeliveryReport(completion.eventId(), state, attempts);
    }

    private AttemptReport attempt(int number, OrchestratorJobCompleteHandlerContext context) {
        long start = System.nanoTime();
        CompletableFuture<Boolean> run = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try (MDC.MDCCloseable e = MDC.putCloseable("eventId", context.eventId().toString());
                    MDC.MDCCloseable j = MDC.putCloseable("jobId", context.jobId().toString());
                    MDC.MDCCloseable t = MDC.putCloseable("jobType", context.jobType());
                    MDC.MDCCloseable h = MDC.putCloseable("handler", identity)) {
                run.complete(handler.runHandler(context));
            } catch (Throwable t) {
                run.completeExceptionally(t);
            }
        }, "jobhook-testkit-" + identity + "-" + number);
        worker.setDaemon(true); // a handler deaf to interrupts must not keep the test's JVM alive
        worker.start();
        try {
            boolean returned = run.get(policy.timeout().toNanos(), TimeUnit.NANOSECONDS);
            return new AttemptReport(number, DeliveryPolicy.outcomeOf(returned, null), null, elapsed(start), null);
        } catch (ExecutionException e) {
            return new AttemptReport(number, AttemptOutcome.EXCEPTION, e.getCause(), elapsed(start), null);
        } catch (TimeoutException e) {
            worker.interrupt();
            return new AttemptReport(number, AttemptOutcome.TIMEOUT, null, policy.timeout(), null);
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handler " + identity + " ran", e);
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static boolean hasClient(OrchestratorJobCompleteHandlerContext context) {
        try {
            context.client();
            return true;
        } catch (IllegalStateException none) {
            return false;
        }
    }

    /** Stops the simulated Command, if started (and the OSGi framework of an {@link OsgiHandlerRunner}). */
    @Override
    public synchronized void close() {
        if (command != null) {
            command.close();
            command = null;
        }
        try {
            onClose.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop what ran handler " + identity + ": " + e.getMessage(), e);
        }
    }

    private static DeliveryPolicy policyOf(Map<String, Object> properties) {
        return DeliveryPolicy.DEFAULTS.overriddenBy(properties);
    }

    /** What {@link Handles} and {@link Dispatch} on the class publish, as bnd writes it for DS. */
    static Map<String, Object> declaredProperties(Class<?> type) {
        Map<String, Object> p = new HashMap<>();
        Handles handles = type.getAnnotation(Handles.class);
        if (handles != null) {
            if (handles.jobTypes().length > 0) {
                p.put(HandlerProperties.JOB_TYPES, handles.jobTypes());
            }
            if (handles.storeTypes().length > 0) {
                p.put(HandlerProperties.STORE_TYPES, handles.storeTypes());
            }
        }
        Dispatch d = type.getAnnotation(Dispatch.class);
        if (d != null) {
            p.put(HandlerProperties.DISPATCH_TIMEOUT, d.timeout());
            p.put(HandlerProperties.DISPATCH_CONCURRENCY, d.concurrency());
            p.put(HandlerProperties.DISPATCH_QUEUE_CAPACITY, d.queueCapacity());
            p.put(HandlerProperties.DISPATCH_MAX_ATTEMPTS, d.maxAttempts());
            p.put(HandlerProperties.DISPATCH_BACKOFF_INITIAL, d.backoffInitial());
            p.put(HandlerProperties.DISPATCH_BACKOFF_MAX, d.backoffMax());
        }
        return p;
    }

    /**
     * Calls the public constructor DS would: the one with the most parameters that are all configuration types or
     * the properties map (DS calls the {@code @Activate} one, which the compiled class no longer marks).
     */
    static <T> T construct(Class<T> component, Map<String, Object> properties) {
        if (Modifier.isAbstract(component.getModifiers())) {
            throw new IllegalArgumentException(component.getName() + " is abstract: DS cannot build it either");
        }
        List<Constructor<?>> usable = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Constructor<?> c : component.getConstructors()) {
            String unsupplied = Arrays.stream(c.getGenericParameterTypes()).filter(t -> !suppliable(t))
                    .map(Type::getTypeName).findFirst().orElse(null);
            if (unsupplied == null) {
                usable.add(c);
            } else {
                refused.add(c.toGenericString() + " (the kit cannot supply " + unsupplied + ")");
            }
        }
        Constructor<?> chosen = usable.stream().max(Comparator.comparingInt(Constructor::getParameterCount))
                .orElseThrow(() -> new IllegalArgumentException("no public constructor of " + component.getName()
                        + " takes only configuration types and Map<String, Object>: " + refused
                        + "; build the handler in the test and use HandlerRunner.of(handler, properties)"));
        Object[] args = Arrays.stream(chosen.getParameterTypes())
                .map(t -> Map.class.equals(t) ? Map.copyOf(properties)
                        : Converters.standardConverter().convert(properties).to(t))
                .toArray();
        try {
            return component.cast(chosen.newInstance(args));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(component.getName() + " refused its configuration: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not construct " + component.getName(), e);
        }
    }

    private static boolean suppliable(Type t) {
        if (t instanceof Class<?> c) {
            return c.isAnnotation() || Map.class.equals(c);
        }
        if (t instanceof ParameterizedType p && Map.class.equals(p.getRawType())) {
            Type[] args = p.getActualTypeArguments();
            return args[0] == String.class && (args[1] == Object.class || args[1].getTypeName().equals("?"));
        }
        return false;
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        }
        if (value instanceof String[] a) {
            return Arrays.stream(a).flatMap(x -> strings(x).stream()).toList();
        }
        if (value instanceof Iterable<?> i) {
            List<String> all = new ArrayList<>();
            i.forEach(x -> all.addAll(strings(x)));
            return all;
        }
        return List.of(value.toString());
    }
}
