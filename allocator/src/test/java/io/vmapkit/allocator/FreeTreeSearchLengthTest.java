package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.Errno;
import io.vmapkit.allocator.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.testsupport.OpLog;
import io.vmapkit.testsupport.Seeds;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * docs/fidelity.md §3.2, the search length of {@code find_vmap_lowest_match} by era, and deviation
 * D14's switch {@link AllocatorConfig#freeTreeSearch()}:
 * <ul>
 *   <li>{@code lowest-fit} (default): length {@code size}: the first block in address order that
 *       holds the request, for every alignment;</li>
 *   <li>{@code 5.2}: length {@code size + align - 1} always;</li>
 *   <li>{@code 6.x} ({@code adjust_search_size}): {@code size} if {@code align <= PAGE_SIZE} or
 *       {@code vend - vstart == size}, else {@code size + align - 1}.</li>
 * </ul>
 * The hand-built layouts use a space of 64 pages at 0x100000 (so page {@code n} is aligned to any
 * power of two dividing {@code n}, up to 1 MiB) in which only the listed page ranges are free;
 * {@code size} includes the guard page. The length prunes subtrees only: a node on the descent
 * path that holds the request is taken whatever its size, so which lower blocks are skipped
 * depends on the tree's shape, in the kernel as here. Each layout therefore has exactly three free
 * blocks, which an AVL tree always holds with the middle block at the root and the others as its
 * children. The randomized tests print their seed and replay with {@code -Dvmapkit.seed=<seed>}.
 */
class FreeTreeSearchLengthTest {

    private static final long BASE = 0x10_0000L;
    private static final int SPACE_PAGES = 64;

    /** A free-tree allocator with {@code search} whose free blocks are exactly {@code free} (page ranges [from, to)). */
    private static VmapAllocatorCore layout(FreeTreeSearch search, int[]... free) {
        VmapAllocatorCore a = Allocators.create("free-tree", Allocators.small(SPACE_PAGES).freeTreeSearch(search)
                .debugChecks(true).build());
        List<VmapArea> toFree = new ArrayList<>();
        int page = 0;
        for (int[] range : free) {
            if (range[0] > page) {
                a.allocate(noGuard(range[0] - page));
            }
            toFree.add(a.allocate(noGuard(range[1] - range[0])));
            page = range[1];
        }
        if (page < SPACE_PAGES) {
            a.allocate(noGuard(SPACE_PAGES - page));
        }
        toFree.forEach(a::free);
        a.purgeLazy();
        List<String> blocks = new ArrayList<>();
        for (VmapSnapshot.Range r : a.snapshot().ranges()) {
            if (r.kind() == VmapSnapshot.Kind.FREE) {
                blocks.add((r.start() - BASE) / PAGE + "-" + (r.end() - BASE) / PAGE);
            }
        }
        assertThat(blocks).as("the layout").containsExactly(java.util.Arrays.stream(free)
                .map(f -> f[0] + "-" + f[1]).toArray(String[]::new));
        return a;
    }

    private static VmapRequest noGuard(int pages) {
        return VmapRequest.builder((long) pages * PAGE).flags(AllocFlag.NO_GUARD).build();
    }

    private static long page(int n) {
        return BASE + (long) n * PAGE;
    }

    /** Where each variant places {@code request} in its own copy of the layout; -1 for EBUSY. */
    private static Map<FreeTreeSearch, Long> placements(VmapRequest request, int[]... free) {
        Map<FreeTreeSearch, Long> placed = new EnumMap<>(FreeTreeSearch.class);
        for (FreeTreeSearch search : FreeTreeSearch.values()) {
            VmapAllocatorCore a = layout(search, free);
            long failuresBefore = a.stats().allocationFailures();
            try {
                placed.put(search, (a.allocate(request).start() - BASE) / PAGE);
            } catch (VmapAllocationException e) {
                assertThat(e.errno()).isEqualTo(Errno.EBUSY);
                assertThat(a.stats().allocationFailures()).isEqualTo(failuresBefore + 1);
                placed.put(search, -1L);
            }
        }
        return placed;
    }

