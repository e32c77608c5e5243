package io.vmapkit.notifier.chain;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The wake-up handshake of {@link GracePeriod} in isolation, with the access modes the class uses
 * (its fields are private, so the two halves are reproduced here, not called): a leaving reader
 * stores its even sequence number with a <em>release</em> store and then reads {@code sleeper}
 * (volatile); a writer about to park stores {@code sleeper} (volatile) and then re-reads the
 * sequence (volatile). Result: (the reader saw the sleeper, the writer saw the new sequence).
 *
 * <p>If both were volatile (sequentially consistent) accesses, {@code 0, 0} would be impossible
 * (Dekker). A release store may be reordered with a later load of another variable, so
 * {@code 0, 0} is allowed: the reader does not unpark and the writer parks — the missed wake-up
 * the class comment admits, ended by the writer's timed park (at most 1 ms). The test shows
 * whether that race occurs here; it is acceptable by design, so it is marked interesting, not
 * forbidden. That the wait always ends is {@link GracePeriodWakeUpStress}.
 */
@JCStressTest
@Description("GracePeriod wake-up handshake: release store + volatile load against volatile store + volatile load")
@Outcome(id = {"1, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "the writer sees the reader left, or the reader sees the writer and unparks it")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "missed wake-up: the writer parks and nobody unparks it; its timed park ends the wait")
@State
public class GracePeriodWakeUpHandshakeStress {

    private static final VarHandle SEQ;

    static {
        try {
            SEQ = MethodHandles.lookup().findVarHandle(GracePeriodWakeUpHandshakeStress.class, "seq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The reader's sequence: odd (inside) until the reader leaves. */
    volatile long seq = 1;
    volatile Thread sleeper;

    @Actor
    public void readerLeaves(II_Result r) {
        SEQ.setRelease(this, (long) SEQ.get(this) + 1);
        r.r1 = sleeper != null ? 1 : 0;
    }

    @Actor
    public void writerAboutToPark(II_Result r) {
        sleeper = Thread.currentThread();
        r.r2 = seq != 1 ? 1 : 0;
    }
}
