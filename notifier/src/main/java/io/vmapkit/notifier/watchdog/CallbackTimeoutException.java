package io.vmapkit.notifier.watchdog;

import java.time.Duration;
import java.util.Objects;

/**
 * A plugin's callback ran longer than {@code vmapkit.notifier.callback-timeout}. The message names
 * the callback (for example {@code notifier block 'i915' on chain 'vmap-purge'}), the timeout and
 * the thread; the stack trace is not where this exception was made but the hung thread's stack when
 * the timeout elapsed, so printing it shows where the callback is stuck.
 *
 * <p>Handed to the {@linkplain CallbackWatchdog#onTimeout sinks} when the timeout elapses, and,
 * should the callback return after all, to the caller of the callback as the reason the call
 * failed (a chain's {@code notifierCallFailed} event, a shrinker's misbehaviour report, a failed
 * install). Immutable once made; safe to pass between threads.
 */
public final class CallbackTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The setting that bounds callbacks. */
    public static final String KEY = "vmapkit.notifier.callback-timeout";

    private final String callback;
    private final transient Duration timeout;
    private final String threadName;
    private final transient Thread thread;

    /**
     * @param callback what was called, e.g. {@code notifier block 'x' on chain 'vmap-purge'}
     * @param timeout the bound it exceeded
     * @param thread the thread running it
     * @param stack that thread's stack when the bound elapsed
     */
    public CallbackTimeoutException(String callback, Duration timeout, Thread thread, StackTraceElement[] stack) {
        super(Objects.requireNonNull(callback, "callback") + " has not returned after " + human(timeout) + " ("
                + KEY + "); its thread '" + thread.getName() + "' was interrupted; the thread's stack:", null, true, true);
        this.callback = callback;
        this.timeout = timeout;
        this.threadName = thread.getName();
        this.thread = thread;
        setStackTrace(stack.clone());
    }

    /** What was called, e.g. {@code notifier block 'x' on chain 'vmap-purge'}. */
    public String callback() {
        return callback;
    }

    /** The bound the call exceeded. */
    public Duration timeout() {
        return timeout;
    }

    /** The thread that ran the call (null after deserialization). */
    public Thread thread() {
        return thread;
    }

    /** The name of the thread that ran the call. */
    public String threadName() {
        return threadName;
    }

    /** {@code 250 ms}, {@code 30 s}: the duration as a reader writes it. */
    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
