package io.vmapkit.notifier.chain;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.api.spi.NotifierConfig;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link ChainKind#BLOCKING}: the kernel's {@code blocking_notifier_head}, an rw_semaphore modelled
 * by a non-fair {@link ReentrantReadWriteLock}.
 *
 * <ul>
 *   <li><b>Calls</b> hold the read lock for the whole walk, so callbacks run under it, may block,
 *       and run concurrently with calls on other threads. A call on an empty chain only reads the
 *       volatile snapshot and takes no lock ({@code blocking_notifier_call_chain}'s unlocked head
 *       check).
 *   <li><b>Register/unregister</b> take the write lock and therefore wait for every call in
 *       flight; no callback ever runs under the write lock.
 *   <li><b>Self re-entry</b>: register or unregister (also {@code Registration.close()}) from a
 *       thread that holds this chain's read lock, i.e. from inside one of its callbacks, would
 *       self-deadlock in the kernel; here it throws {@link IllegalStateException} naming the chain.
 *       The test costs nothing on the call path: it asks the lock for the current thread's read
 *       holds. A callback that <em>calls</em> the same chain again is allowed (nested read).
 *   <li><b>Robust call</b>: both passes under one read hold, so the chain cannot change between them.
 * </ul>
 *
 * <p>A callback that hands a registration to another thread and waits for it deadlocks, as in the
 * kernel; that is not detected.
 *
 * <p><b>Allocation.</b> A call allocates nothing while it is the only reader. When several threads
 * hold the read lock at once, {@code ReentrantReadWriteLock} itself records the hold of every
 * reader but the first in a per-thread counter that it drops on release, so concurrent readers may
 * allocate a few dozen bytes per call inside the JDK lock; the chain's own code allocates nothing.
 */
final class BlockingChain<T> extends SnapshotChain<T> {

    /** Package-visible so tests can observe queued writers deterministically. */
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    BlockingChain(String name, NotifierConfig config) {
        super(name, ChainKind.BLOCKING, config);
    }

    @Override
    Registration register(NotifierBlock<? super T> block, boolean unique) {
        checkNotInsideCall("register");
        Entry<T> e = newEntry(block);
        lock.writeLock().lock();
        try {
            return insert(e, unique);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void unregister(NotifierBlock<? super T> block) {
        java.util.Objects.requireNonNull(block, "block");
        checkNotInsideCall("unregister");
        Entry<T> removed;
        lock.writeLock().lock();
        try {
            removed = unlink(block, null);
        } finally {
            lock.writeLock().unlock();
        }
        if (removed == null) {
            throw notRegistered(block);
        }
    }

    @Override
    void close(Entry<T> entry) {
        checkNotInsideCall("unregister");
        lock.writeLock().lock();
        try {
            unlink(null, entry);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkNotInsideCall(String operation) {
        if (lock.getReadHoldCount() > 0) {
            throw selfDeadlock(operation, "the rw_semaphore is held for read by this call; the writer waits for it forever");
        }
    }

    @Override
    public int call(long action, T data, int nrToCall, NrCalls nrCalls) {
        checkNrToCall(nrToCall);
        if (entries.length == 0) {
            return Notify.DONE;
        }
        ReentrantReadWriteLock.ReadLock read = lock.readLock();
        read.lock();
        try {
            return walk(entries, action, data, nrToCall, nrCalls);
        } finally {
            read.unlock();
        }
    }

    @Override
    public int callRobust(long actionUp, long actionDown, T data) {
        if (entries.length == 0) {
            return Notify.DONE;
        }
        ReentrantReadWriteLock.ReadLock read = lock.readLock();
        read.lock();
        try {
            return robust(entries, actionUp, actionDown, data);
        } finally {
            read.unlock();
        }
    }
}
