package io.jobhook.itests.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.FrameworkWiring;

import io.jobhook.runtime.spi.Attempt;
import io.jobhook.runtime.spi.AttemptOutcome;
import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;

/**
 * Refresh safety: updating the api-bundle and the command-client-bundle ({@code Bundle.update} from their jars,
 * then {@code FrameworkWiring.refreshBundles}) while a slow handler has deliveries queued loses none. The
 * refresh restarts everything wired to the API — the SPI, the journal, the dispatcher, the ingress, every
 * handler, and this test's own probe bundle — so the test is two methods (run in name order, one framework):
 * {@code a_…} queues the deliveries, writes their event ids beside the journal and refreshes; {@code b_…},
 * invoked on the refreshed probe with services injected afresh, finds every one DELIVERED once in the journal
 * and recorded by the handler.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RefreshSafetyIT extends JobhookTestSupport {

    static final UUID JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000080");
    static final String SLOW = "io.jobhook.test.slow";
    static final String SLOW_ID = SLOW + "~queued";
    static final long DELAY_MS = 150;
    static final int QUEUED = 12;
    /** At least this many must still be PENDING when the refresh starts, or the test proved nothing. */
    static final int PENDING_AT_REFRESH = 5;
    static final List<String> UPDATED = List.of("api-bundle", "command-client-bundle");

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration(), jobhookBundles("slow-handler"));
    }

    @Test
    public void a_queuesDeliveriesBehindASlowHandlerAndRefreshesTheApiAndClientBundles() throws Exception {
        configureIngress();
        configureHandler(SLOW, "queued", Map.of("jobTypes", guids(JOB_TYPE), "file", recording("queued").toString(),
                "delayMillis", DELAY_MS, "dispatch.concurrency", 1));
        awaitRouted(JOB_TYPE, SLOW_ID);

        List<UUID> queued = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            queued.add(eventId(post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID()))));
        }
        long pending = queued.stream().filter(e -> journal.deliveries(e).stream()
                .anyMatch(d -> d.handler().equals(SLOW_ID) && d.state() == DeliveryState.PENDING)).count();
        assertThat(pending).as("deliveries still PENDING as the refresh starts").isGreaterThanOrEqualTo(PENDING_AT_REFRESH);

        List<Bundle> updated = new ArrayList<>();
        Properties state = new Properties();
        state.setProperty("queued", queued.stream().map(UUID::toString).collect(Collectors.joining(",")));
        state.setProperty("pendingAtRefresh", Long.toString(pending));
        for (String artifactId : UPDATED) {
            Bundle b = bundleNamed(symbolicName(artifactId));
            state.setProperty(artifactId + ".lastModified", Long.toString(b.getLastModified()));
            updated.add(b);
        }
        try (Writer out = Files.newBufferedWriter(stateFile())) {
            state.store(out, "RefreshSafetyIT, before the refresh");
        }

        // From here on, this probe bundle is refreshed too: nothing after the refresh may load a class of it.
        CountDownLatch refreshed = new CountDownLatch(1);
        FrameworkListener done = e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        };
        for (int i = 0; i < updated.size(); i++) {
            try (InputStream jar = Files.newInputStream(bundleJar(UPDATED.get(i)))) {
                updated.get(i).update(jar);
            }
        }
        bundleContext.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class)
                .refreshBundles(updated, done);
        if (!refreshed.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The refresh did not end within " + DEADLINE.toMillis() + " ms");
        }
    }

    @Test
    public void b_everyQueuedDeliveryIsDeliveredOnceAfterTheRefresh() throws IOException {
        assertThat(stateFile()).as("what a_… left: it must run first, in the same framework").exists();
        Properties state = new Properties();
        try (Reader in = Files.newBufferedReader(stateFile())) {
            state.load(in);
        }
        for (String artifactId : UPDATED) {
            assertThat(bundleNamed(symbolicName(artifactId)).getLastModified()).as("%s updated", artifactId)
                    .isGreaterThan(Long.parseLong(state.getProperty(artifactId + ".lastModified")));
        }
        List<UUID> queued = Arrays.stream(state.getProperty("queued").split(",")).map(UUID::fromString)
                .collect(Collectors.toList());

        await("every queued delivery to be DELIVERED after the refresh", () -> queued.stream()
                .allMatch(e -> journal.deliveries(e).stream().allMatch(d -> d.state() == DeliveryState.DELIVERED)));
        List<String> report = new ArrayList<>();
        for (UUID e : queued) {
            assertThat(journal.deliveries(e)).as("deliveries of %s", e)
                    .containsExactly(new Delivery(e, SLOW_ID, DeliveryState.DELIVERED, journal.deliveries(e).get(0).attempts()));
            List<Attempt> attempts = journal.attempts(e);
            report.add(e + " " + attempts.stream().map(a -> a.number() + ":" + a.outcome()).collect(Collectors.toList()));
            assertThat(attempts.stream().filter(a -> a.outcome() == AttemptOutcome.SUCCESS))
                    .as("successful attempts on %s: %s", e, attempts).hasSize(1);
        }
        List<RecordedDelivery> lines = recorded("queued");
        System.out.println("RefreshSafetyIT: " + state.getProperty("pendingAtRefresh") + " of " + queued.size()
                + " pending at the refresh; attempts: " + report + "; recorded: " + lines);
        for (UUID e : queued) {
            assertThat(lines.stream().filter(r -> r.eventId().equals(e))).as("recordings of %s", e).hasSize(1);
        }

        // And the refreshed runtime takes and delivers new work.
        UUID after = eventId(post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID())));
        await("a completion pushed after the refresh to be recorded",
                () -> recorded("queued").stream().anyMatch(r -> r.eventId().equals(after)));
    }

    private static String symbolicName(String artifactId) {
        return switch (artifactId) {
            case "api-bundle" -> "io.jobhook.api";
            case "command-client-bundle" -> "io.jobhook.command.client";
            default -> throw new IllegalArgumentException(artifactId);
        };
    }

    private Path stateFile() {
        return work().resolve("refresh.properties");
    }
}
