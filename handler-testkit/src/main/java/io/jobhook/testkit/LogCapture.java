package io.jobhook.testkit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Captures what a logger and those under it write, at TRACE and above, until closed: a handler's trace is
 * turned on and read the way one logging line ({@code log4j2.logger.<key>.level = TRACE}) turns it on in the
 * runtime. Captured lines are kept for assertions, not printed.
 *
 * <pre>
 * try (LogCapture log = LogCapture.of("com.acme.handler")) {
 *     runner.deliver(SampleCompletions.inventory());
 *     assertThat(log.messages("TRACE")).contains("Entering Job Completion Handler ...");
 * }
 * </pre>
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final boolean additive;
    private final List<LoggedEvent> captured = new CopyOnWriteArrayList<>();
    /** Reads each event as it is logged, on the logging thread: its MDC is that thread's, and handlers log from theirs. */
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            captured.add(new LoggedEvent(e.getLevel().toString(), e.getLoggerName(), e.getFormattedMessage(),
                    e.getMDCPropertyMap() == null ? Map.of() : e.getMDCPropertyMap(),
                    e.getThrowableProxy() == null ? null : e.getThrowableProxy().getMessage()));
        }
    };

    private LogCapture(String name) {
        if (!(LoggerFactory.getLogger(name) instanceof Logger l)) {
            throw new IllegalStateException("LogCapture reads Logback, but SLF4J is bound to "
                    + LoggerFactory.getILoggerFactory().getClass().getName() + " on this class path");
        }
        logger = l;
        level = logger.getLevel();
        additive = logger.isAdditive();
        logger.setLevel(Level.TRACE);
        logger.setAdditive(false);
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /** @return a capture of logger {@code name} (a package, such as {@code io.jobhook.wincert}) and those under it */
    public static LogCapture of(String name) {
        return new LogCapture(name);
    }

    /** @return a capture of what {@code type} logs (its class's logger) */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(type.getName());
    }

    /** @return every captured event, in order */
    public List<LoggedEvent> events() {
        return List.copyOf(captured);
    }

    /** @return each event as {@code LEVEL message}, with {@code | <what was thrown>} when something was */
    public List<String> lines() {
        return events().stream().map(LoggedEvent::line).toList();
    }

    /** @return the messages logged at {@code level} ({@code "TRACE"}, {@code "WARN"}, ...), in order */
    public List<String> messages(String level) {
        return events().stream().filter(e -> e.level().equalsIgnoreCase(level)).map(LoggedEvent::message).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(level);
        logger.setAdditive(additive);
    }
}
