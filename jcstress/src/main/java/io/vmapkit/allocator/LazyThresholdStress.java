package io.vmapkit.allocator;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapStats;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The allocator's lazy counter against the purge threshold: two threads each free one area at the
 * same time; the arbiter reports (purges, purged areas, lazy pages left).
 *
 * <p>The rule ({@link VmapAllocatorCore#free}): a free adds its pages to {@code vmap_lazy_nr} under
 * the area lock and, if the sum it got is over {@code lazy_max_pages}, try-purges (SYNC) or
 * schedules the drain (BACKGROUND). A purge takes every lazy area at once and counts one purge
 * only if it took something. A try-purge that finds the purge lock taken gives up, and the thread
 * releasing the lock re-checks the counter and purges again if it is still over (vmapkit's fix of
 * the lost threshold purge, D22 in docs/fidelity.md); the drain loops while over and re-checks
 * after clearing its flag.
 *
 * <p>Each area is one page plus its guard page, so each free adds 2 pages.
 * <ul>
 *   <li><b>One crossing</b> ({@code lazy_max_pages} = 3): the first free sees 2 (not over), the
 *       second sees 4 (over) and purges, when both areas are already lazy: exactly one purge of two
 *       areas, nothing left — {@code 1, 2, 0} and nothing else.
 *   <li><b>Both cross</b> ({@code lazy_max_pages} = 1): each free sees 2 or 4, both over. Either
 *       one purge takes both areas (the other free's purge finds nothing, or gives up and the
 *       re-check finds nothing) — {@code 1, 2, 0} — or the first purge takes one area and the second
 *       free's area is purged by its own purge or by the holder's re-check — {@code 2, 2, 0}. Any
 *       lazy page left over the threshold ({@code 1, 1, 2}) is a lost threshold purge.
 * </ul>
 */
public final class LazyThresholdStress {

    private LazyThresholdStress() {}

    /** Two live areas of one page each (2 pages with the guard) in a fresh allocator. */
    static class TwoAreas {
        final VmapAllocatorCore allocator;
        final VmapArea a;
        final VmapArea b;

        TwoAreas(long lazyMaxPages, boolean drain) {
            allocator = LazyAllocators.create(lazyMaxPages, drain);
            a = allocator.allocate(LazyAllocators.PAGE);
            b = allocator.allocate(LazyAllocators.PAGE);
        }

        void report(III_Result r) {
            VmapStats s = allocator.stats();
            r.r1 = (int) s.purges();
            r.r2 = (int) s.purgedAreas();
            r.r3 = (int) s.lazyPages();
        }
    }

    @JCStressTest
    @Description("SYNC, lazy_max_pages 3: only the second free crosses; one purge of both areas")
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "the crossing free purged both areas")
    @Outcome(id = "0, 0, 4", expect = FORBIDDEN, desc = "the counter went over the threshold and nothing purged")
    @Outcome(expect = FORBIDDEN, desc = "not what the threshold rule allows")
    @State
    public static class SyncOneCrossing extends TwoAreas {
        public SyncOneCrossing() {
            super(3, false);
        }

        @Actor
        public void free1() {
            allocator.free(a);
        }

        @Actor
        public void free2() {
            allocator.free(b);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            report(r);
        }
    }

    @JCStressTest
    @Description("SYNC, lazy_max_pages 1: both frees cross; one or two purges, nothing left lazy")
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "one purge took both areas")
    @Outcome(id = "2, 2, 0", expect = ACCEPTABLE_INTERESTING, desc = "two purges, one area each (own purge or the lock holder's re-check)")
    @Outcome(id = "1, 1, 2", expect = FORBIDDEN, desc = "a threshold purge that gave up was lost: 2 pages left over the threshold")
    @Outcome(expect = FORBIDDEN, desc = "not what the threshold rule allows")
    @State
    public static class SyncBothCross extends TwoAreas {
        public SyncBothCross() {
            super(1, false);
        }

        @Actor
        public void free1() {
            allocator.free(a);
        }

        @Actor
        public void free2() {
            allocator.free(b);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            report(r);
        }
    }

    @JCStressTest
    @Description("BACKGROUND (drain inline), lazy_max_pages 3: only the second free crosses; one drain purges both")
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "the crossing free's drain purged both areas")
    @Outcome(expect = FORBIDDEN, desc = "not what the threshold rule allows")
    @State
    public static class DrainOneCrossing extends TwoAreas {
        public DrainOneCrossing() {
            super(3, true);
        }

        @Actor
        public void free1() {
            allocator.free(a);
        }

        @Actor
        public void free2() {
            allocator.free(b);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            report(r);
        }
    }

    @JCStressTest
    @Description("BACKGROUND (drain inline), lazy_max_pages 1: both frees cross; one or two purges, nothing left lazy")
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "one drain purge took both areas")
    @Outcome(id = "2, 2, 0", expect = ACCEPTABLE_INTERESTING, desc = "two purges, one area each")
    @Outcome(id = "1, 1, 2", expect = FORBIDDEN, desc = "a crossing free was not drained: 2 pages left over the threshold")
    @Outcome(expect = FORBIDDEN, desc = "not what the threshold rule allows")
    @State
    public static class DrainBothCross extends TwoAreas {
        public DrainBothCross() {
            super(1, true);
        }

        @Actor
        public void free1() {
            allocator.free(a);
        }

        @Actor
        public void free2() {
            allocator.free(b);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            report(r);
        }
    }
}
