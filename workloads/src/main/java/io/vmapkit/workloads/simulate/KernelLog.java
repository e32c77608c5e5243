package io.vmapkit.workloads.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what vmapkit logs at WARNING and above during one policy run — the allocator's
 * rate-limited "vmap allocation for size N failed" lines, the i915 model's "Unable to lock GPU"
 * — so {@code simulate} can show them after its table, per policy, instead of interleaving them
 * with it on standard error. The lines are the model's dmesg: they keep the kernel's words and its
 * rate limit.
 *
 * <p>Capturing takes over the {@code io.vmapkit} logger of {@code java.util.logging} (vmapkit's
 * {@link System.Logger}s end there) until {@link #close()}; simulate runs its policies one after
 * another on one thread, so one capture is active at a time.
 */
final class KernelLog implements AutoCloseable {

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

    private KernelLog() {
        useParentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** Starts capturing. */
    static KernelLog capture() {
        return new KernelLog();
    }

    /** The lines captured so far, in order. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(useParentHandlers);
    }
}
