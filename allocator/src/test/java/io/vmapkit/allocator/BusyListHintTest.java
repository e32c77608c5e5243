package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import org.junit.jupiter.api.Test;

/**
 * docs/fidelity.md §2.2–§2.4: the {@code free_vmap_cache} hint, {@code cached_hole_size},
 * {@code cached_vstart} and {@code cached_align}, step by step. Requests carry no guard so page
 * numbers are easy to follow; addresses are in pages from the space start.
 */
class BusyListHintTest {

    private static final long BASE = 0x10_0000L;

    private VmapAllocatorCore busy(boolean kernel) {
        return Allocators.create(kernel ? "busy-list-kernel" : "busy-list", Allocators.small(32).debugChecks(true).build());
    }

    private static BusyListPlacement placement(VmapAllocatorCore a) {
        return (BusyListPlacement) a.placement();
    }

    private static VmapRequest pages(long n) {
        return VmapRequest.builder(n * PAGE).flags(AllocFlag.NO_GUARD).build();
    }

    private static VmapRequest pages(long n, long alignPages) {
        return VmapRequest.builder(n * PAGE).align(alignPages * PAGE).flags(AllocFlag.NO_GUARD).build();
    }

    private static VmapRequest window(long n, long fromPage, long toPage) {
        return VmapRequest.builder(n * PAGE).flags(AllocFlag.NO_GUARD).window(BASE + fromPage * PAGE, BASE + toPage * PAGE).build();
    }

    private static long page(VmapArea a) {
        return (a.start() - BASE) / PAGE;
    }

    private static Long hintPage(VmapAllocatorCore a) {
        Long start = placement(a).hintStart();
        return start == null ? null : (start - BASE) / PAGE;
    }

    @Test
    void newAreaBecomesTheHintAndTheNextSearchWalksFromIt() {
        VmapAllocatorCore a = busy(false);
        VmapArea first = a.allocate(pages(2));
        assertThat(placement(a).lastSearchFromHint()).isFalse();
        assertThat(hintPage(a)).isEqualTo(0);
        assertThat(placement(a).cachedVstart()).isEqualTo(BASE);
        assertThat(placement(a).cachedAlign()).isEqualTo(1);

        VmapArea second = a.allocate(pages(3));
        assertThat(placement(a).lastSearchFromHint()).isTrue();
        assertThat(page(second)).isEqualTo(page(first) + 2);
        assertThat(hintPage(a)).isEqualTo(2);
    }

    @Test
    void hintIsDroppedWhenVstartMovesDown() {
        VmapAllocatorCore a = busy(false);
        a.allocate(window(2, 8, 32));
        assertThat(placement(a).cachedVstart()).isEqualTo(BASE + 8L * PAGE);
        a.allocate(window(2, 8, 32));
        assertThat(placement(a).lastSearchFromHint()).isTrue();

        VmapArea low = a.allocate(pages(2));
        assertThat(placement(a).lastSearchFromHint()).isFalse();
        assertThat(page(low)).isZero();
        assertThat(placement(a).cachedVstart()).isEqualTo(BASE);
    }

    @Test
    void hintIsDroppedWhenAlignShrinks() {
        VmapAllocatorCore a = busy(false);
        a.allocate(pages(1, 4));
        a.allocate(pages(1, 4));
        assertThat(placement(a).lastSearchFromHint()).isTrue();
        assertThat(placement(a).cachedAlign()).isEqualTo(4L * PAGE);

        VmapArea small = a.allocate(pages(1));
        assertThat(placement(a).lastSearchFromHint()).isFalse();
        assertThat(page(small)).isEqualTo(1); // the gap after the first aligned area
        a.allocate(pages(1));
        assertThat(placement(a).lastSearchFromHint()).isTrue();
    }

    /** §2.2 step 2: a hint whose aligned end lies below vstart is dropped and the walk starts at vstart. */
    @Test
    void hintBelowVstartIsDroppedAndTheSearchStartsAtVstart() {
        VmapAllocatorCore a = busy(false);
        a.allocate(pages(2));
        VmapArea high = a.allocate(window(2, 8, 32));
        assertThat(placement(a).lastSearchFromHint()).isFalse();
        assertThat(page(high)).isEqualTo(8);
        assertThat(hintPage(a)).isEqualTo(8);
    }

