package io.vmapkit.notifier.chain;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link RwSemaphore}: readers run in parallel. Each reader, inside its read section, raises its
 * own flag, waits a bounded while for the other's flag, records whether it saw it, and lowers its
 * flag again before leaving. A flag is up only while its owner is inside, so a reader that sees
 * the other's flag proves that both were inside at once — impossible if read sections excluded
 * each other. Seeing nothing is allowed (the other thread may simply not have been scheduled
 * within the bounded wait; this machine has two shared cores), so the evidence is that the
 * interesting outcomes occur, which the recorded results show.
 */
@JCStressTest
@Description("RwSemaphore: two read sections can be inside at the same time")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "no overlap observed in this round (the sections did not meet)")
@Outcome(id = {"1, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE_INTERESTING, desc = "two readers were inside at the same time")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class RwSemaphoreParallelReadersStress {

    /** Bounded wait for the other reader, in spin iterations. */
    static final int SPINS = 2_000;

    static final RwSemaphore SEM = new RwSemaphore();

    volatile int inside1;
    volatile int inside2;

    @Actor
    public void reader1(II_Result r) {
        GracePeriod.Reader h = SEM.downRead();
        try {
            inside1 = 1;
            int saw = 0;
            for (int i = 0; i < SPINS && saw == 0; i++) {
                saw = inside2;
                Thread.onSpinWait();
            }
            r.r1 = saw;
            inside1 = 0;
        } finally {
            SEM.upRead(h);
        }
    }

    @Actor
    public void reader2(II_Result r) {
        GracePeriod.Reader h = SEM.downRead();
        try {
            inside2 = 1;
            int saw = 0;
            for (int i = 0; i < SPINS && saw == 0; i++) {
                saw = inside1;
                Thread.onSpinWait();
            }
            r.r2 = saw;
            inside2 = 0;
        } finally {
            SEM.upRead(h);
        }
    }
}
