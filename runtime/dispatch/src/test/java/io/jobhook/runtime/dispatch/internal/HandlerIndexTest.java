package io.jobhook.runtime.dispatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jobhook.runtime.spi.DeliveryPolicy;

/** Which handler identities a job-type GUID reaches: by their own GUIDs and by their store types' resolved ones. */
class HandlerIndexTest {

    static final UUID INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
    static final UUID MANAGEMENT = UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973");
    static final UUID OTHER = UUID.randomUUID();

    static HandlerRegistration handler(String identity, long serviceId, String jobTypes, String storeTypes) {
        Map<String, Object> p = new HashMap<>();
        p.put("component.name", identity);
        p.put("service.id", serviceId);
        if (jobTypes != null) {
            p.put("jobTypes", jobTypes);
        }
        if (storeTypes != null) {
            p.put("storeTypes", storeTypes);
        }
        return HandlerRegistration.of(c -> true, p, "test.bundle", "1.0.0", 1, DeliveryPolicy.DEFAULTS);
    }

    @Test
    void aJobTypeReachesEveryHandlerOfItInRegistrationOrder() {
        HandlerIndex index = HandlerIndex.EMPTY.with(handler("b", 1, INVENTORY.toString(), null))
                .with(handler("a", 2, INVENTORY + "," + MANAGEMENT, null));

        assertThat(index.identitiesFor(INVENTORY)).containsExactly("b", "a");
        assertThat(index.identitiesFor(MANAGEMENT)).containsExactly("a");
        assertThat(index.identitiesFor(OTHER)).isEmpty();
        assertThat(HandlerIndex.EMPTY.identitiesFor(INVENTORY)).as("the empty index stays empty").isEmpty();
    }

    @Test
    void aNewRegistrationOfTheSameIdentityReplacesTheOldOne() {
        HandlerIndex index = HandlerIndex.EMPTY.with(handler("h", 1, INVENTORY.toString(), null))
                .with(handler("h", 2, MANAGEMENT.toString(), null));

        assertThat(index.identitiesFor(INVENTORY)).isEmpty();
        assertThat(index.identitiesFor(MANAGEMENT)).containsExactly("h");
        assertThat(index.registrations()).singleElement().satisfies(r -> assertThat(r.serviceId()).isEqualTo(2));
    }

    @Test
    void aRemovalOfAnOlderServiceLeavesTheCurrentOne() {
        HandlerIndex index = HandlerIndex.EMPTY.with(handler("h", 1, INVENTORY.toString(), null))
                .with(handler("h", 2, INVENTORY.toString(), null));

        assertThat(index.without("h", 1).identitiesFor(INVENTORY)).as("service 1 is no longer h's").containsExactly("h");
        assertThat(index.without("h", 2).identitiesFor(INVENTORY)).isEmpty();
        assertThat(index.without("nobody", 2)).isSameAs(index);
    }

    @Test
    void storeTypesMatchOnceTheirGuidsAreKnownInAnyCase() {
        HandlerIndex index = HandlerIndex.EMPTY.with(handler("wincert", 1, null, "WinCert"))
                .with(handler("both", 2, INVENTORY.toString(), "wincert"));

        assertThat(index.storeTypes()).containsExactly("wincert");
        assertThat(index.knows("WINCERT")).isFalse();
        assertThat(index.identitiesFor(INVENTORY)).containsExactly("both");

        HandlerIndex resolved = index.withStoreType("WinCert", Set.of(INVENTORY, MANAGEMENT));
        assertThat(resolved.knows("winCert")).isTrue();
        assertThat(resolved.identitiesFor(INVENTORY)).as("a GUID of its own and of its store type: once")
                .containsExactly("wincert", "both");
        assertThat(resolved.identitiesFor(MANAGEMENT)).containsExactly("wincert", "both");
        assertThat(resolved.guidsOf(resolved.registration("wincert").orElseThrow()))
                .containsExactlyInAnyOrder(INVENTORY, MANAGEMENT);

        HandlerIndex forgotten = resolved.withStoreType("WinCert", List.of());
        assertThat(forgotten.knows("WinCert")).isFalse();
        assertThat(forgotten.identitiesFor(MANAGEMENT)).isEmpty();
        assertThat(index.identitiesFor(MANAGEMENT)).as("an index never changes: each change is a new one").isEmpty();
    }
}
