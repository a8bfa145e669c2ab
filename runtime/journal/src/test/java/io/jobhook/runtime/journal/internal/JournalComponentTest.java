package io.jobhook.runtime.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.util.converter.Converters;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.journal.testing.JournalContract;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.JournalUnavailableException;
import io.jobhook.testsupport.MutableClock;

class JournalComponentTest {

    @TempDir
    Path dir;

    private static JournalConfig config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(JournalConfig.class);
    }

    /** What the component registered, and whether it unregistered it. */
    private final java.util.List<Object[]> registered = new java.util.ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger unregistered = new java.util.concurrent.atomic.AtomicInteger();

    /** A bundle context that answers framework properties and records registrations. */
    private BundleContext frameworkProperties(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(JournalComponentTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    if (method.getName().equals("registerService") && args[0] instanceof String[] names) {
                        registered.add(new Object[] {names, args[1]});
                        return Proxy.newProxyInstance(JournalComponentTest.class.getClassLoader(),
                                new Class<?>[] {org.osgi.framework.ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered.incrementAndGet();
                                        return null;
                                    }
                                    throw new UnsupportedOperationException(m.getName());
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void opensTheJournalInTheDataDirectoryAndClosesItOnDeactivate() throws Exception {
        Path data = dir.resolve("data");
        JournalComponent component = new JournalComponent(frameworkProperties(Map.of("jobhook.data", data.toString())),
                config(Map.of()));
        OrchestratorJobCompleteHandlerContext c = JournalContract.full();
        try {
            assertThat(registered).as("the journal itself, under the whole and under each role").singleElement()
                    .satisfies(r -> {
                        assertThat((String[]) r[0]).containsExactly("io.jobhook.runtime.spi.Journal",
                                "io.jobhook.runtime.spi.DeliveryJournal", "io.jobhook.runtime.spi.EventHistory",
                                "io.jobhook.runtime.spi.Checkpoints", "io.jobhook.runtime.spi.JournalHealth",
                                "io.jobhook.runtime.spi.JournalBackup");
                        assertThat(r[1]).isSameAs(component.journal());
                    });
            assertThat(component.journal().append(c, null).status()).isEqualTo(Acceptance.Status.ACCEPTED);
            assertThat(component.journal().completion(c.eventId())).isPresent();
            assertThat(component.journal().dataDir()).isEqualTo(data.toAbsolutePath());
        } finally {
            component.deactivate();
        }

        assertThat(unregistered).hasValue(1);
        assertThatThrownBy(() -> component.journal().append(JournalContract.full(), null))
                .isInstanceOf(JournalUnavailableException.class);
        try (H2Journal reopened = new H2Journal(data, Clock.systemUTC())) {
            assertThat(reopened.completion(c.eventId())).isPresent();
        }
    }

    @Test
    void theDataDirectoryDefaultsToDataUnderTheWorkingDirectory() {
        assertThat(JournalComponent.dataDir(null)).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(JournalComponent.dataDir(" ")).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(JournalComponent.dataDir("/var/lib/jobhook")).isEqualTo(Path.of("/var/lib/jobhook"));
    }

    @Test
    void purgesOldFinishedCompletionsAtStartWithTheConfiguredRetention() throws Exception {
        Instant now = Instant.now();
        OrchestratorJobCompleteHandlerContext old = JournalContract.minimal();
        OrchestratorJobCompleteHandlerContext young = JournalContract.minimal();
        try (H2Journal journal = new H2Journal(dir, new MutableClock(now.minus(Duration.ofDays(10))))) {
            journal.append(old, null);
            journal.recordMatches(old.eventId(), List.of());
        }
        try (H2Journal journal = new H2Journal(dir, new MutableClock(now.minus(Duration.ofDays(5))))) {
            journal.append(young, null);
            journal.recordMatches(young.eventId(), List.of());
        }

        JournalComponent component = new JournalComponent(dir, Clock.systemUTC(), config(Map.of("retentionDays", 7)),
                Duration.ofHours(1));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (component.journal().completion(old.eventId()).isPresent()) {
                assertThat(System.nanoTime()).as("purged within 20 s").isLessThan(deadline);
                Thread.sleep(10);
            }
            assertThat(component.journal().completion(young.eventId())).isPresent();
            component.modified(config(Map.of("retentionDays", 3)));
            assertThat(component.journal()).isNotNull();
        } finally {
            component.deactivate();
        }
    }

    @Test
    void aRetentionBelowOneDayIsRefusedAndNothingIsOpened() {
        assertThatThrownBy(() -> new JournalComponent(dir, Clock.systemUTC(), config(Map.of("retentionDays", 0)),
                Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retentionDays");
        assertThat(dir.resolve("journal.mv.db")).as("no database was created").doesNotExist();
    }

    @Test
    void withThePostgresqlStoreTheEmbeddedJournalIsNeitherOpenedNorRegistered() throws Exception {
        JournalComponent component = new JournalComponent(frameworkProperties(Map.of("jobhook.data", dir.toString())),
                config(Map.of("store", " PostgreSQL ")));
        assertThat(component.journal()).isNull();
        assertThat(registered).isEmpty();
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files).as("no H2 file made").isEmpty();
        }
        component.modified(config(Map.of("store", "h2")));
        component.deactivate();
        assertThat(unregistered).hasValue(0);
    }

    @Test
    void anUnknownStoreIsRefusedNamingTheKeyAndTheTwoThatWork() {
        assertThatThrownBy(() -> new JournalComponent(frameworkProperties(Map.of("jobhook.data", dir.toString())),
                config(Map.of("store", "oracle")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration io.jobhook.journal refused: key 'store' must be h2 or postgresql, was 'oracle'");
    }
}
