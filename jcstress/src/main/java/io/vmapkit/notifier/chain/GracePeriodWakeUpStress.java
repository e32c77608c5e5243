package io.vmapkit.notifier.chain;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * A writer waiting for a read section is woken when that section ends (jcstress termination
 * mode): the state opens a read section when it is built; the actor waits for it
 * ({@link GracePeriod#synchronize()} or {@link RwSemaphore#downWrite()}); the signal ends the
 * section. The actor must then return ({@code TERMINATED}); still waiting ({@code STALE}) would be
 * a lost wake-up with no recovery. The waiter is woken either by the leaving reader's unpark or,
 * if that is missed in the narrow race the class comment of {@link GracePeriod} admits, by its own
 * bounded back-off (at most 1 ms); jcstress waits far longer than that, so this test proves that
 * the wait ends, not which of the two ended it.
 *
 * <p>The section is left from the signal thread, not the thread that entered it: {@code exit}
 * only stores the record's next (even) sequence number, which is what the owner would do.
 */
public final class GracePeriodWakeUpStress {

    private GracePeriodWakeUpStress() {}

    @JCStressTest(Mode.Termination)
    @Description("GracePeriod PARK: synchronize returns once the section it waits for ends")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "synchronize returned after the reader left")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "synchronize still waits after the reader left")
    @State
    public static class Park {
        final GracePeriod gp = new GracePeriod(GracePeriod.Wait.PARK);
        final GracePeriod.Reader inside = gp.enter();

        @Actor
        public void writer() {
            gp.synchronize();
        }

        @Signal
        public void readerLeaves() {
            gp.exit(inside);
        }
    }

    @JCStressTest(Mode.Termination)
    @Description("GracePeriod SPIN: synchronize returns once the section it waits for ends")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "synchronize returned after the reader left")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "synchronize still waits after the reader left")
    @State
    public static class Spin {
        final GracePeriod gp = new GracePeriod(GracePeriod.Wait.SPIN);
        final GracePeriod.Reader inside = gp.enter();

        @Actor
        public void writer() {
            gp.synchronize();
        }

        @Signal
        public void readerLeaves() {
            gp.exit(inside);
        }
    }

    @JCStressTest(Mode.Termination)
    @Description("RwSemaphore: down_write returns once the read section it waits for ends")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the writer got the write side after the reader left")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the writer still waits after the reader left")
    @State
    public static class Semaphore {
        final RwSemaphore sem = new RwSemaphore();
        final GracePeriod.Reader inside = sem.downRead();

        @Actor
        public void writer() {
            sem.downWrite();
            sem.upWrite();
        }

        @Signal
        public void readerLeaves() {
            sem.upRead(inside);
        }
    }
}
