package io.vmapkit.notifier.chain;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link RwSemaphore} exclusion: a read section never observes half of a write section.
 *
 * <p>The writer stores {@code x = 1} then {@code y = 1} (plain fields, ordered only by the
 * semaphore); the reader loads {@code x} then {@code y}. Derivation of the allowed outcomes: if the
 * write section comes first, the reader sees both stores ({@code 1, 1}); if the read section comes
 * first, neither ({@code 0, 0}). {@code 1, 0} means the reader ran between the two stores;
 * {@code 0, 1} means it saw the stores out of order, which without a happens-before edge between
 * the sections the JMM allows: both show that the sections overlapped.
 *
 * <p>Two variants: {@link Shared} uses one semaphore for every state, so the reader thread's record
 * already exists and the read side takes its real fast path (one CAS, one volatile load);
 * {@link Fresh} uses a new semaphore per state, so every read also registers the thread's record
 * (a path with a lock in it, which hides fewer fences than it adds, but is the first call of every
 * thread).
 */
public final class RwSemaphoreExclusionStress {

    private RwSemaphoreExclusionStress() {}

    static void write(RwSemaphore sem, Data d) {
        sem.downWrite();
        try {
            d.x = 1;
            d.y = 1;
        } finally {
            sem.upWrite();
        }
    }

    static void read(RwSemaphore sem, Data d, II_Result r) {
        GracePeriod.Reader h = sem.downRead();
        try {
            r.r1 = d.x;
            r.r2 = d.y;
        } finally {
            sem.upRead(h);
        }
    }

    /** The two fields of one write; plain on purpose. */
    static class Data {
        int x;
        int y;
    }

    @JCStressTest
    @Description("RwSemaphore, steady state: a read section sees all or nothing of a write section")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the read section came first")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the write section came first")
    @Outcome(expect = FORBIDDEN, desc = "the reader saw half a write: a read and a write section overlapped")
    @State
    public static class Shared extends Data {
        static final RwSemaphore SEM = new RwSemaphore();

        @Actor
        public void writer() {
            write(SEM, this);
        }

        @Actor
        public void reader(II_Result r) {
            read(SEM, this, r);
        }
    }

    @JCStressTest
    @Description("RwSemaphore, first call of each thread: a read section sees all or nothing of a write section")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the read section came first")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the write section came first")
    @Outcome(expect = FORBIDDEN, desc = "the reader saw half a write: a read and a write section overlapped")
    @State
    public static class Fresh extends Data {
        final RwSemaphore sem = new RwSemaphore();

        @Actor
        public void writer() {
            write(sem, this);
        }

        @Actor
        public void reader(II_Result r) {
            read(sem, this, r);
        }
    }
}
