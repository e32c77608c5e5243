package io.vmapkit.notifier.watchdog;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Times plugin callbacks against one bound (see the package documentation).
 *
 * <pre>{@code
 * CallbackWatchdog.Call call = watchdog.enter("notifier block 'x' on chain 'vmap-purge'");
 * try {
 *     result = block.notifierCall(action, data);
 * } finally {
 *     CallbackTimeoutException late = call.exit(); // non-null: the call overran; treat it as failed
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #WAIT_FOREVER} costs nothing per call.
 */
public final class CallbackWatchdog {

    private static final System.Logger LOG = System.getLogger(CallbackWatchdog.class.getName());

    /** A watchdog that never fires: the kernel's behaviour (a blocking chain waits for its callbacks). */
    public static final CallbackWatchdog WAIT_FOREVER = new CallbackWatchdog(Duration.ZERO);

    private static final List<Consumer<? super CallbackTimeoutException>> SINKS = new CopyOnWriteArrayList<>();

    private final Duration timeout;
    private final long timeoutNanos;

    private CallbackWatchdog(Duration timeout) {
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * A watchdog with {@code timeout}; {@link Duration#ZERO} waits forever.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static CallbackWatchdog of(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("callback timeout " + timeout + " is negative");
        }
        return timeout.isZero() ? WAIT_FOREVER : new CallbackWatchdog(timeout);
    }

    /** The bound; {@link Duration#ZERO} for none. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether calls are never reported (no bound). */
    public boolean waitsForever() {
        return timeoutNanos == 0;
    }

    /**
     * Starts timing a callback on the calling thread. End it with {@link Call#exit()} on the same
     * thread, also when the callback threw.
     *
     * @param callback what is called, for the report, e.g. {@code shrinker 'x' (scan_objects)}
     */
    public Call enter(String callback) {
        if (timeoutNanos == 0) {
            return Call.UNTIMED;
        }
        Call c = new Call(callback, timeout, Thread.currentThread());
        c.timer = Timer.INSTANCE.schedule(c::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        return c;
    }

    /**
     * Registers {@code sink} to receive every timeout report of this JVM, on the watchdog's thread,
     * until the returned registration is closed. A sink must return quickly and must not throw
     * (what it throws is logged and ignored).
     */
    public static AutoCloseable onTimeout(Consumer<? super CallbackTimeoutException> sink) {
        Objects.requireNonNull(sink, "sink");
        SINKS.add(sink);
        return () -> SINKS.remove(sink);
    }

    @Override
    public String toString() {
        return "CallbackWatchdog[" + (waitsForever() ? "none" : CallbackTimeoutException.human(timeout)) + "]";
    }

    /** One timed callback. */
    public static final class Call {
        private static final Call UNTIMED = new Call(null, Duration.ZERO, null);

        /** A call that is not timed: {@link #exit()} returns {@code null} at once. */
        public static Call untimed() {
            return UNTIMED;
        }

        private final String callback;
        private final Duration timeout;
        private final Thread thread;
        private ScheduledFuture<?> timer; // set right after construction, before the call runs
        private CallbackTimeoutException report; // guarded by this
        private boolean exited; // guarded by this

        private Call(String callback, Duration timeout, Thread thread) {
            this.callback = callback;
            this.timeout = timeout;
            this.thread = thread;
        }

        /**
         * Ends the call.
         *
         * @return {@code null} if it returned in time; otherwise the report made when the timeout
         *     elapsed (the interrupt the watchdog sent is cleared first, if still pending)
         */
        public CallbackTimeoutException exit() {
            if (thread == null) {
                return null;
            }
            timer.cancel(false);
            synchronized (this) {
                exited = true;
                if (report != null) {
                    Thread.interrupted(); // ours, sent to wake the callback; not the caller's
                }
                return report;
            }
        }

        private void expire() {
            CallbackTimeoutException r;
            synchronized (this) {
                if (exited) {
                    return;
                }
                r = new CallbackTimeoutException(callback, timeout, thread, thread.getStackTrace());
                report = r;
            }
            LOG.log(Level.WARNING, r.getMessage(), r);
            for (Consumer<? super CallbackTimeoutException> s : SINKS) {
                try {
                    s.accept(r);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a callback-timeout sink threw; ignored", e);
                }
            }
            synchronized (this) {
                if (!exited) {
                    thread.interrupt();
                }
            }
        }
    }

    /** The JVM's one watchdog thread, started on first use. */
    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, "vmapkit-callback-watchdog");
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            return t;
        }
    }
}
