package io.vmapkit.api;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's message rate limit ({@code struct ratelimit_state}, {@code printk_ratelimit()},
 * {@code pr_*_ratelimited()}): at most {@code burst} messages per {@code interval} of a
 * {@link VmapClock}; the rest of the interval is suppressed and counted.
 *
 * <p><b>The rule.</b> The first message starts an interval at the clock's current time. Within an
 * interval the first {@code burst} messages pass and every later one is suppressed. Once the
 * clock reads at least {@code interval} nanoseconds after the interval began, the next message
 * starts a new interval (at the time of that message, not at the end of the old one) and passes.
 * An interval of 0 turns limiting off: every message passes.
 *
 * <p><b>Reporting suppressed messages.</b> The kernel prints {@code "<function>: N callbacks
 * suppressed"} before the first message of a new interval when N messages were suppressed in the
 * interval that ended. {@link #acquire()} returns N for that first message (and 0 for every other
 * message that passes), exactly once per interval, so a caller writes the line with
 * {@link #callbacksSuppressed(String, long)} and then its own message:
 *
 * <pre>{@code
 * long missed = ratelimit.acquire();
 * if (missed != Ratelimit.SUPPRESSED) {
 *     if (missed > 0) {
 *         LOG.log(WARNING, Ratelimit.callbacksSuppressed("alloc_vmap_area", missed));
 *     }
 *     LOG.log(WARNING, message);
 * }
 * }</pre>
 * Messages suppressed in an interval that no later message follows are never reported, as in the
 * kernel; {@link #suppressed()} still counts them.
 *
 * <p><b>Units.</b> Times are nanoseconds of the clock given at construction (use the system's
 * clock, {@code PluginContext.clock()}, so tests drive it by hand); only differences of its
 * readings are used, so a clock whose readings wrap past {@link Long#MAX_VALUE} works.
 *
 * <p><b>Threading.</b> Thread-safe: every method takes this object's monitor briefly and calls
 * only {@link VmapClock#nanoTime()} under it. Meant for failure and warning paths, not for hot
 * paths. Unlike the kernel, a caller that finds the limit busy waits for it instead of being
 * suppressed without being counted. Holds no logger and owns nothing but its counters.
 */
@Experimental("a convenience for plugins that log like printk_ratelimit; its shape may change")
public final class Ratelimit {

    /** The kernel's {@code DEFAULT_RATELIMIT_INTERVAL}, {@code 5 * HZ}: 5 seconds, in nanoseconds. */
    public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** The kernel's {@code DEFAULT_RATELIMIT_BURST}: 10 messages per interval. */
    public static final int DEFAULT_BURST = 10;

    /** What {@link #acquire()} returns for a message that must not be printed. */
    public static final long SUPPRESSED = -1;

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
     * A limit with the kernel's defaults: {@value #DEFAULT_BURST} messages per 5 seconds.
     *
     * @throws NullPointerException if {@code clock} is null
     */
    public Ratelimit(VmapClock clock) {
        this(clock, DEFAULT_INTERVAL_NANOS, DEFAULT_BURST);
    }

    /**
     * A limit of {@code burst} messages per {@code intervalNanos}.
     *
     * @param clock the time source
     * @param intervalNanos the interval in nanoseconds; 0 turns limiting off
     * @param burst messages that pass per interval, at least 1
     * @throws IllegalArgumentException naming the value if the interval is negative or the burst
     *     is below 1
     * @throws NullPointerException if {@code clock} is null
     */
    public Ratelimit(VmapClock clock, long intervalNanos, int burst) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("ratelimit interval " + intervalNanos
                    + " ns is negative (0 turns limiting off)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("ratelimit burst " + burst + " must be at least 1");
        }
        this.intervalNanos = intervalNanos;
        this.burst = burst;
    }

    /**
     * Counts one message and says whether it may be printed now.
     *
     * @return {@link #SUPPRESSED} if it must not be printed; otherwise it may be, and the result is
     *     the number of messages suppressed in the interval that this message's new interval
     *     followed (print {@link #callbacksSuppressed} first if it is positive), or 0
     */
    public synchronized long acquire() {
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
        return SUPPRESSED;
    }

    /** How many messages {@link #acquire()} let pass since construction. */
    public synchronized long printed() {
        return totalPrinted;
    }

    /** How many messages {@link #acquire()} suppressed since construction, reported or not. */
    public synchronized long suppressed() {
        return totalMissed;
    }

    /** The interval in nanoseconds; 0 if limiting is off. */
    public long intervalNanos() {
        return intervalNanos;
    }

    /** The messages that pass per interval. */
    public int burst() {
        return burst;
    }

    /**
     * The kernel's report of suppressed messages: {@code "<name>: <count> callbacks suppressed"}.
     *
     * @param name who was limited: the kernel prints the function's name ({@code alloc_vmap_area})
     * @param count the positive result of {@link #acquire()}
     */
    public static String callbacksSuppressed(String name, long count) {
        return name + ": " + count + " callbacks suppressed";
    }

    @Override
    public String toString() {
        return "Ratelimit[" + burst + " per " + intervalNanos + " ns]";
    }
}
