package io.butlermqtt.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Captures what one logger logs (logback, which the embedded broker brings onto the test classpath), and
 * keeps it off the console while capturing. Close it to restore the logger.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previousLevel;
    private final boolean previousAdditive;

    private LogCapture(Class<?> type, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(type);
        this.previousLevel = logger.getLevel();
        this.previousAdditive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
        logger.setAdditive(false);
    }

    /**
     * Starts capturing.
     *
     * @param type the class whose logger to capture
     * @param level the lowest level captured
     * @return the capture
     */
    public static LogCapture of(Class<?> type, Level level) {
        return new LogCapture(type, level);
    }

    /** @return the events so far */
    public synchronized List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /**
     * @param level a level
     * @return the formatted messages logged at that level
     */
    public List<String> messages(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
        appender.stop();
    }
}