    /** §2.2 step 3: cached_hole_size is the largest usable gap the walks have passed below the hint. */
    @Test
    void cachedHoleSizeIsTheLargestGapPassedBelowTheHint() {
        VmapAllocatorCore a = busy(false);
        VmapArea[] areas = new VmapArea[8];
        for (int i = 0; i < 8; i++) {
            areas[i] = a.allocate(pages(1));
        }
        a.free(areas[1]);
        a.free(areas[3]);
        a.free(areas[4]);
        a.free(areas[5]);
        a.purgeLazy(); // holes [1,2) and [3,6) below the hint at 7... which moved down to 0
        assertThat(hintPage(a)).isEqualTo(0);
        VmapArea big = a.allocate(pages(4));
        assertThat(page(big)).isEqualTo(8);
        assertThat(placement(a).cachedHoleSize()).isEqualTo(3L * PAGE);
        assertThat(hintPage(a)).isEqualTo(8);

        VmapArea three = a.allocate(pages(3)); // 3 <= cached_hole_size: the hint is dropped, the hole found
        assertThat(placement(a).lastSearchFromHint()).isFalse();
        assertThat(page(three)).isEqualTo(3);
    }

    /** §2.3: a purge at or below the hint moves it to the purged area's predecessor. */
    @Test
    void purgeAtOrBelowTheHintMovesItToThePredecessor() {
        VmapAllocatorCore a = busy(false);
        VmapArea x = a.allocate(pages(2));
        VmapArea y = a.allocate(pages(2));
        VmapArea z = a.allocate(pages(2));
        assertThat(hintPage(a)).isEqualTo(4);
        a.free(y);
        a.purgeLazy();
        assertThat(hintPage(a)).isEqualTo(0);
        long hole = placement(a).cachedHoleSize();
        a.free(x);
        a.purgeLazy();
        assertThat(hintPage(a)).isNull();
        assertThat(placement(a).cachedHoleSize()).as("left stale by the purge").isEqualTo(hole);
        assertThat(z.state()).isEqualTo(io.vmapkit.api.vmap.AreaState.LIVE);
    }

    @Test
    void purgeAboveTheHintLeavesIt() {
        VmapAllocatorCore a = busy(false);
        VmapArea x = a.allocate(pages(2));
        a.allocate(pages(2));
        VmapArea z = a.allocate(pages(2));
        a.free(x);
        a.purgeLazy();
        VmapArea again = a.allocate(pages(2));
        assertThat(page(again)).isZero();
        assertThat(hintPage(a)).isEqualTo(0);
        a.free(z);
        a.purgeLazy();
        assertThat(hintPage(a)).isEqualTo(0);
    }

    /** §2.3: a purged area that ends below cached_vstart drops the hint. */
    @Test
    void purgeOfAnAreaEndingBelowCachedVstartDropsTheHint() {
        VmapAllocatorCore a = busy(false);
        VmapArea low = a.allocate(pages(2));
        a.allocate(window(2, 8, 32));
        assertThat(hintPage(a)).isEqualTo(8);
        a.free(low);
        a.purgeLazy();
        assertThat(hintPage(a)).isNull();
    }

    /**
     * §2.4: the kernel's strict {@code size < cached_hole_size} keeps the hint for a request of
     * exactly the hole's size and places it above; {@code busy-list} (exact test) finds the hole.
     */
    @Test
    void kernelHintTestSkipsAnExactSizeHoleBelowTheHint() {
        for (boolean kernel : new boolean[] {true, false}) {
            VmapAllocatorCore a = busy(kernel);
            VmapArea x = a.allocate(pages(1));
            a.allocate(pages(1));
            a.allocate(pages(2));
            a.free(x);
            a.purgeLazy();                       // hole [0,1); the hint moves to x's predecessor: none
            VmapArea d = a.allocate(pages(2));   // walks from vstart, records the 1-page hole, lands at 4
            assertThat(page(d)).isEqualTo(4);
            assertThat(placement(a).cachedHoleSize()).isEqualTo(PAGE);

            VmapArea one = a.allocate(pages(1));

            if (kernel) {
                assertThat(page(one)).as("kernel-literal keeps the hint and walks on").isEqualTo(6);
                assertThat(placement(a).exactSizeHintKeeps()).isEqualTo(1);
            } else {
                assertThat(page(one)).as("exact test drops the hint and finds the hole").isZero();
                assertThat(placement(a).exactSizeHintKeeps()).isZero();
            }
        }
    }
}
