package io.vmapkit.allocator;

import io.vmapkit.api.VmapClock;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's {@code printk_ratelimit()}: at most {@code burst} messages per {@code interval} of
 * the configured clock (defaults 10 per 5 s, {@code DEFAULT_RATELIMIT_BURST} and
 * {@code DEFAULT_RATELIMIT_INTERVAL}). When a new interval starts after messages were suppressed,
 * {@link #allow()} tells the caller how many, so it can print the kernel's "callbacks suppressed"
 * line. Holds no logger, so it stays a small value in the allocator's object graph.
 *
 * <p>Thread-safe (synchronized; only failure paths call it).
 */
final class PrintkRatelimit {

    static final int DEFAULT_BURST = 10;
    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final VmapClock clock;
    private final long intervalNanos;
    private final int burst;
    private boolean started;
    private long begin;
    private int printed;
    private long missed;

    PrintkRatelimit(VmapClock clock, long intervalNanos, int burst) {
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.burst = burst;
    }

    /**
     * Counts a message and says whether it may be printed.
     *
     * @return -1 if it must be suppressed; otherwise how many messages were suppressed in the
     *     interval that just ended (0 if none, or if the interval goes on)
     */
    synchronized long allow() {
        long now = clock.nanoTime();
        if (!started) {
            started = true;
            begin = now;
        }
        long suppressed = 0;
        if (now - begin >= intervalNanos) {
            suppressed = missed;
            begin = now;
            printed = 0;
            missed = 0;
        }
        if (printed < burst) {
            printed++;
            return suppressed;
        }
        missed++;
        return -1;
    }
}
