package io.jobhook.runtime.dispatch.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which handler identities a job-type GUID goes to: an immutable snapshot, replaced whole when a handler
 * comes, changes or goes, or a store type's GUIDs become known, so a lookup never locks.
 */
final class HandlerIndex {

    static final HandlerIndex EMPTY = new HandlerIndex(Map.of(), Map.of());

    private final Map<String, HandlerRegistration> byIdentity;
    private final Map<String, Set<UUID>> storeTypeGuids;
    private final Map<UUID, List<String>> byJobType;

    private HandlerIndex(Map<String, HandlerRegistration> byIdentity, Map<String, Set<UUID>> storeTypeGuids) {
        this.byIdentity = Collections.unmodifiableMap(byIdentity);
        this.storeTypeGuids = Collections.unmodifiableMap(storeTypeGuids);
        Map<UUID, List<String>> index = new HashMap<>();
        for (HandlerRegistration r : byIdentity.values()) {
            Set<UUID> guids = new LinkedHashSet<>(r.jobTypes());
            for (String storeType : r.storeTypes()) {
                guids.addAll(storeTypeGuids.getOrDefault(key(storeType), Set.of()));
            }
            for (UUID guid : guids) {
                index.computeIfAbsent(guid, g -> new ArrayList<>()).add(r.identity());
            }
        }
        index.replaceAll((g, ids) -> List.copyOf(ids));
        this.byJobType = index;
    }

    /** @return this index with {@code registration} added, or replacing the one of the same identity */
    HandlerIndex with(HandlerRegistration registration) {
        Map<String, HandlerRegistration> copy = new LinkedHashMap<>(byIdentity);
        copy.put(registration.identity(), registration);
        return new HandlerIndex(copy, storeTypeGuids);
    }

    /** @return this index without the registration of {@code serviceId} (if it is still the current one) */
    HandlerIndex without(String identity, long serviceId) {
        HandlerRegistration current = byIdentity.get(identity);
        if (current == null || current.serviceId() != serviceId) {
            return this;
        }
        Map<String, HandlerRegistration> copy = new LinkedHashMap<>(byIdentity);
        copy.remove(identity);
        return new HandlerIndex(copy, storeTypeGuids);
    }

    /** @return this index with a store type's job-type GUIDs known (or forgotten, for an empty set) */
    HandlerIndex withStoreType(String storeType, Collection<UUID> guids) {
        Map<String, Set<UUID>> copy = new HashMap<>(storeTypeGuids);
        if (guids.isEmpty()) {
            copy.remove(key(storeType));
        } else {
            copy.put(key(storeType), Set.copyOf(guids));
        }
        return new HandlerIndex(new LinkedHashMap<>(byIdentity), copy);
    }

    /** @return the identities of the handlers of {@code jobTypeId}, in registration order */
    List<String> identitiesFor(UUID jobTypeId) {
        return byJobType.getOrDefault(jobTypeId, List.of());
    }

    Optional<HandlerRegistration> registration(String identity) {
        return Optional.ofNullable(byIdentity.get(identity));
    }

    Collection<HandlerRegistration> registrations() {
        return byIdentity.values();
    }

    /** @return every store type some handler names, in lower case */
    Set<String> storeTypes() {
        Set<String> names = new LinkedHashSet<>();
        byIdentity.values().forEach(r -> r.storeTypes().forEach(s -> names.add(key(s))));
        return names;
    }

    /** @return the job-type GUIDs a registration matches: its own, and its store types' known ones */
    List<UUID> guidsOf(HandlerRegistration r) {
        Set<UUID> guids = new LinkedHashSet<>(r.jobTypes());
        r.storeTypes().forEach(s -> guids.addAll(storeTypeGuids.getOrDefault(key(s), Set.of())));
        return List.copyOf(guids);
    }

    /** @return whether the GUIDs of {@code storeType} are known */
    boolean knows(String storeType) {
        return storeTypeGuids.containsKey(key(storeType));
    }

    private static String key(String storeType) {
        return storeType.toLowerCase(Locale.ROOT);
    }
}
