package io.vmapkit.notifier.chain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * vmapkit's own read-copy-update for one chain: read sections that never block and never write
 * shared memory, and a {@link #synchronize()} that waits until every read section that might
 * still see an old snapshot has ended.
 *
 * <p><b>Scheme.</b> Every thread that reads the chain gets its own {@link Reader} record (created
 * once per thread and chain, then found through a {@link ThreadLocal}). Entering an outermost read
 * section makes the record's sequence number odd with a volatile write (an uncontended
 * compare-and-set, which always succeeds since only the owner writes its record); leaving makes it
 * even again with a release store. A nested section (a callback calling the same chain) finds the
 * sequence already odd and does nothing, neither on entry nor on exit: the owner's own sequence is
 * the nesting test, so no depth counter is kept. A writer first publishes the new snapshot (a
 * volatile store), then reads every record's sequence: an even value means the reader is outside
 * (it will read the new snapshot next time); an odd value {@code s} means it is inside, and the
 * writer waits until the value is no longer {@code s}, i.e. that very section has ended. Volatile
 * accesses (the CAS included) are sequentially consistent, so a reader that loaded the old
 * snapshot wrote its odd sequence before that load, hence before the writer's publish, hence
 * before the writer's scan: the writer cannot miss it. Waiting for "changed from {@code s}"
 * instead of "even" means a thread that calls the chain in a tight loop cannot starve a writer
 * (unlike a single shared reader counter, which may never reach zero).
 *
 * <p><b>Cost.</b> Reading is a lookup of the thread's record, one CAS (the only fence) and one
 * release store, both on the reading thread's own padded record: no contention between readers,
 * no allocation after the first call of a thread. The lookup is a {@code ThreadLocal} get, except
 * for one thread (the first that read and is still alive), whose record is found by an owner
 * comparison: the common case of a chain called from one thread pays no hash lookup. Writers pay
 * for a scan of the records plus the wait.
 *
 * <p><b>Waiting.</b> {@link Wait#SPIN} (atomic chains, whose callbacks must not block) spins, then
 * yields, and only parks if a read section lasts unusually long; {@link Wait#PARK} (SRCU chains,
 * whose callbacks may block, and {@link RwSemaphore}) spins briefly and then parks with a back-off
 * from 10 µs to 1 ms. A parked writer names itself in {@code sleeper}; a reader leaving its
 * outermost section reads that field after its release store and unparks the writer, so the
 * writer usually wakes as soon as the section it waits for ends. The read is not ordered after
 * the release store (that would cost the reader a full fence), so a wake-up can be missed in a
 * narrow race; the timed park is the backstop, which bounds such a delay by the back-off.
 * A wait is not interruptible, like {@code synchronize_rcu}; an interrupt is kept for the caller.
 *
 * <p><b>Records of dead threads</b> are dropped by the next writer that finds them outside a read
 * section, and, when no writer comes, by a new reader thread once the records have doubled since
 * the last drop (at least 64), so short-lived reader threads do not accumulate.
 *
 * <p><b>Tests.</b> The module {@code jcstress} checks that {@link #synchronize()} waits for every
 * section that may still use the old snapshot, that a waiting writer returns once the section ends,
 * and how often the wake-up handshake misses ({@code docs/reliability.md}, section 7).
 */
final class GracePeriod {

    /** How a writer waits for a read section to end. */
    enum Wait {
        /** Spin, then yield; park only after a long wait. For callbacks that must not block. */
        SPIN,
        /** Spin briefly, then park with back-off. For callbacks that may block. */
        PARK
    }

    private static final VarHandle SEQ;
    private static final VarHandle SLEEPER;

    static {
        try {
            SEQ = MethodHandles.lookup().findVarHandle(ReaderSeq.class, "seq", long.class);
            SLEEPER = MethodHandles.lookup().findVarHandle(GracePeriod.class, "sleeper", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 64 bytes laid out before {@link ReaderSeq#seq} (a superclass's fields come first). */
    @SuppressWarnings("unused")
    abstract static class ReaderPadBefore {
        private long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    /** The sequence number, the only field written on the read path. */
    abstract static class ReaderSeq extends ReaderPadBefore {
        /** Odd while the owner is inside a read section; written only by the owner. */
        volatile long seq;
    }

    /**
     * One thread's read-side state for one chain. Padded (JCTools style, through the class
     * hierarchy) so that the records of two threads never share a cache line, whatever the
     * collector does with them: each call writes its thread's sequence twice, and readers must
     * not contend.
     */
    @SuppressWarnings("unused")
    static final class Reader extends ReaderSeq {
        private long p10, p11, p12, p13, p14, p15, p16, p17;
        final Thread owner;

        Reader(Thread owner) {
            this.owner = owner;
        }
    }

    private static final Reader[] NO_READERS = new Reader[0];

    private final ThreadLocal<Reader> local = new ThreadLocal<>();
    /**
     * One thread's record, found by comparing its owner with the current thread instead of through
     * the {@code ThreadLocal}: the first thread that reads (another one once that thread has died).
     * Written under {@code readersLock}, read without: a reader that sees a stale value only misses
     * the shortcut, and {@link Reader#owner} is final, so a record seen here is fully constructed.
     */
    private Reader biased;
    private final Object readersLock = new Object();
    private volatile Reader[] readers = NO_READERS;
    /** Record count at which a new reader first drops the records of dead threads; under {@code readersLock}. */
    private int pruneAt = 64;
    private final Wait wait;
    /** A writer parked in {@link #waitWhile}, for readers to unpark; a hint only (see the class comment). */
    private volatile Thread sleeper;
    /** Writers currently waiting for a read section; observable by tests. */
    final AtomicInteger waitingWriters = new AtomicInteger();

    GracePeriod(Wait wait) {
        this.wait = wait;
    }

    /**
     * Enters a read section; pass the result to {@link #exit}. Allocation-free after a thread's
     * first call.
     *
     * @return the thread's record when this is an outermost section, {@code null} when the thread
     *         is already inside one (a nested section, which costs nothing)
     */
    Reader enter() {
        Reader r = biased;
        if (r == null || r.owner != Thread.currentThread()) {
            r = lookUp();
        }
        long s = (long) SEQ.get(r); // only this thread writes it: a plain read sees its own last store
        if ((s & 1L) != 0) {
            return null;
        }
        // A volatile store would do; an uncontended CAS (it always succeeds: only this thread writes
        // the record) gives the same ordering and measured ~0.3 ns cheaper than store + fence on x86.
        SEQ.compareAndSet(r, s, s + 1);
        return r;
    }

    /** Leaves the read section {@link #enter} returned {@code r} for ({@code null}: a nested one, nothing to do). */
    void exit(Reader r) {
        if (r != null) {
            SEQ.setRelease(r, (long) SEQ.get(r) + 1);
            Thread s = sleeper;
            if (s != null) {
                LockSupport.unpark(s);
            }
        }
    }

    /** Whether the current thread is inside a read section of this chain. */
    boolean insideReadSection() {
        Reader r = local.get();
        return r != null && (r.seq & 1L) != 0;
    }

    private Reader lookUp() {
        Reader r = local.get();
        if (r == null) {
            r = addReader();
        } else if (biased == null) {
            claimBias(r);
        }
        return r;
    }

    private void claimBias(Reader r) {
        synchronized (readersLock) {
            if (biased == null) {
                biased = r;
            }
        }
    }

    private Reader addReader() {
        Reader r = new Reader(Thread.currentThread());
        synchronized (readersLock) {
            if (biased == null) {
                biased = r;
            }
            Reader[] cur = readers;
            if (cur.length >= pruneAt) {
                // many short-lived reader threads and no writer to drop their records: do it here,
                // amortised by doubling the threshold
                cur = alive(cur);
                pruneAt = Math.max(64, 2 * cur.length);
            }
            Reader[] next = java.util.Arrays.copyOf(cur, cur.length + 1);
            next[cur.length] = r;
            readers = next;
        }
        local.set(r);
        return r;
    }

    /**
     * Waits until every read section that began before this call has ended. The caller must have
     * published its new snapshot before calling, and must not be inside a read section of this
     * chain itself (it would wait for itself).
     */
    void synchronize() {
        Reader[] rs = readers;
        boolean interrupted = false;
        boolean dead = false;
        for (Reader r : rs) {
            long s = r.seq;
            if ((s & 1L) != 0) {
                interrupted |= waitWhile(r, s);
            } else if (!r.owner.isAlive()) {
                dead = true;
            }
        }
        if (dead) {
            dropDeadReaders();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits while {@code r.seq == s}; returns whether the thread was interrupted meanwhile. */
    private boolean waitWhile(Reader r, long s) {
        boolean interrupted = false;
        waitingWriters.incrementAndGet();
        try {
            long parkNanos = 10_000L;
            for (int i = 0; r.seq == s; i++) {
                if (i < 256) {
                    Thread.onSpinWait();
                } else if (wait == Wait.SPIN && i < 4096) {
                    Thread.yield();
                } else {
                    sleeper = Thread.currentThread();
                    if (r.seq != s) {
                        break; // ended between the test and the announcement: no wake-up is coming
                    }
                    LockSupport.parkNanos(this, parkNanos);
                    if (Thread.interrupted()) {
                        interrupted = true;
                    }
                    parkNanos = Math.min(parkNanos * 2, 1_000_000L);
                }
            }
        } finally {
            SLEEPER.compareAndSet(this, Thread.currentThread(), null);
            waitingWriters.decrementAndGet();
        }
        return interrupted;
    }

    private void dropDeadReaders() {
        synchronized (readersLock) {
            readers = alive(readers);
        }
    }

    /** {@code rs} without the records of dead threads; clears {@link #biased} if it was one. Under {@code readersLock}. */
    private Reader[] alive(Reader[] rs) {
        List<Reader> alive = new ArrayList<>(rs.length);
        for (Reader r : rs) {
            if (r.owner.isAlive() || (r.seq & 1L) != 0) {
                alive.add(r);
            }
        }
        Reader b = biased;
        if (b != null && !alive.contains(b)) {
            biased = null; // the next thread that reads claims it
        }
        return alive.toArray(NO_READERS);
    }

    /** The number of reader records held (for tests of the dead-thread cleanup). */
    int readerCount() {
        return readers.length;
    }
}
