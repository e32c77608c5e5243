package io.vmapkit.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * docs/fidelity.md §2.2 applied to test_vmalloc's long_busy_list (15,000 held 1-page areas; each
 * iteration allocates 100 pages and 1 page and frees both, lazily): where the busy-list search is
 * O(1) and where it is O(n), counted in busy areas walked ({@link BusyListPlacement#walkSteps}).
 *
 * <p>In an empty space the held areas lie back to back: there is no hole anywhere, so no search ever
 * raises {@code cached_hole_size} above the small request, the hint is never dropped, and every
 * search starts at the hint (a purge moves it back to the top held area). Among pre-existing areas
 * with holes of assorted sizes above the held ones, the 100-page request walks past holes too small
 * for it and records the largest as {@code cached_hole_size}; the 1-page request is smaller, drops
 * the hint and walks from vstart over every held area: the published O(n) behaviour.
 */
class BusyListWalkLengthTest {

    private static final int PAGE = 4096;
    private static final int HELD = 15_000;
    private static final int ITERATIONS = 300;

    private static VmapAllocatorCore busyList() {
        return Allocators.create("busy-list", AllocatorConfig.builder(AddressSpace.x86_64()).ncpus(2)
                .lazyPurgeMode(AllocatorConfig.LazyPurgeMode.SYNC).build());
    }

    /** Walk steps per long_busy_list iteration, after holding {@link #HELD} areas. */
    private static double walkPerIteration(VmapAllocatorCore a) {
        VmapRequest small = VmapRequest.of(PAGE);
        VmapRequest big = VmapRequest.of(100L * PAGE);
        for (int i = 0; i < HELD; i++) {
            a.allocate(small);
        }
        BusyListPlacement p = (BusyListPlacement) a.placement();
        long before = p.walkSteps();
        for (int i = 0; i < ITERATIONS; i++) {
            VmapArea b = a.allocate(big);
            VmapArea s = a.allocate(small);
            a.free(b);
            a.free(s);
        }
        a.checkInvariants();
        System.out.printf("long_busy_list on busy-list: %.1f busy areas walked per iteration%n",
                (double) (p.walkSteps() - before) / ITERATIONS);
        return (double) (p.walkSteps() - before) / ITERATIONS;
    }

    @Test
    void longBusyListKeepsTheHintAndWalksAlmostNothingInAnEmptySpace() {
        double walk = walkPerIteration(busyList());
        assertThat(walk).as("busy areas walked per iteration, empty space").isLessThan(10);
    }

    @Test
    void longBusyListLosesTheHintAndWalksEveryHeldAreaAmongHolesOfAssortedSizes() {
        long seed = Long.getLong("vmapkit.seed", 20190102L);
        VmapAllocatorCore a = busyList();
        // Pre-existing areas from the bottom of the space: holes and areas of 1..64 pages.
        SplittableRandom random = new SplittableRandom(seed);
        long addr = a.space().start();
        for (int i = 0; i < 2048; i++) {
            addr += (1 + random.nextInt(64)) * (long) PAGE;
            long size = (1 + random.nextInt(64)) * (long) PAGE;
            VmapArea pre = a.allocate(VmapRequest.builder(size).window(addr, addr + size + PAGE).build());
            assertThat(pre.start()).as("seed %d, pre-existing area %d", seed, i).isEqualTo(addr);
            addr += size + PAGE;
        }
        double walk = walkPerIteration(a);
        assertThat(walk).as("busy areas walked per iteration among holes, seed %d", seed).isGreaterThan(HELD);
    }
}
