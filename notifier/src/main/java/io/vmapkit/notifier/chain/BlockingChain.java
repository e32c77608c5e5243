package io.vmapkit.notifier.chain;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.notifier.NotifierConfig;

/**
 * {@link ChainKind#BLOCKING}: the kernel's {@code blocking_notifier_head}, whose rw_semaphore is
 * modelled by {@link RwSemaphore} (one fence per call, no read-modify-write; see there for the
 * protocol and why it is correct).
 *
 * <ul>
 *   <li><b>Calls</b> hold the semaphore's read side for the whole walk, so callbacks run under it,
 *       may block, and run concurrently with calls on other threads. A call on an empty chain only
 *       reads the volatile snapshot and takes no lock ({@code blocking_notifier_call_chain}'s
 *       unlocked head check). A callback that throws does not leak the read side: it is released
 *       in a {@code finally}, also when an {@link Error} escapes the walk.
 *   <li><b>Register/unregister</b> take the write side and therefore wait for every call in
 *       flight: when {@link #unregister} (or {@code Registration.close()}) returns, the block is
 *       never called again. No callback ever runs under the write side. Calls that start while a
 *       writer holds or waits for the write side park until it is done (writer preference, so a
 *       steady stream of calls cannot starve a writer; see {@link RwSemaphore} for the fairness
 *       policy).
 *   <li><b>Self re-entry</b>: register or unregister (also {@code Registration.close()}) from a
 *       thread that holds this chain's read side, i.e. from inside one of its callbacks (directly,
 *       from a nested call of this chain, or from a callback of another chain that this chain's
 *       callback called), would self-deadlock in the kernel; here it throws
 *       {@link IllegalStateException} naming the chain. The test costs nothing on the call path: a
 *       writer looks at the current thread's reader record. A callback that <em>calls</em> the same
 *       chain again is allowed (nested read; it does not wait for a queued writer).
 *   <li><b>Robust call</b>: both passes under one read hold, so the chain cannot change between them.
 * </ul>
 *
 * <p>A callback that hands a registration to another thread and waits for it deadlocks, as in the
 * kernel; that is not detected.
 *
 * <p><b>Allocation.</b> A call allocates nothing once its thread has called this chain before (the
 * first call of a thread creates its reader record).
 */
final class BlockingChain<T> extends SnapshotChain<T> {

    /** Package-visible so tests can observe queued writers deterministically. */
    final RwSemaphore lock = new RwSemaphore();

    BlockingChain(String name, NotifierConfig config) {
        super(name, ChainKind.BLOCKING, config);
    }

    @Override
    Registration register(NotifierBlock<? super T> block, boolean unique) {
        checkNotInsideCall("register");
        Entry<T> e = newEntry(block);
        lock.downWrite();
        try {
            return insert(e, unique);
        } finally {
            lock.upWrite();
        }
    }

    @Override
    public void unregister(NotifierBlock<? super T> block) {
        java.util.Objects.requireNonNull(block, "block");
        checkNotInsideCall("unregister");
        Entry<T> removed;
        lock.downWrite();
        try {
            removed = unlink(block, null);
        } finally {
            lock.upWrite();
        }
        if (removed == null) {
            throw notRegistered(block);
        }
    }

    @Override
    void close(Entry<T> entry) {
        checkNotInsideCall("unregister");
        lock.downWrite();
        try {
            unlink(null, entry);
        } finally {
            lock.upWrite();
        }
    }

    private void checkNotInsideCall(String operation) {
        if (lock.heldForReadByCurrentThread()) {
            throw selfDeadlock(operation, "the rw_semaphore is held for read by this call; the writer waits for it forever");
        }
    }

    @Override
    public int call(long action, T data, int nrToCall, NrCalls nrCalls) {
        checkNrToCall(nrToCall);
        if (entries.length == 0) {
            return Notify.DONE;
        }
        GracePeriod.Reader r = lock.downRead();
        try {
            return walk(entries, action, data, nrToCall, nrCalls);
        } finally {
            lock.upRead(r);
        }
    }

    @Override
    public int callRobust(long actionUp, long actionDown, T data) {
        if (entries.length == 0) {
            return Notify.DONE;
        }
        GracePeriod.Reader r = lock.downRead();
        try {
            return robust(entries, actionUp, actionDown, data);
        } finally {
            lock.upRead(r);
        }
    }
}
