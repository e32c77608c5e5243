package io.vmapkit.plugins.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what a class logs through {@link System.Logger} (backed by java.util.logging when no other
 * backend is installed), so a test can check the messages. Close it to restore the logger.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final boolean useParent;
    private final Level level;
    private final List<String> messages = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (messages) {
                messages.add(record.getLevel() + " " + record.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /** Starts capturing the logger named after {@code type}, at every level. */
    public LogCapture(Class<?> type) {
        this.logger = Logger.getLogger(type.getName());
        this.useParent = logger.getUseParentHandlers();
        this.level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** The messages so far, as "LEVEL message". */
    public List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(useParent);
        logger.setLevel(level);
    }
}
