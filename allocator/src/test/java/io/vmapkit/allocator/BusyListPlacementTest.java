package io.vmapkit.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.vmap.AddressSpace;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * {@link BusyListPlacement} driven directly (no core in between), for the branches the core's
 * tests never reach: a release whose end does not match, the hint dropped by a release below
 * {@code cached_vstart} although a predecessor exists, the tree descent's early stop, a hint walk
 * that must step past the area after the hint, a walk that runs past {@code vend}, and each
 * message of {@link BusyListPlacement#violation()} on a placement damaged on purpose.
 *
 * <p>Space: 64 pages of 4 KiB at {@code BASE}; every request is page-aligned ({@code align = P}),
 * so addresses are written as {@code BASE + k*P}. The expected values are worked out by hand in the
 * comments, following the placement's search as the docs describe it (hint, then first fit).
 */
class BusyListPlacementTest {

    private static final long P = 4096;
    private static final long BASE = 0x10_0000L;
    private static final long END = BASE + 64 * P;

    private static BusyListPlacement placement() {
        return new BusyListPlacement(AddressSpace.of(BASE, 64 * P), false);
    }

    private static long reserve(BusyListPlacement p, long pages, long vstartPage, long vend) {
        return p.reserve(pages * P, P, BASE + vstartPage * P, vend);
    }

    @Test
    void releaseOfARangeWhoseEndDoesNotMatchTheBusyAreaIsRefusedAndChangesNothing() {
        BusyListPlacement p = placement();
        long a = reserve(p, 2, 0, END);          // [0,2)
        assertThat(a).isEqualTo(BASE);
        long freeBefore = p.freeBytes();           // 64 - 2 = 62 pages
        assertThat(freeBefore).isEqualTo(62 * P);

        // the start is a busy area's start, the end is one page short of its end
        assertThatThrownBy(() -> p.release(BASE, BASE + P))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("vmalloc bug: purged range [0x100000, 0x101000) is not a busy area");
        assertThat(p.freeBytes()).isEqualTo(freeBefore);
        assertThat(p.busyTree().find(BASE)).isNotEqualTo(RangeTree.NIL);
        assertThat(p.violation()).isNull();
    }

    /**
     * A [0,2), C [4,6) (window from page 4), B [8,10) (window from page 8): the hint is B and
     * {@code cached_vstart} page 8. Releasing C (ends at page 6 &lt; 8) drops the hint. Had only
     * the second rule applied (C starts at or below the hint), the hint would have moved to C's
     * predecessor A.
     */
    @Test
    void releaseEndingBelowCachedVstartDropsTheHintEvenWithAPredecessorBelow() {
        BusyListPlacement p = placement();
        assertThat(reserve(p, 2, 0, END)).isEqualTo(BASE);
        long c = reserve(p, 2, 4, END);
        assertThat(c).isEqualTo(BASE + 4 * P);
        long b = reserve(p, 2, 8, END);
        assertThat(b).isEqualTo(BASE + 8 * P);
        assertThat(p.hintStart()).isEqualTo(b);
        assertThat(p.cachedVstart()).isEqualTo(BASE + 8 * P);

        p.release(c, c + 2 * P);

        assertThat(p.hintStart()).isNull();
        assertThat(p.violation()).isNull();
    }

    /**
     * The first-fit descent stops at the area that contains the start address. A [0,2), B [2,4),
     * C [8,10) (the third insert rotates B to the root, A left, C right; C's window sets
     * {@code cached_vstart} to page 8). A search from page 2 (below cached_vstart: hint dropped)
     * descends: B ends at 4 &gt;= 2 and starts at 2 &lt;= 2, so the walk starts at B: one step
     * (past B to page 4), then 4 + 2 = 6 &lt;= C's start 8, so it lands at page 4. Descending on
     * into B's left child A (which ends exactly at 2) would start the walk one area earlier: two steps.
     */
    @Test
    void theDescentStopsAtTheAreaContainingTheStartAddress() {
        BusyListPlacement p = placement();
        assertThat(reserve(p, 2, 0, END)).isEqualTo(BASE);
        assertThat(reserve(p, 2, 0, END)).isEqualTo(BASE + 2 * P);
        assertThat(reserve(p, 2, 8, END)).isEqualTo(BASE + 8 * P);
        RangeTree t = p.busyTree();
        assertThat(t.start(t.root())).isEqualTo(BASE + 2 * P);
        assertThat(t.start(t.left(t.root()))).isEqualTo(BASE);

        long stepsBefore = p.walkSteps();
        long d = reserve(p, 2, 2, END);

        assertThat(p.lastSearchFromHint()).isFalse();
        assertThat(d).isEqualTo(BASE + 4 * P);
        assertThat(p.walkSteps() - stepsBefore).isEqualTo(1);
    }

    /**
     * A walk from the hint must check the area after the hint too. A [0,1), B [1,2), C [2,3); the
     * hint is C. Releasing B (starts at or below the hint) moves the hint to B's predecessor A.
     * A 2-page request keeps the hint (no hole recorded yet: cached_hole_size 0 &lt; 2 pages) and
     * walks from A's end, page 1: 1 + 2 = 3 &gt; C's start 2, so the 1-page gap [1,2) is recorded
     * as cached_hole_size and the walk goes past C: the area lands at page 3, not on C at page 1.
     */
    @Test
    void aWalkFromTheHintStepsPastTheNextAreaWhenTheGapIsTooSmall() {
        BusyListPlacement p = placement();
        assertThat(reserve(p, 1, 0, END)).isEqualTo(BASE);
        long b = reserve(p, 1, 0, END);
        assertThat(b).isEqualTo(BASE + P);
        assertThat(reserve(p, 1, 0, END)).isEqualTo(BASE + 2 * P);
        p.release(b, b + P);
        assertThat(p.hintStart()).isEqualTo(BASE);
        assertThat(p.cachedHoleSize()).isZero();

        long d = reserve(p, 2, 0, END);

        assertThat(p.lastSearchFromHint()).isTrue();
        assertThat(d).isEqualTo(BASE + 3 * P);
        assertThat(p.cachedHoleSize()).isEqualTo(P);
        assertThat(p.violation()).isNull();
    }

    /**
     * A [0,2) with vend at page 3: a second 2-page request walks from A's end, page 2, and
     * 2 + 2 = 4 &gt; 3, so nothing fits below vend: the search answers vend and reserves nothing.
     */
    @Test
    void aWalkThatEndsPastVendReservesNothing() {
        BusyListPlacement p = placement();
        long vend = BASE + 3 * P;
        assertThat(reserve(p, 2, 0, vend)).isEqualTo(BASE);
        long freeBefore = p.freeBytes();

        assertThat(reserve(p, 2, 0, vend)).isEqualTo(vend);

        assertThat(p.freeBytes()).isEqualTo(freeBefore);
        assertThat(p.busyTree().find(BASE + 2 * P)).isEqualTo(RangeTree.NIL);
    }

    /**
     * The walk stops at the first area it cannot pass below vend. A [0,2), B [3,5) (window from
     * page 3), C [6,8) (window from page 6; cached_vstart page 6). A 2-page request from page 0
     * with vend at page 4 drops the hint (0 &lt; 6) and walks from A: step 1 past A (to page 2),
     * 2 + 2 = 4 &gt; B's start 3 and 4 &lt;= vend, so step 2 past B (to page 5); then 5 + 2 = 7
     * &gt; vend: the walk stops before C. Two steps, and nothing fits: the answer is vend.
     */
    @Test
    void theWalkStopsAtVendWithoutSteppingPastTheAreasBeyondIt() {
        BusyListPlacement p = placement();
        assertThat(reserve(p, 2, 0, END)).isEqualTo(BASE);
        assertThat(reserve(p, 2, 3, END)).isEqualTo(BASE + 3 * P);
        assertThat(reserve(p, 2, 6, END)).isEqualTo(BASE + 6 * P);
        long stepsBefore = p.walkSteps();
        long vend = BASE + 4 * P;

        assertThat(reserve(p, 2, 0, vend)).isEqualTo(vend);

        assertThat(p.lastSearchFromHint()).isFalse();
        assertThat(p.walkSteps() - stepsBefore).isEqualTo(2);
        assertThat(p.cachedHoleSize()).as("the 1-page gap [2,3) before B").isEqualTo(P);
    }

    // ---- violation(): each message on a placement damaged on purpose ----------------------------

    /** A [0,2), B [2,4); A's end moved to page 3 overlaps B: the busy tree's own check names it. */
    @Test
    void aDamagedBusyTreeIsNamed() {
        BusyListPlacement p = placement();
        reserve(p, 2, 0, END);
        reserve(p, 2, 0, END);
        RangeTree t = p.busyTree();
        int a = t.find(BASE);
        assertThat(p.violation()).isNull();

        t.setEnd(a, BASE + 3 * P);

        // B starts at 0x102000, the range before it now ends at 0x103000
        assertThat(p.violation())
                .startsWith("busy tree: node ")
                .endsWith("overlaps or precedes the range ending at 0x103000");
    }

    /**
     * A [0,2), B [2,4): 4 pages = 16384 bytes counted. A shrunk to [0,1) in the tree (still
     * ordered and disjoint): the areas add up to 3 pages = 12288 bytes.
     */
    @Test
    void busyAreasThatDoNotAddUpToTheCountAreNamed() {
        BusyListPlacement p = placement();
        reserve(p, 2, 0, END);
        reserve(p, 2, 0, END);
        RangeTree t = p.busyTree();
        t.setEnd(t.find(BASE), BASE + P);

        assertThat(p.violation()).isEqualTo("busy areas add up to 12288 bytes but the placement counts 16384");
    }

    /**
     * A [0,2), B [2,4); the hint is B. A is released properly, then the hint is pointed at A's
     * removed node (by reflection): the check names the node.
     */
    @Test
    void aHintAtARemovedNodeIsNamed() throws ReflectiveOperationException {
        BusyListPlacement p = placement();
        reserve(p, 2, 0, END);
        reserve(p, 2, 0, END);
        int a = p.busyTree().find(BASE);
        p.release(BASE, BASE + 2 * P);
        assertThat(p.violation()).isNull();

        Field hint = BusyListPlacement.class.getDeclaredField("freeVmapCache");
        hint.setAccessible(true);
        hint.setInt(p, a);

        assertThat(p.violation()).isEqualTo("free_vmap_cache points at removed node " + a);
    }
}