    private static VmapRequest request(int pages, long align) {
        return VmapRequest.builder((long) pages * PAGE).align(align).flags(AllocFlag.NO_GUARD, AllocFlag.NO_WARN).build();
    }

    // ---- hand-built layouts ---------------------------------------------------------------------

    /**
     * 5.2: length {@code size + align - 1} even for {@code align == PAGE_SIZE}, so the root
     * (pages 9–15) does not descend into its left child, the block of exactly the size (pages 4–6),
     * and takes itself (page 9). 6.x does not adjust for {@code align <= PAGE_SIZE} and takes the
     * exact block, as lowest-fit does.
     */
    @Test
    void searchLength52IsSizePlusAlignMinusOneSoAnExactSizeBlockIsSkippedEvenAtPageAlignment() {
        Map<FreeTreeSearch, Long> placed = placements(request(2, PAGE), new int[] {4, 6}, new int[] {9, 15},
                new int[] {20, 22});

        assertThat(placed).containsEntry(FreeTreeSearch.LOWEST_FIT, 4L)
                .containsEntry(FreeTreeSearch.KERNEL_6_X, 4L)
                .containsEntry(FreeTreeSearch.KERNEL_5_2, 9L);
    }

    /**
     * §3.2 (derived): the adjusted length may skip a lower block that fits only thanks to a
     * favourable alignment. Pages 4–6 hold a 2-page request aligned to 4 pages exactly; the root
     * (pages 9–15, 6 pages) is the first block of at least {@code size + align - 1}. 5.2 and 6.x
     * (align above PAGE_SIZE) place at page 12, the aligned start in it; lowest-fit at page 4.
     */
    @Test
    void adjustedSearchLengthOf52And6xSkipsABlockThatFitsOnlyThanksToAFavourableAlignment() {
        Map<FreeTreeSearch, Long> placed = placements(request(2, 4L * PAGE), new int[] {4, 6}, new int[] {9, 15},
                new int[] {20, 22});

        assertThat(placed).containsEntry(FreeTreeSearch.LOWEST_FIT, 4L)
                .containsEntry(FreeTreeSearch.KERNEL_5_2, 12L)
                .containsEntry(FreeTreeSearch.KERNEL_6_X, 12L);
    }

    /**
     * With no block of {@code size + align - 1} anywhere, 5.2 and 6.x fail with EBUSY (through the
     * overflow path) although a favourably aligned block holds the request; lowest-fit places it.
     * The root (pages 9–12) and its right child (pages 13–16) cannot hold a 2-page request aligned
     * to 4 pages, and the left child, which can, is pruned.
     */
    @Test
    void adjustedSearchLengthOf52And6xFailsWithEbusyWhereOnlyAFavourablyAlignedFitExists() {
        Map<FreeTreeSearch, Long> placed = placements(request(2, 4L * PAGE), new int[] {4, 6}, new int[] {9, 12},
                new int[] {13, 16});

        assertThat(placed).containsEntry(FreeTreeSearch.LOWEST_FIT, 4L)
                .containsEntry(FreeTreeSearch.KERNEL_5_2, -1L)
                .containsEntry(FreeTreeSearch.KERNEL_6_X, -1L);
    }

    /**
     * 6.x case b) of {@code adjust_search_size}: a window exactly the size of the request (guard
     * included: 3 pages + guard in the 4-page window of pages 8–12, the free left child of the
     * root) is searched with {@code size} even for an alignment above PAGE_SIZE, so it succeeds
     * where 5.2 fails; the same request without the window is searched with
     * {@code size + align - 1} and fails under 6.x too.
     */
    @Test
    void adjustSearchSize6xSearchesWithSizeWhenTheWindowLengthEqualsTheSize() {
        VmapRequest windowed = VmapRequest.builder(3L * PAGE).align(4L * PAGE).window(page(8), page(12))
                .flags(AllocFlag.NO_WARN).build();
        VmapRequest anywhere = VmapRequest.builder(3L * PAGE).align(4L * PAGE).flags(AllocFlag.NO_WARN).build();

        int[][] layout = {{8, 12}, {20, 22}, {30, 32}};
        assertThat(placements(windowed, layout)).containsEntry(FreeTreeSearch.LOWEST_FIT, 8L)
                .containsEntry(FreeTreeSearch.KERNEL_6_X, 8L)
                .containsEntry(FreeTreeSearch.KERNEL_5_2, -1L);
        assertThat(placements(anywhere, layout)).containsEntry(FreeTreeSearch.LOWEST_FIT, 8L)
                .containsEntry(FreeTreeSearch.KERNEL_6_X, -1L)
                .containsEntry(FreeTreeSearch.KERNEL_5_2, -1L);
    }

