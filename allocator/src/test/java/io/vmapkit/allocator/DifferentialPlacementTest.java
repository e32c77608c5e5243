package io.vmapkit.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.testsupport.OpLog;
import io.vmapkit.testsupport.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded differential test (docs/fidelity.md §17 items 1–2): {@code free-tree}, {@code busy-list} and
 * a deliberately simple linear first-fit oracle run the same random sequence of allocations
 * (sizes of 1..N pages, alignments up to 4 MiB and now and then up to 2^63, no window, narrow
 * windows and windows at the top of the space, with and without guard page), lazy frees and
 * purges; every placement and every failure must agree, and the full occupancy is compared
 * every 2,000 operations.
 *
 * <p>By default the five runs below add up to 200,000 operations. {@code -Dvmapkit.diff.ops=N}
 * sets the total (e.g. {@code -Dvmapkit.diff.ops=5000000} for millions); {@code -Dvmapkit.seed=S}
 * replays a run. Each run prints its seed; a failure prints the seed and the last operations.
 *
 * <p>{@code free-tree} runs with its default search length, {@code lowest-fit}. The {@code 5.2} and
 * {@code 6.x} search lengths ({@code vmapkit.allocator.free-tree-search}) are not
 * placement-identical to {@code busy-list} by design; {@code FreeTreeSearchLengthTest} covers them.
 */
class DifferentialPlacementTest {

    static final long TOTAL_OPS = Long.getLong("vmapkit.diff.ops", 200_000L);
    private static final int MiB = 1 << 20;

    @Test
    void x86_32PlacementsOfAllThreeAgreeOnEveryOperation() {
        run("x86_32", AddressSpace.x86_32(), share(0.35), 64, 700, false);
    }

    @Test
    void x86_64PlacementsOfAllThreeAgreeAboveTheSignBit() {
        run("x86_64", AddressSpace.x86_64(), share(0.30), 64, 1500, false);
    }

    @Test
    void smallCustomSpaceExhaustsAndAgreesThroughTheOverflowPath() {
        run("small", AddressSpace.of("small", 0x4000_0000L, 2L * MiB, 4096), share(0.20), 8, 400, false);
    }

    @Test
    void spaceStraddlingTheSignBitComparesUnsigned() {
        run("straddle", AddressSpace.of("straddle", (1L << 63) - 32L * MiB, 64L * MiB, 4096), share(0.10), 32, 800, false);
    }

    @Test
    void spaceEndingAtTheTopOfTheAddressRangeNeverWraps() {
        long size = 16L * MiB;
        run("top", AddressSpace.of("top", -size - 4096, size, 4096), share(0.05), 16, 400, false);
    }

    /** docs/fidelity.md §3.5 / §17 item 3: the debug checks verify every invariant after every operation. */
    @Test
    void debugChecksHoldAfterEveryOperationOfADifferentialRun() {
        run("debug-small", AddressSpace.of("debug-small", 0x10_0000L, MiB, 4096), 12_000, 6, 200, true);
        run("debug-x86_32", AddressSpace.x86_32(), 8_000, 64, 600, true);
    }

    private static long share(double fraction) {
        return Math.max(1_000, Math.round(TOTAL_OPS * fraction));
    }

    private static final class Held {
        final VmapArea tree;
        final VmapArea busy;
        final LinearFirstFitOracle.Entry oracle;

        Held(VmapArea tree, VmapArea busy, LinearFirstFitOracle.Entry oracle) {
            this.tree = tree;
            this.busy = busy;
            this.oracle = oracle;
        }
    }

