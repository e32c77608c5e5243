package io.vmapkit.api.notifier;

/**
 * The four kinds of kernel notifier chain. They share ordering and call semantics and differ in
 * locking, which decides what a callback may do.
 */
public enum ChainKind {
    /**
     * Calls walk an immutable snapshot without taking a lock (the kernel's RCU read side);
     * registration takes a short internal lock and unregistration waits for calls in flight.
     * <b>Callbacks must not block</b>: they may run in contexts that cannot sleep.
     */
    ATOMIC,
    /**
     * A readers–writer lock: calls hold the read side, register/unregister the write side, so a
     * registration from another thread waits for calls in flight. Callbacks may block. A callback
     * that registers or unregisters on the <em>same</em> chain gets an
     * {@link IllegalStateException} naming the chain (the kernel self-deadlocks).
     */
    BLOCKING,
    /**
     * No locking at all: the caller serialises calls and changes. The next block is read before
     * each callback, so a callback may unregister itself.
     */
    RAW,
    /**
     * Sleepable read-copy-update: calls are never blocked by writers, registration is published to
     * later calls, and unregistration waits until calls in flight have finished. Callbacks may
     * block; they must not unregister on the same chain.
     */
    SRCU;

    /** Whether this kind offers {@link NotifierChain#callRobust} (blocking and raw only, as in the kernel). */
    public boolean supportsRobustCall() {
        return this == BLOCKING || this == RAW;
    }
}
