package io.vmapkit.notifier.chain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The rw_semaphore of a blocking chain: any number of readers (calls) at once, or one writer
 * (register/unregister) with no reader. Taking and dropping the read side costs one fence (an
 * uncontended CAS on the thread's own record), readers share no written cache line, and reading
 * never allocates after a thread's first call.
 *
 * <h2>Parts</h2>
 * <ul>
 *   <li><b>Reader records</b>: a {@link GracePeriod} with one sequence number per thread. An
 *       outermost read section makes it odd with a volatile write (a CAS that always succeeds) and
 *       even again with a release store; a nested one (a callback calling the same chain) finds it
 *       odd and does nothing.
 *   <li><b>{@code writers}</b>: a volatile count of the writers that want or hold the write side,
 *       raised by a writer on arrival (before it queues) and lowered when it leaves.
 *   <li><b>The gate</b>: a <em>fair</em> {@link ReentrantReadWriteLock} that writers hold in write
 *       mode for their whole critical section, and where readers turned away by a writer park in
 *       read mode.
 * </ul>
 *
 * <h2>Protocol</h2>
 * <b>Read</b> ({@link #downRead}): enter the read section (sequence odd, volatile write <i>S</i>),
 * then read {@code writers} (<i>L</i>). Zero: the read side is held. Non-zero: leave again
 * (sequence even, which lets a writer waiting for this record go on), take the gate's read lock
 * (parking behind the writer), enter the read section while holding it, and drop the gate at once:
 * from then on the record keeps the writers out. A nested read (sequence already odd) never looks at
 * {@code writers}: its outer section is already counted, and waiting for a writer that waits for
 * that outer section would deadlock (the previous {@code ReentrantReadWriteLock} also let a
 * thread's reentrant read pass a queued writer). <b>Release</b> ({@link #upRead}): sequence even
 * with a release store, then unpark a writer parked in the grace period, if any. <b>Write</b>
 * ({@link #downWrite}): raise {@code writers} (atomic add <i>F</i>), take the gate's write lock,
 * then wait until every reader record that is odd has changed ({@link GracePeriod#synchronize}: a
 * volatile read of the record list, then of each sequence, <i>Q</i>). <b>Write release</b>
 * ({@link #upWrite}): lower {@code writers}, release the gate.
 *
 * <h2>Why it is correct (Java Memory Model)</h2>
 * <i>S</i>, <i>L</i>, <i>F</i> and <i>Q</i> are volatile accesses, hence synchronization actions
 * in one total order consistent with each thread's program order, each volatile read seeing the
 * last write before it in that order.
 * <ol>
 *   <li><i>Exclusion.</i> If <i>L</i> comes before <i>F</i> (the reader saw no writer), then
 *       <i>S</i> &lt; <i>L</i> &lt; <i>F</i> &lt; <i>Q</i>, so <i>Q</i> sees the odd value (or a later
 *       one) and the writer waits until the sequence changes, i.e. until that outermost section
 *       ends. The record list is read after <i>F</i> too, and a thread's record is published
 *       before its first <i>S</i>, so a new reader thread cannot be missed. If <i>F</i> comes before
 *       <i>L</i>, the reader sees a non-zero count (the writer's <i>F</i> or a later value; the count
 *       drops back only when this writer leaves, after its critical section) and backs off without
 *       touching the chain. A reader that re-enters after the writer read its old odd value makes a
 *       new <i>S</i> after <i>F</i> and so backs off too. A reader admitted through the gate makes its
 *       <i>S</i> while it holds the gate's read lock, so no writer is inside then; the next writer's
 *       write-lock acquisition comes after that read lock's release (happens-before through the
 *       lock), so that writer's <i>Q</i> sees the odd value.
 *   <li><i>Visibility.</i> <i>Q</i> is a volatile (acquire) read of the value written by the
 *       reader's release store, so everything a callback did happens-before the writer goes on:
 *       when {@code unregister} returns, the calls in flight have finished and their effects are
 *       visible. A reader that sees the count lowered by a leaving writer also sees that writer's
 *       new snapshot (published before it lowered the count); a reader that saw zero before a
 *       writer's <i>F</i> may have read the old snapshot, and is waited for.
 *   <li><i>Writers</i> exclude each other through the gate's write lock.
 * </ol>
 *
 * <h2>Fairness</h2>
 * Writer-preferring at the fast path, FIFO at the gate. Once a writer has arrived no new
 * outermost read section starts on the fast path, so the writer waits only for the readers and
 * writers queued on the gate before it and for the sections already inside (each ends when its
 * callbacks return): a steady stream of calls cannot starve it. Readers turned away queue on the
 * fair gate in arrival order together with the writers, so such a reader runs before any writer
 * that queued after it: a stream of writers cannot starve readers either. Readers that find no
 * writer never touch the gate. Publishing the writer's arrival before it queues matters on a busy
 * machine: otherwise fast-path readers keep the CPUs while the readers queued ahead of the writer
 * wait to be woken one after another.
 *
 * <h2>Waiting</h2>
 * Readers turned away park on the gate (uninterruptibly, like {@code down_read}). A writer waiting
 * for readers spins briefly, then parks with a back-off from 10 µs to 1 ms, woken early by the
 * reader it waits for ({@link GracePeriod}); the wait is not interruptible (an interrupt is kept).
 *
 * <h2>Cost</h2>
 * Read side: the lookup of the thread's record (an owner comparison for the first reading thread,
 * a {@code ThreadLocal} get for the others), one CAS on that record (the only fence), a volatile
 * load of {@code writers}, and on release a release store and a volatile load of the grace
 * period's sleeper. The write side pays an atomic add, the gate, a scan of the reader records and the wait.
 *
 * <h2>Self-deadlock</h2>
 * {@link #heldForReadByCurrentThread()} tells a chain that the current thread is inside one of its
 * calls, so it can refuse register/unregister instead of waiting for itself; {@link #downWrite}
 * itself does not check.
 *
 * <h2>Tests</h2>
 * Besides the JUnit tests, the module {@code jcstress} checks exclusion, parallel readers, writer
 * preference, the self-deadlock detection and the writer's wake-up under jcstress
 * ({@code docs/reliability.md}, section 7).
 */
final class RwSemaphore {

    private static final VarHandle WRITERS;

    static {
        try {
            WRITERS = MethodHandles.lookup().findVarHandle(RwSemaphore.class, "writers", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final GracePeriod readers = new GracePeriod(GracePeriod.Wait.PARK);
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);
    /**
     * Writers that want or hold the write side: incremented when a writer arrives (before it queues
     * on the gate), decremented when it leaves. Non-zero turns new outermost readers to the gate.
     */
    private volatile int writers;
    /** The writer waiting for readers to leave, for {@link #hasQueuedThread}. */
    private volatile Thread draining;
    private final WriteLock writeLock = new WriteLock();

    /**
     * {@code down_read}: holds the read side until {@link #upRead} is called with the result, on the
     * same thread. Reentrant. Parks while a writer holds or waits for the write side, unless this
     * thread already holds the read side.
     */
    GracePeriod.Reader downRead() {
        GracePeriod.Reader r = readers.enter();
        if (r != null && writers != 0) {
            r = admitThroughGate(r);
        }
        return r;
    }

    /** {@code up_read}: {@code r} is what {@link #downRead} returned ({@code null} for a nested read). */
    void upRead(GracePeriod.Reader r) {
        readers.exit(r);
    }

    private GracePeriod.Reader admitThroughGate(GracePeriod.Reader r) {
        readers.exit(r); // let a writer that waits for this record go on
        ReentrantReadWriteLock.ReadLock read = gate.readLock();
        read.lock();
        try {
            return readers.enter(); // no writer is inside now, and the next one will wait for this record
        } finally {
            read.unlock();
        }
    }

    /**
     * {@code down_write}: waits for earlier writers, for readers queued before this writer, and for
     * every read section in flight. The caller must not hold the read side (it would wait for
     * itself forever): check {@link #heldForReadByCurrentThread()} first.
     */
    void downWrite() {
        WRITERS.getAndAdd(this, 1);
        boolean held = false;
        try {
            gate.writeLock().lock();
            try {
                draining = Thread.currentThread();
                readers.synchronize();
                held = true;
            } finally {
                draining = null;
                if (!held) { // an Error while waiting: do not leave the readers shut out
                    gate.writeLock().unlock();
                }
            }
        } finally {
            if (!held) {
                WRITERS.getAndAdd(this, -1);
            }
        }
    }

    /**
     * {@code up_write}: readers and the next writer may go on.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the write side
     */
    void upWrite() {
        if (!gate.isWriteLockedByCurrentThread()) {
            throw new IllegalMonitorStateException("up_write by thread '" + Thread.currentThread().getName()
                    + "', which does not hold the write side");
        }
        WRITERS.getAndAdd(this, -1);
        gate.writeLock().unlock();
    }

    /** Whether the current thread holds the read side (is inside a call). */
    boolean heldForReadByCurrentThread() {
        return readers.insideReadSection();
    }

    /**
     * Whether {@code t} is waiting for this semaphore: queued on the gate (a writer behind another
     * writer, or a reader behind a writer) or a writer waiting for readers to leave. For tests.
     */
    boolean hasQueuedThread(Thread t) {
        return draining == t || gate.hasQueuedThread(t);
    }

    /** The number of reader records held (for tests of the dead-thread cleanup). */
    int readerRecords() {
        return readers.readerCount();
    }

    /** The write side as a lock object, for tests that hold it around other operations. */
    WriteLock writeLock() {
        return writeLock;
    }

    /** {@link #downWrite}/{@link #upWrite} under the usual lock names. */
    final class WriteLock {
        void lock() {
            downWrite();
        }

        void unlock() {
            upWrite();
        }
    }
}