    private void run(String label, AddressSpace space, long ops, int maxPages, int population, boolean debug) {
        long seed = Seeds.seed("differential " + label);
        SplittableRandom rnd = new SplittableRandom(seed);
        int ncpus = 1 << rnd.nextInt(3);
        AllocatorConfig.Builder cb = AllocatorConfig.builder(space).ncpus(ncpus).debugChecks(debug);
        if (space.pages() < 4 * 8192) {
            cb.lazyMaxPages(1 + rnd.nextLong(Math.max(2, space.pages() / 2)));
        }
        AllocatorConfig config = cb.build();
        VmapAllocator tree = new FreeTreeAllocatorProvider().create(config);
        VmapAllocator busy = new BusyListAllocatorProvider().create(config);
        LinearFirstFitOracle oracle = new LinearFirstFitOracle(space, config.lazyMaxPages());
        List<Held> held = new ArrayList<>();
        OpLog log = new OpLog(300);
        String context = label + " " + Seeds.replay(seed) + ", " + config;
        long placed = 0;
        long failed = 0;
        long rejected = 0;
        long hugeAligned = 0;
        try {
            for (long op = 0; op < ops; op++) {
                int dice = rnd.nextInt(100);
                boolean crowded = held.size() > population;
                if (!held.isEmpty() && (dice < 35 || crowded && dice < 60)) {
                    int i = rnd.nextInt(held.size());
                    Held h = held.get(i);
                    held.set(i, held.get(held.size() - 1));
                    held.remove(held.size() - 1);
                    log.add("free " + h.oracle);
                    tree.free(h.tree);
                    busy.free(h.busy);
                    oracle.free(h.oracle);
                } else if (dice < 38) {
                    log.add("purgeLazy");
                    boolean t = tree.purgeLazy();
                    boolean b = busy.purgeLazy();
                    boolean o = oracle.purge();
                    check(t == o && b == o, "purgeLazy returned free-tree " + t + ", busy-list " + b + ", oracle " + o);
                } else {
                    VmapRequest request = randomRequest(rnd, space, maxPages);
                    if (Long.compareUnsigned(request.align(), 8L * MiB) >= 0) {
                        hugeAligned++;
                    }
                    log.add("allocate " + request);
                    VmapRequest resolved;
                    try {
                        resolved = RequestWindow.resolve(space, request);
                    } catch (IllegalArgumentException bad) {
                        rejected++;
                        expectRejected(tree, request);
                        expectRejected(busy, request);
                        continue;
                    }
                    long size = resolved.size() + RequestWindow.guardSize(space, resolved);
                    LinearFirstFitOracle.Entry expected = oracle.allocate(size, resolved.align(), resolved.vstart(), resolved.vend());
                    VmapArea t = attempt(tree, request);
                    VmapArea b = attempt(busy, request);
                    String want = expected == null ? "EBUSY" : Addresses.hex(expected.start);
                    check(same(t, expected), "free-tree placed " + describe(t) + ", oracle " + want);
                    check(same(b, expected), "busy-list placed " + describe(b) + ", oracle " + want);
                    if (expected == null) {
                        failed++;
                    } else {
                        placed++;
                        held.add(new Held(t, b, expected));
                        log.add("  -> " + expected);
                    }
                }
                if (op % 2_000 == 1_999) {
                    compareWhole(tree, busy, oracle);
                }
            }
            compareWhole(tree, busy, oracle);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(context + "\n" + e.getMessage() + "\n" + log, e);
        }
        System.out.println("differential " + label + ": " + ops + " ops, " + placed + " placed, " + failed
                + " EBUSY, " + rejected + " rejected, " + hugeAligned + " huge alignments; " + tree.stats());
        assertThat(placed).as(context).isPositive();
    }

    static VmapRequest randomRequest(SplittableRandom rnd, AddressSpace space, int maxPages) {
        long ps = space.pageSize();
        long pages = 1 + rnd.nextInt(maxPages);
        if (rnd.nextInt(100) < 3) {
            pages = 1 + rnd.nextLong(Math.max(1, space.pages() / 8));
        }
        VmapRequest.Builder b = VmapRequest.builder(pages * ps).flags(AllocFlag.NO_WARN);
        int a = rnd.nextInt(100);
        if (a < 60) {
            b.align(1);
        } else if (a < 70) {
            b.align(ps);
        } else if (a < 96) {
            b.align(1L << (12 + rnd.nextInt(11))); // 4 KiB .. 4 MiB
        } else {
            b.align(1L << (23 + rnd.nextInt(41))); // 8 MiB .. 2^63
        }
        if (rnd.nextInt(100) < 20) {
            b.flags(AllocFlag.NO_GUARD);
        }
        int w = rnd.nextInt(100);
        long spacePages = space.pages();
        if (w >= 70 && w < 88) {
            long first = rnd.nextLong(spacePages);
            long len = 1 + rnd.nextLong(Math.min(spacePages - first, 8L * maxPages + 2));
            long vstart = space.start() + first * ps;
            b.window(vstart, vstart + len * ps);
        } else if (w >= 88) {
            long len = 1 + rnd.nextLong(Math.min(spacePages, 16L * maxPages + 2));
            b.window(space.end() - len * ps, space.end());
        }
        return b.build();
    }

