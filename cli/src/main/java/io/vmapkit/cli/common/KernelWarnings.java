package io.vmapkit.cli.common;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what vmapkit logs at WARNING and above while test_vmalloc runs — the allocator's
 * rate-limited "vmap allocation for size N failed" — so {@code bench test-vmalloc} prints it with its
 * output, as the kernel's test leaves it in dmesg, instead of on standard error as if something had
 * gone wrong (align_shift_alloc_test fails by design and makes the allocator warn).
 *
 * <p>{@code simulate} uses it too, to keep the log lines of its trial install (which checks
 * {@code -Dvmapkit.plugin.*} values) off standard error: the usage error says it all.
 *
 * <p>Takes over the {@code io.vmapkit} logger of {@code java.util.logging} (where vmapkit's
 * {@link System.Logger}s end) until {@link #close()}. One capture at a time; the lines may be added
 * from the suite's worker threads.
 */
public final class KernelWarnings implements AutoCloseable {

    private final Logger logger = Logger.getLogger("io.vmapkit");
    private final boolean useParentHandlers;
    private final List<String> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (lines) {
                    lines.add(r.getMessage());
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private KernelWarnings() {
        useParentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** Starts capturing. */
    public static KernelWarnings capture() {
        return new KernelWarnings();
    }

    /** The lines captured so far, in order. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Stops capturing; vmapkit's log goes where it went before. */
    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(useParentHandlers);
    }
}
