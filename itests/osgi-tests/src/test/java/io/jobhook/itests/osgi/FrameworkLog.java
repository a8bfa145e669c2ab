package io.jobhook.itests.osgi;

import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.ops4j.pax.logging.spi.PaxAppender;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The log of the framework under test, as it came, until closed: a {@link PaxAppender} service named
 * {@code jobhook-it-capture}, which the logging configuration ({@code jobhook-it-logging.properties}) hands every
 * event the root logger lets through (WARN and up, {@code io.jobhook} from INFO, the WinCert trace).
 * <p>
 * Not the handler kit's {@code LogCapture}: that one reads Logback in a plain JVM, for one handler's logger. In
 * the container every bundle logs through Pax Logging, and what these tests look for is also written by the
 * framework and SCR (a bundle that cannot resolve, a component whose constructor throws), which only an appender
 * of the logging service sees.
 */
public final class FrameworkLog implements AutoCloseable {

    private final List<PaxLoggingEvent> events = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<PaxAppender> registration;

    FrameworkLog(BundleContext context) {
        registration = context.registerService(PaxAppender.class, events::add,
                new Hashtable<>(Map.of("org.ops4j.pax.logging.appender.name", "jobhook-it-capture")));
    }

    public List<PaxLoggingEvent> events() {
        return List.copyOf(events);
    }

    /**
     * @return the WARN and ERROR events whose message or exception (with its causes) names {@code name},
     *         each rendered {@code LEVEL logger - message | exception}
     */
    public List<String> reportsNaming(String name) {
        return events.stream().filter(e -> e.getLevel().getSyslogEquivalent() <= 4)
                .filter(e -> e.getRenderedMessage().contains(name) || (e.getThrowableStrRep() != null
                        && Arrays.stream(e.getThrowableStrRep()).anyMatch(l -> l.contains(name))))
                .map(FrameworkLog::render).collect(Collectors.toList());
    }

    static String render(PaxLoggingEvent e) {
        String[] thrown = e.getThrowableStrRep();
        return levelName(e) + " " + e.getLoggerName() + " - " + e.getRenderedMessage()
                + (thrown == null || thrown.length == 0 ? "" : " | " + thrown[0]);
    }

    private static String levelName(PaxLoggingEvent e) {
        int syslog = e.getLevel().getSyslogEquivalent();
        return syslog <= 3 ? "ERROR" : syslog == 4 ? "WARN" : syslog <= 6 ? "INFO" : "DEBUG";
    }

    @Override
    public void close() {
        registration.unregister();
    }
}
