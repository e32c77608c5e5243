package io.vmapkit.plugins.examples.msm;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How msm's reclaim callbacks (the purge notifier block and the shrinker's scan, and in
 * {@link MsmPlugin.LockMode#TRYLOCK TRYLOCK} mode its count) get the cache lock:
 * {@code msm_gem_shrinker_lock}, docs/fidelity.md §11 and §15.
 *
 * <table>
 *   <caption>{@link #acquire()} by lock mode and by who holds the cache lock</caption>
 *   <tr><th>mode</th><th>holder</th><th>outcome</th></tr>
 *   <tr><td>{@code wait}</td><td>anyone</td><td>waits for it, then {@link Outcome#LOCKED}</td></tr>
 *   <tr><td>{@code trylock}</td><td>nobody</td><td>{@link Outcome#LOCKED} ({@code MUTEX_TRYLOCK_SUCCESS}:
 *       proceed, unlock afterwards)</td></tr>
 *   <tr><td>{@code trylock}</td><td>the current thread</td><td>{@link Outcome#STOLEN}
 *       ({@code MUTEX_TRYLOCK_RECURSIVE}: proceed under the caller's hold, do not unlock)</td></tr>
 *   <tr><td>{@code trylock}</td><td>another thread</td><td>{@link Outcome#BUSY}
 *       ({@code MUTEX_TRYLOCK_FAILED}: give up at once)</td></tr>
 * </table>
 * Unlike i915, msm has no sleep-and-retry for its notifier and no switch that forbids stealing.
 * Owner tracking is always available here (the later {@code mutex_trylock_recursive} form; the
 * 4.7-era {@code mutex_is_locked_by} depended on the kernel configuration).
 *
 * <p>The cache lock is a {@link ReentrantLock} only so that the owner can be asked for; it is never
 * entered twice: the owner's test comes before the trylock, which a {@code ReentrantLock} would
 * otherwise grant its owner again.
 *
 * <p>Immutable; thread-safe.
 */
final class ShrinkerLock {

    /** What an attempt got. */
    enum Outcome {
        /** The lock was free (or waited for): proceed, then {@link #release(Outcome)}. */
        LOCKED,
        /** The current thread already held it: proceed under that hold and leave it to its owner. */
        STOLEN,
        /** Another thread holds it: give up (notifier NOTIFY_DONE, count 0, scan SHRINK_STOP). */
        BUSY
    }

    private final ReentrantLock lock;
    private final MsmPlugin.LockMode mode;

    ShrinkerLock(ReentrantLock lock, MsmPlugin.LockMode mode) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** One attempt; in {@code wait} mode it waits, in {@code trylock} mode it never does. */
    Outcome acquire() {
        if (mode == MsmPlugin.LockMode.WAIT) {
            lock.lock();
            return Outcome.LOCKED;
        }
        if (lock.isHeldByCurrentThread()) {
            return Outcome.STOLEN;
        }
        return lock.tryLock() ? Outcome.LOCKED : Outcome.BUSY;
    }

    /** Undoes what {@code outcome} took: unlocks after {@link Outcome#LOCKED}, nothing otherwise. */
    void release(Outcome outcome) {
        if (outcome == Outcome.LOCKED) {
            lock.unlock();
        }
    }
}
