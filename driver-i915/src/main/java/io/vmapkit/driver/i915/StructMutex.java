package io.vmapkit.driver.i915;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The device's {@code struct_mutex}: a plain, <em>non-recursive</em> kernel mutex.
 *
 * <p>It is built on a {@link ReentrantLock} only to learn the owner ({@link #isHeldByCurrentThread()}),
 * which the shrinker's "steal" test needs; it is never entered twice. A {@link #lock()} by the
 * thread that already holds it would deadlock in the kernel and throws here; a {@link #tryLock()}
 * by the holder fails, as {@code mutex_trylock} does.
 *
 * <p>Thread-safe.
 */
final class StructMutex {

    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Takes the mutex, waiting for it ({@code mutex_lock}).
     *
     * @throws IllegalStateException if the current thread already holds it (the kernel self-deadlocks)
     */
    void lock() {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("struct_mutex is not recursive: " + Thread.currentThread().getName()
                    + " already holds it (the kernel would deadlock here)");
        }
        lock.lock();
    }

    /** {@code mutex_trylock}: takes the mutex if nobody holds it; fails for its own holder. */
    boolean tryLock() {
        if (lock.isHeldByCurrentThread()) {
            return false;
        }
        return lock.tryLock();
    }

    /**
     * Releases the mutex.
     *
     * @throws IllegalStateException if the current thread does not hold it
     */
    void unlock() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("struct_mutex released by " + Thread.currentThread().getName()
                    + ", which does not hold it");
        }
        lock.unlock();
    }

    /** Whether the current thread holds the mutex (what {@code mutex_is_locked_by(m, current)} asks). */
    boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** Whether any thread holds it. */
    boolean isLocked() {
        return lock.isLocked();
    }

    /**
     * Checks that the caller holds the mutex, as the kernel's {@code lockdep_assert_held}.
     *
     * @throws IllegalStateException naming {@code operation} otherwise (a model error)
     */
    void assertHeld(String operation) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException(operation + " requires struct_mutex, which "
                    + Thread.currentThread().getName() + " does not hold");
        }
    }

    @Override
    public String toString() {
        return "struct_mutex[" + (lock.isLocked() ? "locked" : "unlocked") + "]";
    }
}