    /** Alignment 1 (what vmap and vmalloc pass): {@code align - 1 == 0}, every era searches with {@code size}. */
    @Test
    void withAlignmentOneEveryEraSearchesWithSizeAndTakesTheExactBlock() {
        assertThat(placements(request(2, 1), new int[] {4, 6}, new int[] {9, 15}, new int[] {20, 22}))
                .containsEntry(FreeTreeSearch.LOWEST_FIT, 4L)
                .containsEntry(FreeTreeSearch.KERNEL_5_2, 4L)
                .containsEntry(FreeTreeSearch.KERNEL_6_X, 4L);
    }

    /** The length formula itself, unsigned: a sum past 2^64 saturates instead of wrapping to a small length. */
    @Test
    void searchLengthFollowsTheEraTableAndSaturatesInsteadOfWrapping() {
        FreeTreePlacement p = (FreeTreePlacement) layout(FreeTreeSearch.LOWEST_FIT, new int[] {0, SPACE_PAGES}).placement();
        long vstart = page(0);
        long vend = page(SPACE_PAGES);
        long size = 2L * PAGE;
        long big = 4L * PAGE;
        assertThat(p.searchLength(FreeTreeSearch.LOWEST_FIT, size, big, vstart, vend)).isEqualTo(size);
        assertThat(p.searchLength(FreeTreeSearch.KERNEL_5_2, size, 1, vstart, vend)).isEqualTo(size);
        assertThat(p.searchLength(FreeTreeSearch.KERNEL_5_2, size, PAGE, vstart, vend)).isEqualTo(size + PAGE - 1);
        assertThat(p.searchLength(FreeTreeSearch.KERNEL_5_2, size, big, vstart, vstart + size)).isEqualTo(size + big - 1);
        assertThat(p.searchLength(FreeTreeSearch.KERNEL_6_X, size, PAGE, vstart, vend)).isEqualTo(size);
        assertThat(p.searchLength(FreeTreeSearch.KERNEL_6_X, size, 2L * PAGE, vstart, vend)).isEqualTo(size + 2L * PAGE - 1);
        assertThat(p.searchLength(FreeTreeSearch.KERNEL_6_X, size, big, vstart, vstart + size)).isEqualTo(size);
        assertThat(p.searchLength(FreeTreeSearch.KERNEL_5_2, 1L << 63, 1L << 63, vstart, vend)).isEqualTo(-1L);
        assertThat(p.searchLength(FreeTreeSearch.KERNEL_6_X, (1L << 63) + PAGE, 1L << 63, vstart, vend)).isEqualTo(-1L);
    }

    // ---- randomized -------------------------------------------------------------------------------

