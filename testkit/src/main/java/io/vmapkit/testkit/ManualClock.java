package io.vmapkit.testkit;

import io.vmapkit.api.VmapClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic {@link VmapClock}: time moves only when a test {@linkplain #advance advances} it or
 * code {@linkplain #sleepNanos sleeps} on it, so "retry for up to 5 seconds" loops finish at once and
 * always the same way. Thread-safe.
 */
public final class ManualClock implements VmapClock {

    private final AtomicLong now;

    /** A clock at 0 ns. */
    public ManualClock() {
        this(0);
    }

    /** A clock at {@code startNanos}. */
    public ManualClock(long startNanos) {
        this.now = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    /** Advances the clock by {@code nanos} at once, without waiting. */
    @Override
    public void sleepNanos(long nanos) {
        advance(nanos);
    }

    /**
     * Moves time forward.
     *
     * @throws IllegalArgumentException if {@code nanos} is negative (time never goes back)
     */
    public ManualClock advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot advance a clock by " + nanos + " ns");
        }
        now.addAndGet(nanos);
        return this;
    }

    /** Moves time forward by {@code d}. */
    public ManualClock advance(Duration d) {
        return advance(d.toNanos());
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + " ns]";
    }
}
