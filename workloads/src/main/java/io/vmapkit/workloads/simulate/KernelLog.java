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
 * <p><b>Several runs at once.</b> While at least one capture is open, one shared handler sits on the
 * {@code io.vmapkit} logger of {@code java.util.logging} (vmapkit's {@link System.Logger}s end
 * there) and the logger's parent handlers are off; the last capture to close restores them. A
 * record goes to the capture <i>of the thread that logged it</i>: the thread that opened the
 * capture, or a thread it started while the capture was open (the owner is inherited, e.g. by a
 * background purge thread). A record from any other thread goes to the only open capture when there
 * is exactly one (what a single {@code simulate} run always did), else to the root logger's handlers
 * as if nothing captured it. So {@code sweep} can run cells on a pool of threads and each cell's
 * log holds its own lines only.
 *
 * <p>Thread-safe. A capture is opened and closed by the same thread, the one running the policy.
 */
final class KernelLog implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger("io.vmapkit");

    /** Guards {@link #open}, {@link #savedUseParentHandlers} and the handler's installation. */
    private static final Object LOCK = new Object();

    /** The captures open now (guarded by {@link #LOCK}). */
    private static final List<KernelLog> open = new ArrayList<>();

    /** The logger's parent-handler setting before the first open capture (guarded by {@link #LOCK}). */
    private static boolean savedUseParentHandlers;

    /** The capture a thread logs to: set by {@link #capture()}, inherited by the threads it starts. */
    private static final InheritableThreadLocal<KernelLog> OWNER = new InheritableThreadLocal<>();

    private static final Handler ROUTER = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() < Level.WARNING.intValue()) {
                return;
            }
            KernelLog target = route();
            if (target != null) {
                target.add(r.getMessage());
            } else {
                for (Handler h : Logger.getLogger("").getHandlers()) {
                    h.publish(r);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private final List<String> lines = new ArrayList<>();
    private final KernelLog previousOwner;

    private KernelLog() {
        previousOwner = OWNER.get();
        synchronized (LOCK) {
            if (open.isEmpty()) {
                savedUseParentHandlers = LOGGER.getUseParentHandlers();
                LOGGER.addHandler(ROUTER);
                LOGGER.setUseParentHandlers(false);
            }
            open.add(this);
        }
        OWNER.set(this);
    }

    /** Starts capturing what the calling thread (and the threads it starts) logs. */
    static KernelLog capture() {
        return new KernelLog();
    }

    /** The capture a record logged on the calling thread belongs to, or {@code null}. */
    private static KernelLog route() {
        KernelLog owner = OWNER.get();
        synchronized (LOCK) {
            if (owner != null && open.contains(owner)) {
                return owner;
            }
            return open.size() == 1 ? open.get(0) : null;
        }
    }

    private void add(String line) {
        synchronized (lines) {
            lines.add(line);
        }
    }

    /** The lines captured so far, in order. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        synchronized (LOCK) {
            if (open.remove(this) && open.isEmpty()) {
                LOGGER.removeHandler(ROUTER);
                LOGGER.setUseParentHandlers(savedUseParentHandlers);
            }
        }
        if (OWNER.get() == this) {
            if (previousOwner == null) {
                OWNER.remove();
            } else {
                OWNER.set(previousOwner);
            }
        }
    }
}
