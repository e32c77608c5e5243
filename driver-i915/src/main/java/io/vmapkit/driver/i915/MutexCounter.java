package io.vmapkit.driver.i915;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter or gauge of the device that only the holder of struct_mutex changes, so it needs no
 * atomic read-modify-write: one writer at a time, each seeing the last one's value through the
 * mutex. Reads and writes are opaque, so a reader on any thread (a metrics scrape, a report) sees a
 * whole, recent value, as it would from a {@code LongAdder}; like those, values of different
 * counters are not read at one instant.
 *
 * <p>Only for counters changed inside {@link Device} operations, which check that struct_mutex is
 * held (or run in a reclaim path that took or stole it on the same thread). Counters changed where
 * the mutex may not be held (the shrinker's give-ups) stay {@code LongAdder}s.
 */
final class MutexCounter {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(MutexCounter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Adds one (struct_mutex held). */
    void increment() {
        VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + 1);
    }

    /** Adds {@code n} and returns the new value (struct_mutex held). */
    long add(long n) {
        long now = (long) VALUE.getOpaque(this) + n;
        VALUE.setOpaque(this, now);
        return now;
    }

    /** Raises the value to {@code v} if it is below (struct_mutex held): a peak. */
    void raiseTo(long v) {
        if (v > (long) VALUE.getOpaque(this)) {
            VALUE.setOpaque(this, v);
        }
    }

    /** The value, from any thread. */
    long sum() {
        return (long) VALUE.getOpaque(this);
    }

    /** The value, from any thread (for gauges). */
    long get() {
        return sum();
    }

    @Override
    public String toString() {
        return Long.toString(sum());
    }
}
