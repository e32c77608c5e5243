package io.vmapkit.plugins.examples.msm;

import io.vmapkit.api.VmapClock;

/**
 * The kernel's {@code printk_ratelimit()} / {@code pr_info_ratelimited()} rule: at most
 * {@code burst} messages per {@code interval}; when a new interval begins, the number suppressed in
 * the last one is reported once. Reads the system's clock, so tests drive it with a manual clock.
 * Thread-safe (synchronized; called rarely, only when a message would be printed).
 */
final class PrintkRatelimit {

    private final VmapClock clock;
    private final long intervalNanos;
    private final int burst;

    // guarded by this
    private boolean started;
    private long begin;
    private int printed;
    private long missed;
    private long totalPrinted;
    private long totalMissed;

    /**
     * @param intervalNanos the window; 0 turns limiting off
     * @param burst messages allowed per window, at least 1
     */
    PrintkRatelimit(VmapClock clock, long intervalNanos, int burst) {
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.burst = burst;
    }

    /**
     * Asks to print one message now.
     *
     * @return -1 to suppress it; otherwise print it, after a "N callbacks suppressed" line if the
     *     result N is positive
     */
    synchronized long acquire() {
        if (intervalNanos == 0) {
            totalPrinted++;
            return 0;
        }
        long now = clock.nanoTime();
        long suppressedBefore = 0;
        if (!started || now - begin >= intervalNanos) {
            started = true;
            begin = now;
            printed = 0;
            suppressedBefore = missed;
            missed = 0;
        }
        if (printed < burst) {
            printed++;
            totalPrinted++;
            return suppressedBefore;
        }
        missed++;
        totalMissed++;
        return -1;
    }

    synchronized long printed() {
        return totalPrinted;
    }

    synchronized long suppressed() {
        return totalMissed;
    }
}
