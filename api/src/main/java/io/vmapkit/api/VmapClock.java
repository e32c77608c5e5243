package io.vmapkit.api;

/**
 * The time source of a vmapkit system: a seam so tests and simulations control time.
 *
 * <p>The i915 model's "retry the lock for up to 5 seconds" and the allocator's rate-limited
 * warnings read this clock, so a test with a manual clock never waits for real. Implementations
 * must be thread-safe.
 */
public interface VmapClock {

    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /**
     * Waits for about {@code nanos} nanoseconds of this clock's time. The system clock parks the
     * thread; a manual clock advances itself and returns at once.
     *
     * @throws IllegalArgumentException if {@code nanos} is negative
     */
    default void sleepNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("sleep of " + nanos + " ns is negative");
        }
        long deadline = System.nanoTime() + nanos;
        long left = nanos;
        while (left > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
            left = deadline - System.nanoTime();
        }
    }

    /** The JVM's monotonic clock ({@link System#nanoTime()}). */
    static VmapClock system() {
        return System::nanoTime;
    }
}