    private static void expectRejected(VmapAllocator allocator, VmapRequest request) {
        VmapStats before = allocator.stats();
        try {
            allocator.allocate(request);
            throw new AssertionError(allocator.name() + " accepted " + request + " that resolve() rejects");
        } catch (IllegalArgumentException expected) {
            check(allocator.stats().equals(before), allocator.name() + " changed its stats on a rejected request");
        }
    }

    private static VmapArea attempt(VmapAllocator allocator, VmapRequest request) {
        try {
            return allocator.allocate(request);
        } catch (VmapAllocationException e) {
            check(e.errno() == Errno.EBUSY, allocator.name() + " failed with " + e.errno());
            return null;
        }
    }

    private static boolean same(VmapArea area, LinearFirstFitOracle.Entry expected) {
        if (area == null || expected == null) {
            return area == null && expected == null;
        }
        return area.start() == expected.start && area.end() == expected.end;
    }

    private static String describe(VmapArea a) {
        return a == null ? "EBUSY" : Addresses.hex(a.start());
    }

    private static void compareWhole(VmapAllocator tree, VmapAllocator busy, LinearFirstFitOracle oracle) {
        VmapSnapshot ts = tree.snapshot();
        VmapSnapshot bs = busy.snapshot();
        check(ts.violation().isEmpty(), "free-tree snapshot: " + ts.violation().orElse(""));
        check(bs.violation().isEmpty(), "busy-list snapshot: " + bs.violation().orElse(""));
        check(ts.ranges().equals(bs.ranges()), "free-tree and busy-list snapshots differ");
        List<VmapSnapshot.Range> heldRanges = new ArrayList<>();
        for (VmapSnapshot.Range r : ts.ranges()) {
            if (r.kind() != VmapSnapshot.Kind.FREE) {
                heldRanges.add(r);
            }
        }
        List<LinearFirstFitOracle.Entry> expected = oracle.held();
        check(heldRanges.size() == expected.size(), "allocators hold " + heldRanges.size() + " ranges, oracle " + expected.size());
        for (int i = 0; i < expected.size(); i++) {
            LinearFirstFitOracle.Entry e = expected.get(i);
            VmapSnapshot.Range r = heldRanges.get(i);
            check(r.start() == e.start && r.end() == e.end && (r.kind() == VmapSnapshot.Kind.LAZY) == e.lazy,
                    "range " + i + " is " + r + ", oracle " + e);
        }
        VmapStats t = tree.stats();
        VmapStats b = busy.stats();
        check(t.tiles() && b.tiles(), "stats do not tile: " + t + " / " + b);
        long[] tv = comparable(t);
        long[] bv = comparable(b);
        check(java.util.Arrays.equals(tv, bv), "stats differ:\n  free-tree " + t + "\n  busy-list " + b);
        check(t.lazyPages() == oracle.lazyPages(), "lazy pages " + t.lazyPages() + ", oracle " + oracle.lazyPages());
        check(t.purges() == oracle.purges, "purges " + t.purges() + ", oracle " + oracle.purges);
    }

    private static long[] comparable(VmapStats s) {
        return new long[] {s.liveBytes(), s.lazyBytes(), s.freeBytes(), s.liveAreas(), s.lazyAreas(), s.freeBlocks(),
            s.largestFreeBlock(), s.peakLiveBytes(), s.peakLazyBytes(), s.allocations(), s.allocationFailures(),
            s.frees(), s.searches(), s.purges(), s.purgedAreas(), s.tlbFlushes(), s.lazyPages()};
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
