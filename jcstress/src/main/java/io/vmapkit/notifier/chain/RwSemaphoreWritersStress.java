package io.vmapkit.notifier.chain;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * {@link RwSemaphore}: writers exclude each other. Each writer increments a plain counter inside
 * its write section (load, then store). Two exclusive sections give 0 + 1 + 1 = 2; a lost update
 * (1) means both loaded 0, i.e. the sections overlapped.
 */
@JCStressTest
@Description("RwSemaphore: two write sections never overlap")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments kept: the write sections were exclusive")
@Outcome(expect = FORBIDDEN, desc = "an increment was lost: two write sections overlapped")
@State
public class RwSemaphoreWritersStress {

    static final RwSemaphore SEM = new RwSemaphore();

    int count;

    private void increment() {
        SEM.downWrite();
        try {
            int c = count;
            count = c + 1;
        } finally {
            SEM.upWrite();
        }
    }

    @Actor
    public void writer1() {
        increment();
    }

    @Actor
    public void writer2() {
        increment();
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = count;
    }
}
