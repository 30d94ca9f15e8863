package io.butlermqtt.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Records what a logger logs, in memory, through the test logging backend (logback). By default the
 * logger is detached from the console while capturing, so that deliberate failures a test provokes
 * (and asserts here) do not spray stack traces over the build output.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of(TaskStartDispatcher.class)) {
 *     ...
 *     assertEquals(1, log.count(Level.WARN));
 * }
 * }</pre>
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** One captured line. */
    public record Line(Level level, String message, Throwable thrown, String threadName) {
    }

    private final Logger logger;
    private final boolean additiveBefore;
    private final Level levelBefore;
    private final List<Line> lines = new ArrayList<>();

    private LogCapture(Class<?> type, boolean quiet) {
        this(type, quiet, null);
    }

    private LogCapture(Class<?> type, boolean quiet, Level lowest) {
        this.logger = (Logger) LoggerFactory.getLogger(type);
        this.additiveBefore = logger.isAdditive();
        this.levelBefore = logger.getLevel();
        setContext(logger.getLoggerContext());
        setName("capture-" + type.getSimpleName());
        start();
        logger.addAppender(this);
        if (quiet) {
            logger.setAdditive(false);
        }
        if (lowest != null) {
            logger.setLevel(lowest);
        } else if (!logger.isDebugEnabled() && levelBefore == null) {
            logger.setLevel(Level.DEBUG);
        }
    }

    /**
     * Captures the logger of {@code type} (DEBUG and above), off the console.
     *
     * @param type the class whose logger to capture
     * @return the capture; close it to restore the logger
     */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(type, true);
    }

    /**
     * Captures the logger of {@code type} from the given level up, off the console: for code that logs a
     * DEBUG line per message under load, which need not be formatted and kept.
     *
     * @param type the class whose logger to capture
     * @param lowest the lowest level captured ({@code Level.OFF} captures nothing: it only silences)
     * @return the capture; close it to restore the logger
     */
    public static LogCapture of(Class<?> type, Level lowest) {
        return new LogCapture(type, true, lowest);
    }

    /**
     * Captures the logger of {@code type} and still lets it print to the console.
     *
     * @param type the class whose logger to capture
     * @return the capture; close it to restore the logger
     */
    public static LogCapture alongsideConsole(Class<?> type) {
        return new LogCapture(type, false);
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        Throwable t = e.getThrowableProxy() instanceof ch.qos.logback.classic.spi.ThrowableProxy p ? p.getThrowable() : null;
        lines.add(new Line(e.getLevel(), e.getFormattedMessage(), t, e.getThreadName()));
    }

    /** @return a copy of the captured lines, in order */
    public synchronized List<Line> lines() {
        return new ArrayList<>(lines);
    }

    /**
     * @param level the level
     * @return the captured lines of exactly this level
     */
    public List<Line> lines(Level level) {
        return lines().stream().filter(l -> l.level() == level).toList();
    }

    /**
     * @param level the level
     * @return the messages of the captured lines of exactly this level, in order
     */
    public List<String> messages(Level level) {
        return lines(level).stream().map(Line::message).toList();
    }

    /**
     * @param level the level
     * @return how many lines of exactly this level were captured
     */
    public int count(Level level) {
        return lines(level).size();
    }

    /**
     * @param level the level
     * @param test what the message must satisfy
     * @return how many lines of this level match
     */
    public int count(Level level, Predicate<String> test) {
        return (int) lines(level).stream().filter(l -> test.test(l.message())).count();
    }

    /** Restores the logger. */
    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setAdditive(additiveBefore);
        logger.setLevel(levelBefore);
        stop();
    }
}
