package io.vmapkit.driver.i915;

import static io.vmapkit.driver.i915.Gem.locked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.testkit.LogCapture;
import io.vmapkit.testkit.Pressure;
import io.vmapkit.testkit.VmapKitTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The i915 shrinker, docs/fidelity.md §13: can_release_pages by era, i915_gem_shrink and its flags,
 * count and scan on constructed object sets, the OOM notifier, and reclaim from page allocation.
 */
@VmapKitTest(plugins = I915Plugin.class)
class GemShrinkerTest {

    /** The constructed set and what the 4.7 count makes of it. */
    private static final class Set {
        GemContext ctx;
        GemObject unbound4;
        GemObject boundInactive8;
        GemObject boundActive16;
        GemObject pinnedPages2;
        GemObject pinMapped3;
        GemObject notShmem5;
        GemObject dontneed6;

        static Set build(Device d) {
            Set s = new Set();
            s.ctx = Gem.context(d);
            s.unbound4 = Gem.unbound(d, 4);
            s.boundInactive8 = Gem.boundInactive(d, 8);
            s.boundActive16 = Gem.boundActive(d, s.ctx, 16);
            s.pinnedPages2 = Gem.unbound(d, 2);
            d.pinPages(s.pinnedPages2);
            s.pinMapped3 = d.createObject(3);
            d.pinMap(s.pinMapped3, MapType.WB);
            s.notShmem5 = d.createObject(5, false);
            d.getPages(s.notShmem5);
            s.dontneed6 = Gem.unbound(d, 6);
            d.madvise(s.dontneed6, Madv.DONTNEED);
            return s;
        }
    }

    private static ShrinkControl control(long nrToScan) {
        ShrinkControl sc = new ShrinkControl(0, 0, true);
        sc.setNrToScan(nrToScan);
        return sc;
    }

