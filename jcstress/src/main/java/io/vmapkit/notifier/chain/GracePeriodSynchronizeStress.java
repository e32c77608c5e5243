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
 * {@link GracePeriod#synchronize()} returns only after every read section that could still see the
 * old snapshot has ended — the RCU guarantee the chains rely on to free (here: mark) an unlinked
 * snapshot.
 *
 * <p>The writer replaces the published snapshot (a volatile store), calls {@code synchronize()},
 * then marks the old snapshot freed (a plain store). The reader, inside one read section, loads the
 * snapshot and then its freed mark, and reports (which: 0 old / 1 new, freed). Derivation: a reader
 * whose section began before the publish may load the old snapshot, and the writer waits for that
 * section, so the mark is stored after the reader's load: {@code 0, 0}. A reader whose section
 * began after the publish loads the new snapshot, which is never marked: {@code 1, 0}. The old
 * snapshot seen already freed ({@code 0, 1}) means {@code synchronize()} returned while a section
 * that used it was still inside; {@code 1, 1} cannot happen at all.
 *
 * <p>Variants: both waiting modes, with a grace period shared by all states (the reader thread's
 * record exists: the steady-state path, one CAS and one release store) and a fresh one per state
 * (every section is the thread's first: the record is created and published under a lock).
 */
public final class GracePeriodSynchronizeStress {

    private GracePeriodSynchronizeStress() {}

    /** A published snapshot; {@code freed} is plain on purpose. */
    static final class Snapshot {
        int freed;
    }

    /** The state both actors share: the grace period's snapshot slot. */
    static class Slot {
        final Snapshot initial = new Snapshot();
        volatile Snapshot current = initial;
    }

    static void replaceAndFree(GracePeriod gp, Slot s) {
        Snapshot old = s.current;
        s.current = new Snapshot();
        gp.synchronize();
        old.freed = 1;
    }

    static void readSection(GracePeriod gp, Slot s, II_Result r) {
        GracePeriod.Reader h = gp.enter();
        try {
            Snapshot seen = s.current;
            r.r1 = seen == s.initial ? 0 : 1;
            r.r2 = seen.freed;
        } finally {
            gp.exit(h);
        }
    }

    @JCStressTest
    @Description("GracePeriod PARK, shared: synchronize waits for sections that may hold the old snapshot")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the section saw the old snapshot and synchronize waited for it")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the section began after the publish and saw the new snapshot")
    @Outcome(expect = FORBIDDEN, desc = "the old snapshot was freed under a section still using it")
    @State
    public static class ParkShared extends Slot {
        static final GracePeriod GP = new GracePeriod(GracePeriod.Wait.PARK);

        @Actor
        public void writer() {
            replaceAndFree(GP, this);
        }

        @Actor
        public void reader(II_Result r) {
            readSection(GP, this, r);
        }
    }

    @JCStressTest
    @Description("GracePeriod SPIN, shared: synchronize waits for sections that may hold the old snapshot")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the section saw the old snapshot and synchronize waited for it")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the section began after the publish and saw the new snapshot")
    @Outcome(expect = FORBIDDEN, desc = "the old snapshot was freed under a section still using it")
    @State
    public static class SpinShared extends Slot {
        static final GracePeriod GP = new GracePeriod(GracePeriod.Wait.SPIN);

        @Actor
        public void writer() {
            replaceAndFree(GP, this);
        }

        @Actor
        public void reader(II_Result r) {
            readSection(GP, this, r);
        }
    }

    @JCStressTest
    @Description("GracePeriod PARK, fresh per state: the reader's first section (record created) is waited for too")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the section saw the old snapshot and synchronize waited for it")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the section began after the publish and saw the new snapshot")
    @Outcome(expect = FORBIDDEN, desc = "the old snapshot was freed under a section still using it")
    @State
    public static class ParkFresh extends Slot {
        final GracePeriod gp = new GracePeriod(GracePeriod.Wait.PARK);

        @Actor
        public void writer() {
            replaceAndFree(gp, this);
        }

        @Actor
        public void reader(II_Result r) {
            readSection(gp, this, r);
        }
    }
}
