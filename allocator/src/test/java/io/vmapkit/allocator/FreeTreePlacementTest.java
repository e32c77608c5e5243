package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** docs/fidelity.md §3: the free-tree search, splits, merges and invariants. */
class FreeTreePlacementTest {

    private static final long BASE = 0x10_0000L; // 1 MiB aligned

    private static VmapAllocatorCore freeTree(int pages) {
        return Allocators.create("free-tree", Allocators.small(pages).debugChecks(true).build());
    }

    private static VmapRequest pages(long n) {
        return VmapRequest.builder(n * PAGE).flags(AllocFlag.NO_GUARD).build();
    }

    private static VmapRequest pages(long n, long alignPages) {
        return VmapRequest.builder(n * PAGE).align(alignPages * PAGE).flags(AllocFlag.NO_GUARD, AllocFlag.NO_WARN).build();
    }

    /** Fills the space with 1-page areas, frees the given page ranges [from, to) and purges. */
    private static List<VmapArea> fillAndPunch(VmapAllocatorCore a, int pages, int[][] holes) {
        List<VmapArea> areas = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            areas.add(a.allocate(pages(1)));
        }
        for (int[] hole : holes) {
            for (int p = hole[0]; p < hole[1]; p++) {
                a.free(areas.get(p));
            }
        }
        a.purgeLazy();
        return areas;
    }

    /**
     * §3.2, the 2021 fix: the first block large enough for the size fits only after aligning, and
     * no block holds {@code size + align - 1}; the lowest block that fits after aligning is found.
     */
    @Test
    void lowestMatchFindsABlockThatFitsOnlyAfterAligning() {
        VmapAllocatorCore a = freeTree(64);
        fillAndPunch(a, 64, new int[][] {{1, 5}, {8, 12}, {20, 24}});
        assertThat(a.stats().largestFreeBlock()).as("no block holds size + align - 1 = 7 pages").isEqualTo(4L * PAGE);
        long fullFits = a.splits().fitFull();

        VmapArea area = a.allocate(pages(4, 4));

        assertThat(area.start()).isEqualTo(BASE + 8L * PAGE);
        assertThat(a.splits().fitFull()).isEqualTo(fullFits + 1);
    }

    /** §3.2: the climb back through parents, with the {@code vstart := va_start + 1} shift, reaches the only fit at the end. */
    @Test
    void lowestMatchClimbsBackToTheFirstRightSubtreeThatFits() {
        int pages = 256;
        VmapAllocatorCore a = freeTree(pages);
        List<int[]> holes = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            holes.add(new int[] {8 * k + 1, 8 * k + 5}); // 4 pages, never 4-page aligned
        }
        holes.add(new int[] {248, 252});
        fillAndPunch(a, pages, holes.toArray(new int[0][]));
        assertThat(a.stats().freeBlocks()).isEqualTo(31);

        VmapArea area = a.allocate(pages(4, 4));

        assertThat(area.start()).isEqualTo(BASE + 248L * PAGE);
        assertThat(a.placement().violation()).isNull();
    }

    @Test
    void lowestMatchHonoursVstartInsideABlock() {
        VmapAllocatorCore a = freeTree(64);
        fillAndPunch(a, 64, new int[][] {{0, 16}, {32, 48}});
        VmapArea area = a.allocate(VmapRequest.builder(2L * PAGE).flags(AllocFlag.NO_GUARD)
                .window(BASE + 10L * PAGE, BASE + 64L * PAGE).build());
        assertThat(area.start()).isEqualTo(BASE + 10L * PAGE);
        VmapArea next = a.allocate(VmapRequest.builder(8L * PAGE).flags(AllocFlag.NO_GUARD)
                .window(BASE + 10L * PAGE, BASE + 64L * PAGE).build());
        assertThat(next.start()).isEqualTo(BASE + 32L * PAGE);
    }

    /** §3.3: full fit, left edge, right edge and no edge are told apart and counted. */
    @Test
    void splitCasesFullLeftRightAndNoEdgeAreCounted() {
        VmapAllocatorCore a = freeTree(64);
        fillAndPunch(a, 64, new int[][] {{1, 3}, {5, 8}, {9, 16}});
        FreeTreeSplits before = a.splits();

        VmapArea full = a.allocate(pages(2));        // [1,3) exactly
        VmapArea right = a.allocate(pages(2, 2));    // [5,8): ALIGN(5)=6, 6+2 = 8 = end
        VmapArea none = a.allocate(pages(2, 4));     // [9,16): ALIGN(9)=12, [12,14) inside
        VmapArea left = a.allocate(pages(2));        // [5,6) is too small; [9,12) from its start

        assertThat(full.start()).isEqualTo(BASE + PAGE);
        assertThat(right.start()).isEqualTo(BASE + 6L * PAGE);
        assertThat(none.start()).isEqualTo(BASE + 12L * PAGE);
        assertThat(left.start()).isEqualTo(BASE + 9L * PAGE);
        FreeTreeSplits s = a.splits();
        assertThat(s.fitFull() - before.fitFull()).isEqualTo(1);
        assertThat(s.fitRightEdge() - before.fitRightEdge()).isEqualTo(1);
        assertThat(s.fitNoEdge() - before.fitNoEdge()).isEqualTo(1);
        assertThat(s.fitLeftEdge() - before.fitLeftEdge()).isEqualTo(1);
        assertThat(a.stats().freeBlocks()).isEqualTo(3); // [5,6), [11,12), [14,16)
    }

    /** The split counters are reachable for this module's allocators only, and busy-list counts none. */
    @Test
    void splitCountersAreReachableThroughFreeTreeSplitsOf() {
        VmapAllocatorCore tree = freeTree(16);
        tree.allocate(pages(16)); // the one free block of 16 pages used whole: one FL fit
        assertThat(FreeTreeSplits.of(tree)).contains(new FreeTreeSplits(1, 0, 0, 0));

        VmapAllocatorCore list = Allocators.create("busy-list", Allocators.small(16).build());
        list.allocate(pages(16));
        assertThat(FreeTreeSplits.of(list)).contains(new FreeTreeSplits(0, 0, 0, 0));

        io.vmapkit.api.vmap.VmapAllocator other = org.mockito.Mockito.mock(io.vmapkit.api.vmap.VmapAllocator.class);
        assertThat(FreeTreeSplits.of(other)).isEmpty();
    }

    /** §3.3: an NE split that cannot get its node fails the search, which falls into the overflow path. */
    @Test
    void noEdgeSplitWithoutANodeFallsIntoTheOverflowPath() {
        AtomicInteger failures = new AtomicInteger(Integer.MAX_VALUE);
        FaultInjector faults = site -> FaultInjector.NE_FIT_NODE.equals(site) && failures.getAndDecrement() > 0;
        RecordingListener events = new RecordingListener();
        AddressSpace unaligned = AddressSpace.of("unaligned", BASE + PAGE, 16L * PAGE, PAGE);
        VmapAllocatorCore a = Allocators.create("free-tree", AllocatorConfig.builder(unaligned).ncpus(1)
                .faults(faults).listener(events).debugChecks(true).build());

        assertThatThrownBy(() -> a.allocate(pages(1, 4))).isInstanceOfSatisfying(VmapAllocationException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
        assertThat(events.overflowSteps()).containsExactly("search failed", "purge empty", "search failed");
        assertThat(a.splits().fitNoEdge()).isZero();
        assertThat(a.stats().freeBlocks()).isEqualTo(1);

        failures.set(1);
        events.clear();
        VmapArea area = a.allocate(pages(1, 4));
        assertThat(area.start()).isEqualTo(BASE + 4L * PAGE);
        assertThat(events.overflowSteps()).containsExactly("search failed", "purge empty", "search found");
        assertThat(a.splits().fitNoEdge()).isEqualTo(1);
        assertThat(a.stats().freeBlocks()).isEqualTo(2);
    }

    /** §3.4: a purged range merges with both neighbours, so free blocks are always maximal. */
    @Test
    void purgeMergesWithBothNeighboursSoFreeBlocksStayMaximal() {
        VmapAllocatorCore a = freeTree(16);
        VmapArea w = a.allocate(pages(2));
        VmapArea x = a.allocate(pages(2));
        VmapArea y = a.allocate(pages(2));
        VmapArea z = a.allocate(pages(2));
        assertThat(a.stats().freeBlocks()).isEqualTo(1);

        a.free(x);
        a.purgeLazy();
        assertThat(a.stats().freeBlocks()).isEqualTo(2);
        a.free(y);
        a.purgeLazy(); // merges with the previous block [2,4)
        assertThat(a.stats().freeBlocks()).isEqualTo(2);
        assertThat(a.stats().largestFreeBlock()).isEqualTo(8L * PAGE);
        a.free(z);
        a.purgeLazy(); // merges with [2,6) below and [8,16) above
        assertThat(a.stats().freeBlocks()).isEqualTo(1);
        assertThat(a.stats().largestFreeBlock()).isEqualTo(14L * PAGE);
        a.free(w);
        a.purgeLazy(); // merges with the next block only
        assertThat(a.stats().freeBlocks()).isEqualTo(1);
        assertThat(a.stats().largestFreeBlock()).isEqualTo(16L * PAGE);
        assertThat(a.placement().violation()).isNull();
    }

    /** §3.4 step 1: a range that overlaps a free block is a model bug, reported as "vmalloc bug". */
    @Test
    void releasingARangeThatOverlapsAFreeBlockIsAModelBug() {
        VmapAllocatorCore a = freeTree(16);
        a.allocate(pages(4));
        FreeTreePlacement p = (FreeTreePlacement) a.placement();
        assertThatThrownBy(() -> a.locked(() -> {
            p.release(BASE + 2L * PAGE, BASE + 6L * PAGE);
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("vmalloc bug").hasMessageContaining("overlaps");
        assertThat(p.violation()).isNull();
    }

    /** §3.5: the debug check catches free blocks that are not maximal. */
    @Test
    void debugCheckCatchesAdjacentFreeBlocks() {
        VmapAllocatorCore a = Allocators.create("free-tree", Allocators.small(16).build());
        a.allocate(pages(4));
        FreeTreePlacement p = (FreeTreePlacement) a.placement();
        a.locked(() -> p.tree().insert(BASE, BASE + 4L * PAGE)); // a free block inside the live area, adjacent to the rest
        assertThat(p.violation()).contains("adjacent");
        assertThatThrownBy(a::checkInvariants).isInstanceOf(IllegalStateException.class).hasMessageContaining("vmalloc bug");
    }
}
