package io.vmapkit.driver.i915;

import io.vmapkit.api.VmapClock;

/**
 * How reclaim paths get struct_mutex: <b>steal it if the current thread already owns it, else
 * trylock, else give up</b> ({@code i915_gem_shrinker_lock}, docs/fidelity.md §11.1), and the notifiers'
 * sleep-and-retry wrapper ({@code i915_gem_shrinker_lock_uninterruptible}).
 *
 * <table>
 *   <caption>{@link #acquire()} by who holds struct_mutex</caption>
 *   <tr><th>holder</th><th>result</th></tr>
 *   <tr><td>nobody</td><td>{@link Outcome#LOCKED}: proceed, release afterwards</td></tr>
 *   <tr><td>the current thread, owner tracking on, stealing not disabled</td><td>{@link Outcome#STOLEN}:
 *       proceed under the caller's lock, do not release it</td></tr>
 *   <tr><td>the current thread, stealing disabled or no owner tracking</td><td>{@link Outcome#FAILED}</td></tr>
 *   <tr><td>another thread</td><td>{@link Outcome#FAILED}</td></tr>
 * </table>
 *
 * <p>Thread-safe; holds no state of its own besides the device it locks.
 */
final class ShrinkerLock {

    private static final System.Logger LOG = System.getLogger(ShrinkerLock.class.getName());

    /** The kernel's message when the notifiers give up. */
    static final String GIVE_UP_MESSAGE = "Unable to lock GPU to purge memory.";

    /** What an attempt got. */
    enum Outcome {
        /** The trylock succeeded: release with {@link #release(Outcome)} afterwards. */
        LOCKED,
        /** The current thread already owned struct_mutex and may reuse it: do not release. */
        STOLEN,
        /** No lock: give up (count 0, scan SHRINK_STOP, notifier NOTIFY_DONE). */
        FAILED
    }

    private final Device device;
    private final boolean ownerTracking;
    private final VmapClock clock;
    private final long jiffyNanos;
    private final I915Stats stats;

    ShrinkerLock(Device device, boolean ownerTracking, VmapClock clock, long jiffyNanos, I915Stats stats) {
        this.device = device;
        this.ownerTracking = ownerTracking;
        this.clock = clock;
        this.jiffyNanos = jiffyNanos;
        this.stats = stats;
    }

    /** One attempt, without waiting ({@code i915_gem_shrinker_lock}). Counts steals, not give-ups. */
    Outcome acquire() {
        StructMutex mutex = device.structMutex();
        if (mutex.tryLock()) {
            return Outcome.LOCKED;
        }
        // mutex_is_locked_by(mutex, current): true only with owner tracking and if we are the owner.
        if (!ownerTracking || !mutex.isHeldByCurrentThread()) {
            return Outcome.FAILED;
        }
        if (device.shrinkerNoLockStealing()) {
            return Outcome.FAILED;
        }
        stats.lockSteals.increment();
        return Outcome.STOLEN;
    }

    /**
     * Retries {@link #acquire()} for up to {@code timeoutNanos} of the model clock, sleeping one jiffy
     * per try; then gives up, logging the kernel's message. An interrupted thread (the kernel's fatal
     * signal) gives up at once, silently. A give-up is counted. The give-up point follows the era:
     * <ul>
     *   <li>4.7 (and the proposal before it) counts tries: {@code timeout = msecs_to_jiffies(ms) + 1},
     *       and each failed try sleeps a jiffy and gives up when {@code --timeout == 0}, so it sleeps
     *       {@code msecs_to_jiffies(ms) + 1} jiffies (read in {@code i915_gem_shrinker.c
     *       i915_gem_shrinker_lock_uninterruptible}, 4.7);</li>
     *   <li>4.9 compares the clock: {@code timeout = jiffies + msecs_to_jiffies_timeout(ms)} (one jiffy
     *       more) and gives up once {@code time_after(jiffies, timeout)}, so it sleeps one jiffy
     *       longer than 4.7 (same function, 4.9). 4.9 also waits for the GPU to go idle
     *       ({@code i915_gem_wait_for_idle(dev_priv, 0)}, without struct_mutex) before each trylock;
     *       that is not modelled: the model's GPU is guarded by struct_mutex and a wait runs it to
     *       completion in zero model time, so the wait can neither be done unlocked nor change when
     *       the retry gives up.</li>
     * </ul>
     */
    Outcome acquireUninterruptible(long timeoutNanos) {
        if (device.era() != Era.V4_9) {
            return acquireCountingTries(timeoutNanos);
        }
        // msecs_to_jiffies_timeout() adds one jiffy so that the wait is at least the timeout.
        long deadline = clock.nanoTime() + timeoutNanos + jiffyNanos;
        for (;;) {
            Outcome o = acquire();
            if (o != Outcome.FAILED) {
                return o;
            }
            clock.sleepNanos(jiffyNanos);
            if (Thread.currentThread().isInterrupted()) {
                stats.lockGiveUps.increment();
                return Outcome.FAILED;
            }
            if (clock.nanoTime() - deadline > 0) {
                return timedOut();
            }
        }
    }

    /** The 4.7 loop: {@code msecs_to_jiffies(ms) + 1} failed tries, a jiffy's sleep after each. */
    private Outcome acquireCountingTries(long timeoutNanos) {
        // msecs_to_jiffies rounds up to whole jiffies
        long left = (timeoutNanos + jiffyNanos - 1) / jiffyNanos + 1;
        for (;;) {
            Outcome o = acquire();
            if (o != Outcome.FAILED) {
                return o;
            }
            clock.sleepNanos(jiffyNanos);
            if (Thread.currentThread().isInterrupted()) {
                stats.lockGiveUps.increment();
                return Outcome.FAILED;
            }
            if (--left == 0) {
                return timedOut();
            }
        }
    }

    private Outcome timedOut() {
        stats.lockGiveUps.increment();
        stats.lockTimeouts.increment();
        LOG.log(System.Logger.Level.ERROR, GIVE_UP_MESSAGE);
        return Outcome.FAILED;
    }

    /** Releases what {@code outcome} took: unlocks after {@link Outcome#LOCKED}, nothing otherwise. */
    void release(Outcome outcome) {
        if (outcome == Outcome.LOCKED) {
            device.structMutex().unlock();
        }
    }
}
