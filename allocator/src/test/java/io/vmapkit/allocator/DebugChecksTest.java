package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.vmap.VmapArea;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The allocator's debug checks checked: each test corrupts the core's state on purpose (through
 * the package-private fields of {@link Area} or by reflection on the core's counters) and expects
 * the check that runs after the next placement, failed search, free or purge to name the damage.
 * Tests elsewhere (fidelity 3.1-a, 3.5-b, 3.5-e, 17-3) rely on these checks staying silent on a
 * sound allocator; these show they are not silent on a broken one.
 */
class DebugChecksTest {

    static final java.util.List<String> NAMES = Allocators.NAMES;

    private static VmapAllocatorCore checked(String name, int pages) {
        return Allocators.create(name, Allocators.small(pages).lazyMaxPages(1_000).debugChecks(true).build());
    }

    private static void addToLong(Object target, String field, long delta) {
        try {
            Field f = VmapAllocatorCore.class.getDeclaredField(field);
            f.setAccessible(true);
            if (f.getType() == AtomicLong.class) {
                ((AtomicLong) f.get(target)).addAndGet(delta);
            } else {
                f.setLong(target, f.getLong(target) + delta);
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the test's white-box access to VmapAllocatorCore." + field + " broke", e);
        }
    }

    /** A live area one page longer than the core counts: live bytes disagree with the areas. */
    private static Area stretch(VmapArea handle) {
        Area area = (Area) handle;
        area.end += PAGE;
        return area;
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void checkAfterASuccessfulPlacementCatchesDamage(String name) {
        VmapAllocatorCore a = checked(name, 64);
        stretch(a.allocate(PAGE));
        assertThatThrownBy(() -> a.allocate(PAGE)).isInstanceOf(IllegalStateException.class)
                // areas after the second placement: 12288 (stretched) + 8192 = 20480; counter 8192 + 8192 = 16384
                .hasMessageContaining("debug check")
                .hasMessageContaining("areas hold 20480 live and 0 lazy bytes; counters say 16384 and 0");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void checkAfterAFailedSearchCatchesDamage(String name) {
        VmapAllocatorCore a = checked(name, 4);
        stretch(a.allocate(PAGE)); // 2 of 4 pages used; no lazy area, so the overflow purge does nothing
        // 2 pages + guard = 3 pages > the 2 left: the search fails and its check runs first
        assertThatThrownBy(() -> a.allocate(2L * PAGE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("debug check").hasMessageContaining("areas hold 12288 live");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void checkAfterAFreeCatchesDamage(String name) {
        VmapAllocatorCore a = checked(name, 64);
        VmapArea x = a.allocate(PAGE);
        stretch(a.allocate(PAGE));
        // x moves to lazy (8192); the stretched area stays live with 12288 against the counter's 8192
        assertThatThrownBy(() -> a.free(x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("debug check").hasMessageContaining("areas hold 12288 live and 8192 lazy");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void checkAfterAPurgeCatchesDamage(String name) {
        VmapAllocatorCore a = checked(name, 64);
        VmapArea x = a.allocate(PAGE);
        a.free(x);
        addToLong(a, "liveBytes", PAGE); // the counter now claims 4096 live bytes no area holds
        assertThatThrownBy(a::purgeLazy).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("debug check").hasMessageContaining("areas hold 0 live and 0 lazy bytes; counters say 4096 and 0");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void withoutDebugChecksTheSameDamageGoesUnnoticedUntilAsked(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(1_000).build());
        stretch(a.allocate(PAGE));
        a.allocate(PAGE); // no check runs
        // areas: 12288 (stretched) + 8192 = 20480; counter: 8192 + 8192 = 16384
        assertThatThrownBy(a::checkInvariants)
                .hasMessageContaining("areas hold 20480 live and 0 lazy bytes; counters say 16384 and 0");
    }

    @Test
    void liveSlotMismatchIsNamed() {
        VmapAllocatorCore a = checked("free-tree", 64);
        Area x = (Area) a.allocate(PAGE);
        x.slot = 7;
        assertThatThrownBy(a::checkInvariants).hasMessageContaining("live slot 0 holds").hasMessageContaining("with slot 7");
    }

    @Test
    void lazySlotMismatchIsNamed() {
        VmapAllocatorCore a = checked("free-tree", 64);
        Area x = (Area) a.allocate(PAGE);
        a.free(x);
        x.slot = 3;
        assertThatThrownBy(a::checkInvariants).hasMessageContaining("lazy slot 0 holds").hasMessageContaining("with slot 3");
    }

    @Test
    void liveAreaInTheWrongStateIsNamed() {
        VmapAllocatorCore a = checked("free-tree", 64);
        Area x = (Area) a.allocate(PAGE);
        x.setState(Area.PURGED);
        assertThatThrownBy(a::checkInvariants).hasMessageContaining("live slot 0 holds");
    }

    @Test
    void lazyAreaInTheWrongStateIsNamed() {
        VmapAllocatorCore a = checked("free-tree", 64);
        Area x = (Area) a.allocate(PAGE);
        a.free(x);
        x.setState(Area.LIVE);
        assertThatThrownBy(a::checkInvariants).hasMessageContaining("lazy slot 0 holds");
    }

    @Test
    void aLazyAreaOfTheWrongSizeIsNamed() {
        VmapAllocatorCore a = checked("free-tree", 64);
        Area x = (Area) a.allocate(PAGE);
        a.free(x);
        x.end += PAGE; // the lazy area now holds 12288 bytes; the counter says 8192
        assertThatThrownBy(a::checkInvariants).hasMessageContaining("areas hold 0 live and 12288 lazy bytes; counters say 0 and 8192");
    }

    @Test
    void lazyCounterDisagreeingWithTheLazyAreasIsNamed() {
        VmapAllocatorCore a = checked("busy-list", 64);
        a.free(a.allocate(PAGE)); // 2 lazy pages
        addToLong(a, "vmapLazyNr", 1);
        assertThatThrownBy(a::checkInvariants).hasMessageContaining("vmap_lazy_nr is 3 but lazy areas hold 2 pages");
    }

    @Test
    void bytesThatDoNotTileTheSpaceAreNamed() {
        VmapAllocatorCore a = checked("free-tree", 64);
        stretch(a.allocate(PAGE));       // the area now holds 12288 bytes ...
        addToLong(a, "liveBytes", PAGE); // ... and the counter agrees, but the free tree still holds 64 - 2 pages
        // free 62 pages = 253952, live 12288, lazy 0: 266240 != 262144
        assertThatThrownBy(a::checkInvariants)
                .hasMessageContaining("free 253952 + live 12288 + lazy 0 != space 262144");
    }

    @Test
    void anAreaMovedOverAFreeBlockFailsTheSnapshotCheck() {
        VmapAllocatorCore a = checked("free-tree", 64);
        Area x = (Area) a.allocate(PAGE);
        x.start += PAGE; // same size, so every counter agrees; the snapshot now has a gap and an overlap
        x.end += PAGE;
        assertThatThrownBy(a::checkInvariants).hasMessageContaining("debug check");
    }

    @Test
    void damagedPlacementIsNamedFirst() {
        VmapAllocatorCore a = checked("free-tree", 64);
        a.allocate(PAGE);
        FreeTreePlacement p = (FreeTreePlacement) a.placement();
        RangeTree tree = p.tree();
        int block = tree.first();
        tree.setEnd(block, tree.end(block) - PAGE); // the free tree loses a page the placement still counts
        // 64 - 2 - 1 = 61 pages = 249856 in the tree; the placement still counts 62 pages = 253952
        assertThatThrownBy(a::checkInvariants).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("free blocks add up to 249856 bytes but the placement counts 253952");
    }
}
