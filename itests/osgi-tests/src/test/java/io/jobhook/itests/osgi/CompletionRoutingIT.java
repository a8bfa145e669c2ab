package io.jobhook.itests.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.logging.spi.PaxAppender;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;

/**
 * A completion pushed over HTTP reaches the WinCert handler through the dispatcher, chosen by its job-type
 * GUID; a handler of another bundle configured for another GUID does not see it.
 *
 * <p>No Command API is configured (the client bundle refuses a configuration without {@code url}), so the
 * WinCert handler tells the kind of job from the job type's name: a {@code WinCertManagement} Add runs
 * the sample's management branch, which needs no call to Command. Its trace lines are seen through a
 * {@link PaxAppender} service that the logging configuration ({@code jobhook-it-logging.properties})
 * hands {@code io.jobhook.wincert} events to.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CompletionRoutingIT extends JobhookTestSupport {

    static final UUID WINCERT_JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000001");
    static final UUID OTHER_JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000002");

    static final String WINCERT_ID = WINCERT + "~it";
    static final String SAME_ID = RECORDING + "~same";
    static final String OTHER_ID = RECORDING + "~other";

    private final List<PaxLoggingEvent> trace = new CopyOnWriteArrayList<>();
    private ServiceRegistration<PaxAppender> capture;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration());
    }

    @Before
    public void configureHandlers() throws IOException {
        Hashtable<String, Object> name = new Hashtable<>(Map.of("org.ops4j.pax.logging.appender.name", "jobhook-it-capture"));
        capture = bundleContext.registerService(PaxAppender.class, trace::add, name);
        configureIngress();
        configureHandler(WINCERT, "it", Map.of("jobTypes", guids(WINCERT_JOB_TYPE), "favoriteAnimal", "Hippopotamus"));
        configureRecording("same", WINCERT_JOB_TYPE);
        configureRecording("other", OTHER_JOB_TYPE);
        awaitRouted(WINCERT_JOB_TYPE, WINCERT_ID, SAME_ID);
        awaitRouted(OTHER_JOB_TYPE, OTHER_ID);
    }

    @After
    public void stopCapture() {
        capture.unregister();
    }

    @Test
    public void pushedCompletionReachesTheWinCertHandlerByItsGuid() {
        UUID jobId = UUID.randomUUID();
        HttpResponse<String> answer = post(completion(WINCERT_JOB_TYPE, "WinCertManagement", jobId));

        assertThat(answer.statusCode()).as("answer to the push: %s", answer.body()).isEqualTo(202);
        UUID eventId = eventId(answer);
        assertThat(answer.headers().firstValue("Location")).contains("/jobhook/v1/events/" + eventId);

        // The dispatcher recorded a successful attempt by the WinCert handler's identity and bundle version.
        String wincertVersion = bundle("io.jobhook.wincert").getVersion().toString();
        await("a successful attempt of " + WINCERT_ID + " on event " + eventId,
                () -> attempt(eventId, WINCERT_ID).filter(a -> a.outcome() == AttemptOutcome.SUCCESS).isPresent());
        assertThat(attempt(eventId, WINCERT_ID).orElseThrow().handlerVersion()).isEqualTo(wincertVersion);

        // And the handler itself ran the sample's flow for this event: its trace carries the event id.
        await("the WinCert handler's exit line for event " + eventId,
                () -> traceOf(eventId).stream().anyMatch(m -> m.startsWith("Exiting Job Completion Handler")));
        List<String> lines = traceOf(eventId);
        assertThat(lines).as("WinCert trace of event %s", eventId).contains(
                "Entering Job Completion Handler for orchestrator [" + AGENT + "/" + CLIENT_MACHINE
                        + "] and JobType 'WinCertManagement'",
                "This handler's favorite animal is: Hippopotamus",
                "Dispatching job completion handler for a Management job " + jobId,
                "Management job process for an Add operation",
                "Exiting Job Completion Handler for orchestrator [" + AGENT + "/" + CLIENT_MACHINE
                        + "] and JobType 'WinCertManagement' with status: True");
        assertThat(lines).anyMatch(l -> l.contains("EventId : " + eventId) && l.contains("Source : PUSH"));
    }

    @Test
    public void handlerForAnotherGuidDoesNotSeeTheCompletion() {
        UUID mine = eventId(post(completion(WINCERT_JOB_TYPE, "WinCertManagement", UUID.randomUUID())));
        UUID theirs = eventId(post(completion(OTHER_JOB_TYPE, "WinCertManagement", UUID.randomUUID())));

        await("event " + mine + " recorded by " + SAME_ID, () -> recordedIds("same").contains(mine));
        await("event " + theirs + " recorded by " + OTHER_ID, () -> recordedIds("other").contains(theirs));

        // Matching is journaled when the push is accepted: exactly the handlers of the completion's GUID.
        assertThat(deliveries(mine)).containsOnlyKeys(WINCERT_ID, SAME_ID);
        assertThat(deliveries(theirs)).containsOnlyKeys(OTHER_ID);
        await("both deliveries of event " + mine + " to be DELIVERED",
                () -> deliveries(mine).values().stream().allMatch(s -> s == DeliveryState.DELIVERED));

        // The other handler, a bundle of its own, was handed its own completion and never this one.
        assertThat(recordedIds("other")).contains(theirs).doesNotContain(mine);
        assertThat(recordedIds("same")).contains(mine).doesNotContain(theirs);
        assertThat(attempt(mine, OTHER_ID)).isEmpty();
        assertThat(attempt(theirs, WINCERT_ID)).isEmpty();
    }

    /**
     * The test handlers' {@code RefusingHandler} has no configuration: its job type and its one attempt come from
     * {@code @Handles(jobTypes = ...)} and {@code @Dispatch(maxAttempts = 1, ...)}, through bnd and DS.
     */
    @Test
    public void componentPropertyTypesRegisterAHandlerWithItsDispatchSettings() {
        String refusing = "io.jobhook.test.refusing";
        UUID jobType = UUID.fromString("3f0d8a3e-0000-4000-8000-0000000000a1");
        awaitRouted(jobType, refusing);
        UUID eventId = eventId(post(completion(jobType, "WinCertInventory", UUID.randomUUID())));
        await("the refused delivery of event " + eventId + " to end as FAILED after its one attempt",
                () -> deliveries(eventId).get(refusing) == DeliveryState.FAILED);
        assertThat(journal.attempts(eventId)).filteredOn(a -> a.handler().equals(refusing)).hasSize(1)
                .allMatch(a -> a.outcome() == AttemptOutcome.RETURNED_FALSE);
    }

    @Test
    public void everyBundleOfTheRuntimeStarted() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                notActive.add(b.getSymbolicName() + " " + b.getVersion() + " (state " + b.getState() + ")");
            }
        }
        assertThat(notActive).as("bundles not ACTIVE").isEmpty();
        assertThat(Arrays.stream(bundleContext.getBundles()).map(Bundle::getSymbolicName)).contains(
                "io.jobhook.api", "io.jobhook.runtime.spi", "io.jobhook.runtime.journal", "io.jobhook.runtime.dispatch",
                "io.jobhook.runtime.ingress", "io.jobhook.command.client", "io.jobhook.simulator", "io.jobhook.wincert",
                "io.jobhook.test.recording", "io.jobhook.test.handlers", "org.ops4j.pax.logging.pax-logging-log4j2");
    }

    private List<UUID> recordedIds(String name) {
        return recorded(name).stream().map(RecordedDelivery::eventId).collect(Collectors.toList());
    }

    private Map<String, DeliveryState> deliveries(UUID eventId) {
        return journal.deliveries(eventId).stream().collect(Collectors.toMap(Delivery::handler, Delivery::state));
    }

    private Optional<Attempt> attempt(UUID eventId, String handler) {
        return journal.attempts(eventId).stream().filter(a -> a.handler().equals(handler)).findFirst();
    }

    /** The WinCert handler's rendered log lines carrying {@code eventId} in the MDC. */
    private List<String> traceOf(UUID eventId) {
        return trace.stream()
                .filter(e -> e.getLoggerName().startsWith("io.jobhook.wincert"))
                .filter(e -> Objects.equals(String.valueOf(e.getProperties().get("eventId")), eventId.toString()))
                .map(PaxLoggingEvent::getRenderedMessage)
                .collect(Collectors.toList());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("No bundle " + symbolicName + " installed");
    }
}