    /**
     * For {@code align <= PAGE_SIZE}, 6.x and lowest-fit run in lockstep over a random sequence of
     * allocations, lazy frees and purges, and agree on every placement, every failure and the final
     * occupancy.
     */
    @Test
    void adjustSearchSize6xEqualsLowestFitForAlignmentsUpToThePageSize() {
        long seed = Seeds.seed("6.x equals lowest-fit for align <= PAGE_SIZE");
        SplittableRandom rnd = new SplittableRandom(seed);
        AddressSpace space = AddressSpace.of("small", 0x4000_0000L, 4L << 20, PAGE);
        VmapAllocatorCore lowest = Allocators.create("free-tree", AllocatorConfig.builder(space).ncpus(1).build());
        VmapAllocatorCore six = Allocators.create("free-tree", AllocatorConfig.builder(space).ncpus(1)
                .freeTreeSearch(FreeTreeSearch.KERNEL_6_X).build());
        OpLog log = new OpLog(40);
        List<VmapArea[]> held = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int op = rnd.nextInt(100);
            if (op < 60 || held.isEmpty()) {
                VmapRequest r = randomRequest(rnd, space, 24, true);
                VmapArea x = attempt(lowest, r);
                VmapArea y = attempt(six, r);
                log.add("alloc " + r + " -> " + describe(x) + " / " + describe(y));
                String why = Seeds.replay(seed) + "\n" + log;
                assertThat(y == null).as(why).isEqualTo(x == null);
                if (x != null) {
                    assertThat(Addresses.hex(y.start())).as(why).isEqualTo(Addresses.hex(x.start()));
                    held.add(new VmapArea[] {x, y});
                }
            } else if (op < 97) {
                VmapArea[] pair = held.remove(rnd.nextInt(held.size()));
                log.add("free " + pair[0]);
                lowest.free(pair[0]);
                six.free(pair[1]);
            } else {
                log.add("purge");
                lowest.purgeLazy();
                six.purgeLazy();
            }
        }
        assertThat(six.snapshot().ranges()).as(Seeds.replay(seed)).isEqualTo(lowest.snapshot().ranges());
        assertThat(six.stats()).as(Seeds.replay(seed)).isEqualTo(lowest.stats());
    }

    /**
     * Under {@code 5.2} and {@code 6.x}, on random states: every placement is inside its window,
     * aligned and overlaps nothing (the debug checks verify the tiling after every operation); for
     * the same state the variant never places lower than lowest-fit, never succeeds where
     * lowest-fit fails, and (§3.2's test for larger alignments) never places above the lowest free
     * block at or above vstart of at least {@code size + align - 1}, and finds a place whenever that
     * block holds the request below vend. For {@code 6.x} with {@code align <= PAGE_SIZE} the place
     * is exactly lowest-fit's.
     */
    @Test
    void eraSearchLengthsPlaceValidlyAndNeverBelowTheLowestFitNorAboveTheLowestLongEnoughBlock() {
        for (FreeTreeSearch search : List.of(FreeTreeSearch.KERNEL_5_2, FreeTreeSearch.KERNEL_6_X)) {
            for (AddressSpace space : List.of(AddressSpace.of("small", 0x4000_0000L, 4L << 20, PAGE),
                    AddressSpace.of("straddle", (1L << 63) - (4L << 20), 8L << 20, PAGE))) {
                randomEraRun(search, space);
            }
        }
    }

    private static void randomEraRun(FreeTreeSearch search, AddressSpace space) {
        long seed = Seeds.seed("free-tree-search " + search.value() + " on " + space.name());
        SplittableRandom rnd = new SplittableRandom(seed);
        VmapAllocatorCore a = Allocators.create("free-tree", AllocatorConfig.builder(space).ncpus(1)
                .freeTreeSearch(search).debugChecks(true).build());
        FreeTreePlacement placement = (FreeTreePlacement) a.placement();
        OpLog log = new OpLog(40);
        List<VmapArea> held = new ArrayList<>();
        int higher = 0;
        int failedWhereLowestFits = 0;
        for (int i = 0; i < 8_000; i++) {
            int op = rnd.nextInt(100);
            if (op < 65 || held.isEmpty()) {
                VmapRequest r;
                try {
                    r = RequestWindow.resolve(space, randomRequest(rnd, space, 24, false));
                } catch (IllegalArgumentException cannotFit) {
                    continue;
                }
                long size = r.size() + RequestWindow.guardSize(space, r);
                long align = r.align();
                long vstart = r.vstart();
                long vend = r.vend();
                long[] peeked = a.locked(() -> new long[] {
                    placement.peek(FreeTreeSearch.LOWEST_FIT, size, align, vstart, vend),
                    placement.peek(search, size, align, vstart, vend)});
                long lowestFit = peeked[0];
                long mine = peeked[1];
                long bound = lowestLongEnoughBlockStart(a.snapshot(), size, align, vstart);
                VmapArea area = attempt(a, r);
                log.add("alloc " + r + " lowest-fit " + at(lowestFit, vend) + " " + search.value() + " "
                        + at(mine, vend) + " -> " + describe(area));
                String why = search.value() + " on " + space.name() + ", " + Seeds.replay(seed) + "\n" + log;
                if (lowestFit == vend) {
                    assertThat(mine).as("found where lowest-fit finds nothing: " + why).isEqualTo(vend);
                }
                if (mine != vend) {
                    assertThat(area).as(why).isNotNull();
                    assertThat(Addresses.hex(area.start())).as("the first search places where peeked: " + why)
                            .isEqualTo(Addresses.hex(mine));
                    assertThat(Addresses.greaterOrEqual(mine, lowestFit)).as("below lowest-fit: " + why).isTrue();
                    if (bound != -1L) {
                        assertThat(Addresses.lessOrEqual(mine, Addresses.alignUp(bound, align)))
                                .as("above the lowest block of size + align - 1 at " + Addresses.hex(bound) + ": " + why)
                                .isTrue();
                    }
                    if (mine != lowestFit) {
                        higher++;
                    }
                } else {
                    if (bound != -1L) {
                        long start = Addresses.alignUp(bound, align);
                        assertThat(Addresses.addWraps(start, size) || Addresses.greaterThan(start + size, vend))
                                .as("nothing found although the block at " + Addresses.hex(bound) + " holds it: " + why)
                                .isTrue();
                    }
                    if (lowestFit != vend) {
                        failedWhereLowestFits++;
                    }
                }
                if (search == FreeTreeSearch.KERNEL_6_X && Addresses.lessOrEqual(align, space.pageSize())) {
                    assertThat(mine).as("6.x with align <= PAGE_SIZE: " + why).isEqualTo(lowestFit);
                }
                if (area != null) {
                    assertThat(Addresses.isAligned(area.start(), align)).as(why).isTrue();
                    assertThat(Addresses.greaterOrEqual(area.start(), vstart)).as(why).isTrue();
                    assertThat(Addresses.lessOrEqual(area.end(), vend)).as(why).isTrue();
                    held.add(area);
                }
            } else if (op < 96) {
                VmapArea area = held.remove(rnd.nextInt(held.size()));
                log.add("free " + area);
                a.free(area);
            } else {
                log.add("purge");
                a.purgeLazy();
            }
        }
        assertThat(a.snapshot().violation()).as(Seeds.replay(seed)).isEmpty();
        System.out.println("free-tree-search " + search.value() + " on " + space.name() + ": " + higher
                + " placements above the lowest fit, " + failedWhereLowestFits + " first searches failed where it fits");
    }

    /** The start of the lowest free block at or above {@code vstart} of at least {@code size + align - 1}; -1 if none. */
    private static long lowestLongEnoughBlockStart(VmapSnapshot snapshot, long size, long align, long vstart) {
        if (Addresses.addWraps(size, align - 1)) {
            return -1L;
        }
        long length = size + align - 1;
        for (VmapSnapshot.Range r : snapshot.ranges()) {
            if (r.kind() == VmapSnapshot.Kind.FREE && Addresses.greaterOrEqual(r.start(), vstart)
                    && Addresses.greaterOrEqual(r.size(), length)) {
                return r.start();
            }
        }
        return -1L;
    }

    /**
     * {@link DifferentialPlacementTest#randomRequest}, or with {@code smallAlign} one whose
     * alignment is at most the page size.
     */
    private static VmapRequest randomRequest(SplittableRandom rnd, AddressSpace space, int maxPages, boolean smallAlign) {
        VmapRequest r = DifferentialPlacementTest.randomRequest(rnd, space, maxPages);
        if (smallAlign) {
            r = r.toBuilder().align(1L << rnd.nextInt(13)).build();
        }
        return r;
    }

    private static VmapArea attempt(VmapAllocatorCore a, VmapRequest r) {
        try {
            return a.allocate(r);
        } catch (VmapAllocationException e) {
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String at(long start, long vend) {
        return start == vend ? "none" : Addresses.hex(start);
    }

    private static String describe(VmapArea area) {
        return area == null ? "failed" : Addresses.hex(area.start());
    }
}
