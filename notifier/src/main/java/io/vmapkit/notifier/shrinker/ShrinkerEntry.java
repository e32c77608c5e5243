package io.vmapkit.notifier.shrinker;

import io.vmapkit.api.shrinker.Shrinker;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One registration of a shrinker: its name (read once), its deferred work ({@code nr_deferred},
 * node 0), its failure record, and a count of calls in flight so unregistration can wait for them
 * (the 6.x shrinker refcount + completion).
 *
 * <p><b>Threading.</b> Everything is atomic; several reclaiming threads may use one entry at once.
 */
final class ShrinkerEntry {

    private static final int RETIRED = Integer.MIN_VALUE;

    final Shrinker shrinker;
    final String name;
    /** {@code nr_deferred[0]}: scan work owed to later passes. */
    final AtomicLong nrDeferred = new AtomicLong();
    /** Calls in flight in the low bits; {@link #RETIRED} set once unregistration began. */
    private final AtomicInteger state = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile boolean quarantined;
    private volatile boolean logged;
    private volatile Thread waiter;

    ShrinkerEntry(Shrinker shrinker, String name) {
        this.shrinker = shrinker;
        this.name = name;
    }

    /** Begins a call unless unregistration has begun ({@code shrinker_try_get}). */
    boolean tryAcquire() {
        for (;;) {
            int s = state.get();
            if (s < 0) {
                return false;
            }
            if (state.compareAndSet(s, s + 1)) {
                return true;
            }
        }
    }

    /** Ends a call ({@code shrinker_put}); wakes an unregistering thread waiting for the last one. */
    void releaseCall() {
        if (state.decrementAndGet() == RETIRED) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /**
     * Stops new calls and waits for those in flight to end. Idempotent; uninterruptible (an
     * interrupt is kept for the caller).
     */
    void retireAndAwaitCalls() {
        state.getAndUpdate(s -> s | RETIRED);
        if (state.get() == RETIRED) {
            return;
        }
        boolean interrupted = false;
        waiter = Thread.currentThread(); // before re-checking, so the last caller's unpark is not lost
        try {
            while (state.get() != RETIRED) {
                LockSupport.parkNanos(this, 1_000_000L);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            waiter = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Calls in flight (for tests). */
    int callsInFlight() {
        return state.get() & Integer.MAX_VALUE;
    }

    /** Adds {@code n} back to the deferred work, saturating; returns the new value ({@code new_nr}). */
    long addDeferred(long n) {
        return nrDeferred.accumulateAndGet(n, SlabArithmetic::saturatingAdd);
    }

    boolean isQuarantined() {
        return quarantined;
    }

    void succeeded() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    int failed() {
        return consecutiveFailures.incrementAndGet();
    }

    /** {@code true} only for the call that quarantined it. */
    synchronized boolean quarantine() {
        if (quarantined) {
            return false;
        }
        quarantined = true;
        return true;
    }

    /** Lifts the quarantine and resets the failure count; {@code true} if it was quarantined. */
    synchronized boolean release() {
        consecutiveFailures.set(0);
        if (!quarantined) {
            return false;
        }
        quarantined = false;
        return true;
    }

    /** {@code true} exactly once: the first misbehaviour is logged, later ones go to the listener only. */
    synchronized boolean firstLog() {
        if (logged) {
            return false;
        }
        logged = true;
        return true;
    }

    @Override
    public String toString() {
        return "Shrinker[" + name + ", deferred " + nrDeferred.get() + (quarantined ? ", quarantined" : "") + "]";
    }
}
