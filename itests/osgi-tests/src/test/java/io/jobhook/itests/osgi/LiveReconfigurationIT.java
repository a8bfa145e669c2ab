package io.jobhook.itests.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryControl;
import io.jobhook.runtime.spi.DeliveryState;
import io.jobhook.runtime.spi.HandlerStatus;

/**
 * Live reconfiguration: changing a handler's {@code jobTypes} in its factory configuration (ConfigurationAdmin's
 * update, what FileInstall does when {@code etc/io.jobhook.test.recording-moving.cfg} is edited) re-routes the
 * next completion. Once the dispatcher shows the new job types, a completion of the old GUID is matched without
 * it (the match is journaled before the 202, so that is final) and never reaches it, and one of the new GUID
 * does; then Keyfactor's comma-separated form with both GUIDs routes both. The identity stays the same
 * throughout. A second handler keeps the old GUID, so its completions are routed, just not to the moved one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveReconfigurationIT extends JobhookTestSupport {

    static final UUID OLD = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000070");
    static final UUID NEW = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000071");
    static final String MOVING_ID = RECORDING + "~moving";
    static final String STAYING_ID = RECORDING + "~staying";

    @Inject
    private DeliveryControl deliveryControl;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration());
    }

    @Before
    public void configureHandlers() throws IOException {
        configureIngress();
        configureRecording("moving", OLD);
        configureRecording("staying", OLD);
        awaitRouted(OLD, MOVING_ID, STAYING_ID);
    }

    @Test
    public void changingJobTypesReroutesTheNextCompletion() throws IOException {
        UUID before = push(OLD);
        assertThat(routedTo(before)).containsExactlyInAnyOrder(MOVING_ID, STAYING_ID);

        // Edit the configuration: jobTypes OLD -> NEW.
        reconfigure("moving", guids(NEW));
        await("the dispatcher to match " + MOVING_ID + " to " + NEW + " only",
                () -> jobTypesOf(MOVING_ID).equals(List.of(NEW)));

        UUID oldAfter = push(OLD);
        UUID newAfter = push(NEW);
        assertThat(routedTo(oldAfter)).as("handlers of a completion of the old GUID").containsExactly(STAYING_ID);
        assertThat(routedTo(newAfter)).as("handlers of a completion of the new GUID").containsExactly(MOVING_ID);
        await("the new GUID's completion to be recorded by " + MOVING_ID, () -> recordedIds("moving").contains(newAfter));
        await("the old GUID's completion to be recorded by " + STAYING_ID,
                () -> recordedIds("staying").contains(oldAfter));
        // The moved handler's recording is in delivery order: what it had before, then the new GUID's event.
        assertThat(recordedIds("moving")).as("events recorded by %s", MOVING_ID).contains(before)
                .doesNotContain(oldAfter);
        await(before + " to be DELIVERED to " + MOVING_ID, () -> state(before, MOVING_ID) == DeliveryState.DELIVERED);
        await(newAfter + " to be DELIVERED to " + MOVING_ID, () -> state(newAfter, MOVING_ID) == DeliveryState.DELIVERED);

        // Both GUIDs, in Keyfactor's comma-separated form in one value.
        reconfigure("moving", new String[] {OLD + "," + NEW});
        await("the dispatcher to match " + MOVING_ID + " to both GUIDs",
                () -> Set.copyOf(jobTypesOf(MOVING_ID)).equals(Set.of(OLD, NEW)));
        UUID oldAgain = push(OLD);
        UUID newAgain = push(NEW);
        assertThat(routedTo(oldAgain)).containsExactlyInAnyOrder(MOVING_ID, STAYING_ID);
        assertThat(routedTo(newAgain)).containsExactly(MOVING_ID);
        await("both to be recorded by " + MOVING_ID, () -> recordedIds("moving").containsAll(List.of(oldAgain, newAgain)));

        // One identity throughout, and the event pushed before any change was delivered once.
        HandlerStatus moving = status(MOVING_ID).orElseThrow();
        assertThat(moving.present()).isTrue();
        assertThat(recordedIds("moving").stream().filter(before::equals)).hasSize(1);
    }

    /** Updates the factory configuration {@code recording~name} in place, as an edited .cfg file does. */
    private void reconfigure(String name, String[] jobTypes) throws IOException {
        org.osgi.service.cm.Configuration c = configurationAdmin.getFactoryConfiguration(RECORDING, name, "?");
        Hashtable<String, Object> properties = new Hashtable<>(Map.of("jobTypes", jobTypes, "file",
                recording(name).toString()));
        c.update(properties);
    }

    private UUID push(UUID jobType) {
        return eventId(post(completion(jobType, "WinCertInventory", UUID.randomUUID())));
    }

    private Set<String> routedTo(UUID eventId) {
        return journal.deliveries(eventId).stream().map(Delivery::handler).collect(Collectors.toSet());
    }

    private List<UUID> jobTypesOf(String identity) {
        return status(identity).filter(HandlerStatus::present).map(HandlerStatus::jobTypes).orElse(List.of());
    }

    private Optional<HandlerStatus> status(String identity) {
        return deliveryControl.handlers().stream().filter(s -> s.identity().equals(identity)).findFirst();
    }

    private List<UUID> recordedIds(String name) {
        return recorded(name).stream().map(RecordedDelivery::eventId).collect(Collectors.toList());
    }

    private DeliveryState state(UUID eventId, String handler) {
        return journal.deliveries(eventId).stream().filter(d -> d.handler().equals(handler)).map(Delivery::state)
                .findFirst().orElse(null);
    }
}