    @Test
    void countSumsReleasableUnboundPagesAndReleasableInactiveBoundPages(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> Set.build(d));
        assertThat(i915.shrinker().countObjects(control(0))).as("4 unbound + 8 bound inactive + 6 DONTNEED").isEqualTo(18);
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.swap=false")
    void withoutSwapOnlyDontneedObjectsCanReleaseTheirPages(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> Set.build(d));
        assertThat(i915.shrinker().countObjects(control(0))).isEqualTo(6);
    }

    @Test
    void canReleasePagesNeedsShmemBackingAndNoPinBesidesTheBindings(InstalledI915 i915) {
        Device d = i915.device();
        GemShrinker s = i915.shrinker();
        locked(d, () -> {
            Set set = Set.build(d);
            assertThat(s.canReleasePages(set.unbound4)).isTrue();
            assertThat(s.canReleasePages(set.boundInactive8)).as("a binding's pin does not count").isTrue();
            assertThat(s.canReleasePages(set.boundActive16)).as("activity is the caller's filter").isTrue();
            assertThat(s.canReleasePages(set.notShmem5)).isFalse();
            assertThat(s.canReleasePages(set.pinnedPages2)).isFalse();
            assertThat(s.canReleasePages(set.pinMapped3)).isFalse();
        });
    }

    @Test
    void canReleasePagesFourSevenRuleCountsAVmaPinLikeABindingPin(InstalledI915 i915) {
        Device d = i915.device();
        GemShrinker s = i915.shrinker();
        locked(d, () -> {
            GemObject vmaPinned = Gem.boundInactive(d, 4);
            d.pinVma(vmaPinned.vma);
            assertThat(s.canReleasePages(vmaPinned)).as("pages 1 != bound 1 + pinned 1").isFalse();
            GemObject pinnedAndMapped = Gem.boundInactive(d, 4);
            d.pinVma(pinnedAndMapped.vma);
            d.pinMap(pinnedAndMapped, MapType.WB);
            assertThat(s.canReleasePages(pinnedAndMapped)).as("4.7 quirk: pages 2 == bound 1 + pinned 1").isTrue();
            assertThat(s.shrink(ShrinkFlags.UNLIMITED, ShrinkFlags.BOUND)).as("but the pinned VMA refuses to unbind")
                    .isZero();
            assertThat(pinnedAndMapped.hasPages()).isTrue();
        });
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.era=4.9")
    void canReleasePagesFourNineRuleRefusesAnyPinnedVma(InstalledI915 i915) {
        Device d = i915.device();
        GemShrinker s = i915.shrinker();
        locked(d, () -> {
            GemObject pinnedAndMapped = Gem.boundInactive(d, 4);
            d.pinVma(pinnedAndMapped.vma);
            d.pinMap(pinnedAndMapped, MapType.WB);
            assertThat(s.canReleasePages(pinnedAndMapped)).isFalse();
            GemObject bound = Gem.boundInactive(d, 4);
            assertThat(s.canReleasePages(bound)).as("pages_pin_count <= bind_count").isTrue();
        });
    }

    @Test
    void fourSevenCountSeesAnObjectAsActiveUntilItsRequestIsRetired(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            Set set = Set.build(d);
            d.advanceGpu(2_000_000);
            assertThat(set.boundActive16.isActive()).isTrue();
        });
        assertThat(i915.shrinker().countObjects(control(0))).isEqualTo(18);
        locked(d, d::retireRequests);
        assertThat(i915.shrinker().countObjects(control(0)))
                .as("18 + the retired 16 + the context's ring and image (1 + 2), releasable by the 4.7 rule")
                .isEqualTo(37);
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.era=4.9")
    void fourNineCountRetiresRequestsFirst(InstalledI915 i915) {
        Device d = i915.device();
        GemObject active = locked(d, () -> {
            Set set = Set.build(d);
            d.advanceGpu(2_000_000);
            return set.boundActive16;
        });
        assertThat(i915.shrinker().countObjects(control(0))).as("18 + the retired 16; the pinned context is not")
                .isEqualTo(34);
        assertThat(active.isActive()).isFalse();
    }

    @Test
    void scanShrinksPurgeableObjectsFirst(InstalledI915 i915) {
        Device d = i915.device();
        GemObject[] ab = locked(d, () -> {
            GemObject a = Gem.unbound(d, 4);
            GemObject b = Gem.unbound(d, 4);
            d.madvise(b, Madv.DONTNEED);
            return new GemObject[] {a, b};
        });
        assertThat(i915.shrinker().scanObjects(control(4))).isEqualTo(4);
        assertThat(ab[0].hasPages()).isTrue();
        assertThat(ab[1].hasPages()).isFalse();
        assertThat(ab[1].madv()).isEqualTo(Madv.PURGED);
        assertThat(d.stats().freedByShrinker.sum()).isEqualTo(4);
    }

    @Test
    void scanTakesTheRemainderWithoutThePurgeableFilter(InstalledI915 i915) {
        Device d = i915.device();
        GemObject[] ab = locked(d, () -> {
            GemObject a = Gem.unbound(d, 4);
            GemObject b = Gem.unbound(d, 4);
            d.madvise(b, Madv.DONTNEED);
            return new GemObject[] {a, b};
        });
        assertThat(i915.shrinker().scanObjects(control(6))).as("4 purgeable, then a whole object for the remaining 2")
                .isEqualTo(8);
        assertThat(ab[0].hasPages()).isFalse();
        assertThat(ab[0].madv()).as("WILLNEED contents go to swap, not away").isEqualTo(Madv.WILLNEED);
    }

    @Test
    void shrinkWalksTheUnboundListBeforeTheBoundListAndStopsAtTheTarget(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject bound = Gem.boundInactive(d, 4);
            GemObject u1 = Gem.unbound(d, 4);
            GemObject u2 = Gem.unbound(d, 4);
            GemObject u3 = Gem.unbound(d, 4);
            assertThat(i915.shrinker().shrink(5, ShrinkFlags.UNBOUND | ShrinkFlags.BOUND)).isEqualTo(8);
            assertThat(u1.hasPages()).isFalse();
            assertThat(u2.hasPages()).isFalse();
            assertThat(u3.hasPages()).isTrue();
            assertThat(bound.hasPages()).isTrue();
            assertThat(i915.shrinker().shrink(ShrinkFlags.UNLIMITED, ShrinkFlags.UNBOUND | ShrinkFlags.BOUND))
                    .isEqualTo(8);
            assertThat(bound.bindCount()).as("the bound phase unbinds").isZero();
            Gem.assertConsistent(d);
        });
    }

    @Test
    void shrinkFlagPurgeableTakesOnlyDontneedObjects(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            Set set = Set.build(d);
            assertThat(i915.shrinker().shrink(ShrinkFlags.UNLIMITED, ShrinkFlags.PURGEABLE | ShrinkFlags.UNBOUND
                    | ShrinkFlags.BOUND)).isEqualTo(6);
            assertThat(set.dontneed6.madv()).isEqualTo(Madv.PURGED);
            assertThat(set.unbound4.hasPages()).isTrue();
        });
    }

    @Test
    void shrinkFlagsUnboundAndBoundSelectTheLists(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            Set set = Set.build(d);
            assertThat(i915.shrinker().shrink(ShrinkFlags.UNLIMITED, ShrinkFlags.UNBOUND)).isEqualTo(4 + 6);
            assertThat(set.boundInactive8.hasPages()).isTrue();
            assertThat(i915.shrinker().shrink(ShrinkFlags.UNLIMITED, ShrinkFlags.BOUND)).isEqualTo(8);
            assertThat(set.boundInactive8.hasPages()).isFalse();
            assertThat(set.boundActive16.hasPages()).as("active without ACTIVE").isTrue();
            assertThat(set.pinMapped3.hasPages()).isTrue();
            assertThat(set.pinnedPages2.hasPages()).isTrue();
            assertThat(set.notShmem5.hasPages()).isTrue();
            Gem.assertConsistent(d);
        });
    }

    @Test
    void shrinkFlagActiveWaitsForTheGpuAndTakesActiveObjects(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            Set set = Set.build(d);
            long waits = d.stats().gpuWaits.sum();
            assertThat(i915.shrinker().shrink(ShrinkFlags.UNLIMITED, ShrinkFlags.BOUND | ShrinkFlags.ACTIVE))
                    .isEqualTo(8 + 16);
            assertThat(set.boundActive16.isActive()).isFalse();
            assertThat(set.boundActive16.hasPages()).isFalse();
            assertThat(d.stats().gpuWaits.sum()).isGreaterThan(waits);
            assertThat(set.ctx.ring.hasPages()).as("the pinned context keeps its pages").isTrue();
            Gem.assertConsistent(d);
        });
    }

    @Test
    void shrinkFlagVmapsTakesOnlyObjectsWithARealVmapCached(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject vmapped = Gem.cachedMap(d, 4, MapType.WB);
            GemObject wc = Gem.cachedMap(d, 1, MapType.WC);
            GemObject direct = Gem.cachedMap(d, 1, MapType.WB);
            GemObject unmapped = Gem.unbound(d, 4);
            Mapping m = vmapped.mapping();
            assertThat(i915.shrinker().shrink(ShrinkFlags.UNLIMITED, ShrinkFlags.UNBOUND | ShrinkFlags.VMAPS))
                    .isEqualTo(5);
            assertThat(m.area().state()).isEqualTo(AreaState.LAZY);
            assertThat(vmapped.hasPages()).isFalse();
            assertThat(wc.hasPages()).isFalse();
            assertThat(direct.hasPages()).as("a direct-mapped page is not a vmalloc address").isTrue();
            assertThat(unmapped.hasPages()).isTrue();
        });
    }

    @Test
    void shrinkRejectsUndefinedFlagsAndNegativeTargets(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = Gem.unbound(d, 4);
            assertThatThrownBy(() -> i915.shrinker().shrink(1, 0x40)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0x40");
            assertThatThrownBy(() -> i915.shrinker().shrink(-1, ShrinkFlags.UNBOUND))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
            assertThat(o.hasPages()).isTrue();
        });
        assertThatThrownBy(() -> i915.shrinker().shrink(1, ShrinkFlags.UNBOUND))
                .as("i915_gem_shrink needs struct_mutex").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oomNotifierShrinksEverythingItCanAndAddsThePagesToTheEvent(InstalledI915 i915, Pressure pressure) {
        Device d = i915.device();
        Set set = locked(d, () -> Set.build(d));
        OomEvent event;
        try (LogCapture log = new LogCapture(GemShrinker.class)) {
            event = pressure.oomRound(100);
            assertThat(log.messages()).anyMatch(m -> m.contains("Purging GPU memory, " + (4 + 8 + 16 + 6) * 4096
                    + " bytes freed"));
        }
        assertThat(event.freed()).isEqualTo(4 + 8 + 16 + 6);
        assertThat(event.contributions()).containsOnlyKeys(GemShrinker.OOM_NOTIFIER);
        assertThat(set.pinMapped3.hasPages()).isTrue();
        assertThat(d.stats().freedByOom.sum()).isEqualTo(34);
        locked(d, () -> Gem.assertConsistent(d));
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, pagePoolPages = 64)
    void pageAllocationUnderStructMutexReclaimsThroughTheDriversOwnShrinkerByStealing(InstalledI915 i915, PagePool pool) {
        Device d = i915.device();
        locked(d, () -> {
            for (int i = 0; i < 6; i++) {
                GemObject o = Gem.cachedMap(d, 10, MapType.WB);
                d.madvise(o, Madv.DONTNEED);
            }
            assertThat(pool.freePages()).isEqualTo(4);
            GemObject big = d.createObject(16);
            Mapping m = d.pinMap(big, MapType.WB);
            assertThat(m.area().state()).isEqualTo(AreaState.LIVE);
            assertThat(big.pagesPinCount()).isEqualTo(1);
            d.unpinMap(big);
            Gem.assertConsistent(d);
        });
        assertThat(d.stats().freedByShrinker.sum()).isGreaterThanOrEqualTo(12);
        assertThat(d.stats().lockSteals.sum()).isPositive();
        assertThat(d.stats().objectsPurged.sum()).isPositive();
    }

    @Test
    void anUnbindWaitsForAnActiveObjectThenDropsItsBindingPin(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemContext ctx = Gem.context(d);
            GemObject o = Gem.boundActive(d, ctx, 4);
            assertThat(d.unbind(o.vma)).isTrue();
            assertThat(o.isActive()).isFalse();
            assertThat(o.pagesPinCount()).isZero();
            assertThat(d.unbind(ctx.ring.vma)).as("a pinned VMA refuses").isFalse();
            assertThat(List.of(d.unboundSnapshot())).contains(o);
            Gem.assertConsistent(d);
        });
    }
}
