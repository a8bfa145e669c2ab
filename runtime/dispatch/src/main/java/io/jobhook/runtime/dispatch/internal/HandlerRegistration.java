package io.jobhook.runtime.dispatch.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.jobhook.api.Guids;
import io.jobhook.api.HandlerProperties;
import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.runtime.spi.DeliveryPolicy;

/**
 * One registered handler service, as the dispatcher sees it.
 *
 * @param identity the key of its delivery state (see {@link #identityOf})
 * @param handler the service object
 * @param jobTypes its {@code jobTypes}
 * @param storeTypes its {@code storeTypes}
 * @param settings how its deliveries run
 * @param version the version of the bundle that registered it
 * @param serviceId its {@code service.id}, to tell two registrations of one identity apart
 * @param bundleId the bundle that registered it
 * @param bundle that bundle's symbolic name
 */
record HandlerRegistration(String identity, OrchestratorJobCompleteHandler handler, Set<UUID> jobTypes,
        List<String> storeTypes, DeliveryPolicy settings, String version, long serviceId, long bundleId,
        String bundle) {

    HandlerRegistration {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(handler, "handler");
        jobTypes = Set.copyOf(jobTypes);
        storeTypes = List.copyOf(storeTypes);
    }

    /**
     * Reads a handler service's registration.
     *
     * @param properties its service properties
     * @param bundleSymbolicName its bundle's symbolic name
     * @throws IllegalArgumentException naming the property and value that cannot work
     */
    static HandlerRegistration of(OrchestratorJobCompleteHandler handler, Map<String, ?> properties,
            String bundleSymbolicName, String bundleVersion, long bundleId, DeliveryPolicy defaults) {
        String identity = identityOf(properties, bundleSymbolicName);
        List<UUID> jobTypes;
        try {
            jobTypes = Guids.parseList(properties.get(HandlerProperties.JOB_TYPES));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("handler " + identity + ": service property 'jobTypes': " + e.getMessage());
        }
        List<String> storeTypes = strings(properties.get(HandlerProperties.STORE_TYPES));
        DeliveryPolicy settings;
        try {
            settings = defaults.overriddenBy(properties);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("handler " + identity + ": " + e.getMessage());
        }
        Object serviceId = properties.get("service.id");
        return new HandlerRegistration(identity, handler, Set.copyOf(jobTypes), storeTypes, settings, bundleVersion,
                serviceId instanceof Number n ? n.longValue() : 0L, bundleId, bundleSymbolicName);
    }

    /**
     * The identity of a handler (runtime/dispatch/README.md): {@code service.pid} when present (a DS factory instance:
     * {@code io.jobhook.wincert~demo}), else {@code component.name}, else {@code jobhook.handler.id}, else
     * the bundle's symbolic name.
     */
    static String identityOf(Map<String, ?> properties, String bundleSymbolicName) {
        for (String key : List.of("service.pid", "component.name", HandlerProperties.HANDLER_ID)) {
            List<String> values = strings(properties.get(key));
            if (!values.isEmpty()) {
                return values.get(0);
            }
        }
        return bundleSymbolicName;
    }

    /** A String, String[] or collection property as a list of trimmed, non-empty, comma-split strings. */
    static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        Collection<?> items = value instanceof Object[] array ? List.of(array)
                : value instanceof Collection<?> c ? c : List.of(value);
        for (Object item : items) {
            if (item != null) {
                for (String part : item.toString().split(",")) {
                    if (!part.isBlank()) {
                        result.add(part.trim());
                    }
                }
            }
        }
        return result;
    }
}
