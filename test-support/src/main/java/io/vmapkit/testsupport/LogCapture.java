package io.vmapkit.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what a class logs through {@link System.Logger}, so a test can check a plugin's kernel-log
 * messages ("Purging 15 vmaps", "Unable to lock GPU to purge memory.", rate-limit notices).
 *
 * <p>vmapkit and its plugins log through {@code System.Logger}, whose default backend is
 * {@code java.util.logging}; this captures the {@code java.util.logging} logger of the same name at
 * every level and stops it from reaching the console while attached. Close it (try-with-resources)
 * to restore the logger's level and parent handlers. If the application installs another
 * {@code System.LoggerFinder}, nothing reaches this capture.
 *
 * <p>Thread-safe: messages may be logged from any thread while the test reads them.
 *
 * <p>Not final only so that the testkit can offer the same class to plugin authors as
 * {@code io.vmapkit.testkit.LogCapture}; nothing else extends it.
 */
public class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final boolean useParentHandlers;
    private final Level level;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public final void close() {}
    };

    /** Starts capturing the logger named after {@code type} (its fully qualified name). */
    public LogCapture(Class<?> type) {
        this(type.getName());
    }

    /** Starts capturing the logger {@code name}, at every level. */
    public LogCapture(String name) {
        this.logger = Logger.getLogger(name);
        this.useParentHandlers = logger.getUseParentHandlers();
        this.level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** The records so far, in logging order. */
    public final List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** The records so far at {@code threshold} or above. */
    public final List<LogRecord> atLeast(Level threshold) {
        List<LogRecord> out = new ArrayList<>();
        for (LogRecord r : records()) {
            if (r.getLevel().intValue() >= threshold.intValue()) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The messages so far, each as {@code "LEVEL message"} with the JUL level name (a
     * {@code System.Logger.Level.INFO} message reads {@code "INFO …"}, {@code WARNING} reads
     * {@code "WARNING …"}); the message is the format string as logged, parameters not substituted.
     */
    public final List<String> messages() {
        List<String> out = new ArrayList<>();
        for (LogRecord r : records()) {
            out.add(r.getLevel() + " " + r.getMessage());
        }
        return out;
    }

    /** Detaches the capture and restores the logger's level and parent handlers. */
    @Override
    public final void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(useParentHandlers);
        logger.setLevel(level);
    }
}
