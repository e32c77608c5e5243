package io.vmapkit.allocator;

import io.vmapkit.api.VmapClock;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's {@code printk_ratelimit()}: at most {@code burst} messages per {@code interval} of
 * the configured clock (defaults 10 per 5 s, {@code DEFAULT_RATELIMIT_BURST} and
 * {@code DEFAULT_RATELIMIT_INTERVAL}). When a new interval starts after messages were suppressed,
 * one line says how many.
 *
 * <p>Thread-safe (synchronized; only failure paths call it).
 */
final class PrintkRatelimit {

    static final int DEFAULT_BURST = 10;
    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final VmapClock clock;
    private final long intervalNanos;
    private final int burst;
    private final System.Logger log;
    private final String who;
    private boolean started;
    private long begin;
    private int printed;
    private long missed;

    PrintkRatelimit(VmapClock clock, long intervalNanos, int burst, System.Logger log, String who) {
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.burst = burst;
        this.log = log;
        this.who = who;
    }

    /** Whether a message may be printed now; counts it either way. */
    synchronized boolean allow() {
        long now = clock.nanoTime();
        if (!started) {
            started = true;
            begin = now;
        }
        if (now - begin >= intervalNanos) {
            if (missed > 0) {
                log.log(System.Logger.Level.WARNING, who + ": " + missed + " callbacks suppressed");
            }
            begin = now;
            printed = 0;
            missed = 0;
        }
        if (printed < burst) {
            printed++;
            return true;
        }
        missed++;
        return false;
    }
}
