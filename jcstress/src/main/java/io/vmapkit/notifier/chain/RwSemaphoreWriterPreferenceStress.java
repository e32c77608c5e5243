package io.vmapkit.notifier.chain;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link RwSemaphore} fairness: a waiting writer is not overtaken by new readers, so a stream of
 * readers cannot starve it.
 *
 * <p>The writer names its thread, takes the write side and stores {@code x = 1} inside. The other
 * actor is a bounded stream of readers: its first read section stays inside (for a bounded spin)
 * until the writer waits for it, so that the writer really has to wait; then it runs up to
 * {@value #SECTIONS} more read sections, and before each one it looks whether the writer is waiting
 * ({@link RwSemaphore#hasQueuedThread}: queued on the gate, or draining the readers — both only
 * after the writer announced itself). The arbiter reports (overtaken, sawWaiting).
 *
 * <p>Derivation: the writer announces itself (its atomic add to {@code writers}) before it is
 * observable as waiting, and lowers the count only after its store, when it leaves. A read section
 * that starts after the reader saw the writer waiting therefore finds the count non-zero, goes to
 * the fair gate behind the writer, and cannot start before the writer's section ends; it must see
 * {@code x == 1}. So "overtaken" must be 0. "sawWaiting" is 1 when the reader caught the writer
 * waiting before one of its sections (interesting: the rule was exercised), 0 when the writer
 * waited only while the reader held its first section and was gone by the next look (allowed).
 */
@JCStressTest
@Description("RwSemaphore: a read section that starts after a writer is seen waiting runs after that writer")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the reader never caught the writer waiting between its sections")
@Outcome(id = "0, 1", expect = ACCEPTABLE_INTERESTING, desc = "the reader saw the writer waiting; its next section ran after the writer's")
@Outcome(expect = FORBIDDEN, desc = "a new read section overtook a waiting writer")
@State
public class RwSemaphoreWriterPreferenceStress {

    /** Read sections in the stream after the first. */
    static final int SECTIONS = 64;
    /** Bounded wait, in spin iterations, for the writer to start waiting for the first section. */
    static final int SPINS = 2_000;

    static final RwSemaphore SEM = new RwSemaphore();

    volatile Thread writerThread;
    int x;
    int overtaken;
    int sawWaiting;

    private boolean writerWaiting() {
        Thread w = writerThread;
        return w != null && SEM.hasQueuedThread(w);
    }

    @Actor
    public void writer() {
        writerThread = Thread.currentThread();
        SEM.downWrite();
        try {
            x = 1;
        } finally {
            SEM.upWrite();
        }
    }

    @Actor
    public void readers() {
        GracePeriod.Reader first = SEM.downRead();
        try {
            for (int i = 0; i < SPINS && !writerWaiting(); i++) {
                Thread.onSpinWait();
            }
        } finally {
            SEM.upRead(first);
        }
        for (int i = 0; i < SECTIONS; i++) {
            boolean waiting = writerWaiting();
            GracePeriod.Reader h = SEM.downRead();
            int seen;
            try {
                seen = x;
            } finally {
                SEM.upRead(h);
            }
            if (waiting) {
                sawWaiting = 1;
                if (seen == 0) {
                    overtaken = 1;
                }
            }
            if (seen == 1) {
                break;
            }
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = overtaken;
        r.r2 = sawWaiting;
    }
}
