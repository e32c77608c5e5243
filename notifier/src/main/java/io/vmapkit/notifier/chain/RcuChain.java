package io.vmapkit.notifier.chain;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.notifier.NotifierConfig;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link ChainKind#ATOMIC} and {@link ChainKind#SRCU}: calls walk an immutable snapshot inside a
 * {@link GracePeriod} read section and are never blocked by writers; writers publish a new snapshot
 * under a short lock (the kernel's spinlock or mutex) and unregistration then waits for a grace
 * period, so an unregistered block is never called after {@link #unregister} returns.
 *
 * <ul>
 *   <li><b>ATOMIC</b> ({@code atomic_notifier_head}: spinlock + RCU): <b>callbacks must not block</b>
 *       (no I/O, no lock waits, no sleeping): the kernel runs them where sleeping is forbidden, and
 *       here an unregister spins while a callback runs. The writer's wait is {@link GracePeriod.Wait#SPIN}.
 *   <li><b>SRCU</b> ({@code srcu_notifier_head}: mutex + SRCU): callbacks may block; the writer's
 *       wait parks ({@link GracePeriod.Wait#PARK}). Meant for chains called very often and changed
 *       rarely: an unregister costs a scan of the reader records and the wait.
 * </ul>
 *
 * <p>Registration is published to later calls; a call already walking does not see it (the kernel
 * may or may not). Registering from inside a callback is allowed (the writer lock is never held
 * while waiting or while a callback runs). <b>Unregistering</b> (or closing a registration) from
 * inside a call of the same chain on the same thread would wait for itself ({@code synchronize_rcu}
 * inside the read section) and throws {@link IllegalStateException} naming the chain. The robust
 * call is unsupported, as in the kernel: the chain may change between its passes.
 */
final class RcuChain<T> extends SnapshotChain<T> {

    private final ReentrantLock writers = new ReentrantLock();
    /** Package-visible so tests can observe a writer waiting for a grace period. */
    final GracePeriod gp;

    RcuChain(String name, ChainKind kind, NotifierConfig config) {
        super(name, kind, config);
        if (kind != ChainKind.ATOMIC && kind != ChainKind.SRCU) {
            throw new IllegalArgumentException("RcuChain models ATOMIC and SRCU chains, not " + kind);
        }
        this.gp = new GracePeriod(kind == ChainKind.ATOMIC ? GracePeriod.Wait.SPIN : GracePeriod.Wait.PARK);
    }

    @Override
    Registration register(NotifierBlock<? super T> block, boolean unique) {
        Entry<T> e = newEntry(block);
        writers.lock();
        try {
            return insert(e, unique);
        } finally {
            writers.unlock();
        }
    }

    @Override
    public void unregister(NotifierBlock<? super T> block) {
        Objects.requireNonNull(block, "block");
        checkNotInsideCall();
        Entry<T> removed;
        writers.lock();
        try {
            removed = unlink(block, null);
        } finally {
            writers.unlock();
        }
        if (removed == null) {
            throw notRegistered(block);
        }
        gp.synchronize();
    }

    @Override
    void close(Entry<T> entry) {
        checkNotInsideCall();
        writers.lock();
        try {
            unlink(null, entry);
        } finally {
            writers.unlock();
        }
        // Also when someone else unlinked it: their grace period may still be running.
        gp.synchronize();
    }

    private void checkNotInsideCall() {
        if (gp.insideReadSection()) {
            throw selfDeadlock("unregister", kind == ChainKind.ATOMIC
                    ? "synchronize_rcu() inside the RCU read section it waits for"
                    : "synchronize_srcu() inside the SRCU read section it waits for");
        }
    }

    @Override
    public int call(long action, T data, int nrToCall, NrCalls nrCalls) {
        checkNrToCall(nrToCall);
        if (entries.length == 0) {
            return Notify.DONE;
        }
        GracePeriod.Reader r = gp.enter();
        try {
            return walk(entries, action, data, nrToCall, nrCalls);
        } finally {
            gp.exit(r);
        }
    }

    @Override
    public int callRobust(long actionUp, long actionDown, T data) {
        throw new UnsupportedOperationException("callRobust is not offered by " + describe()
                + ": the chain may change between the two passes (the kernel has no "
                + kind.name().toLowerCase(java.util.Locale.ROOT) + "_notifier_call_chain_robust)");
    }
}
