package io.vmapkit.driver.i915;

import static io.vmapkit.driver.i915.Gem.locked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vmapkit.api.Errno;
import io.vmapkit.api.VmapException;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.ManualClock;
import io.vmapkit.testkit.Pressure;
import io.vmapkit.testkit.VmapKitTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vmap purge notifier, docs/fidelity.md §9–§11: what it releases by era, add-only freed, the 4.9
 * idle wait and iomap walk, the stop-early improvement, and deadlock freedom when i915's own vmap
 * triggers it under struct_mutex.
 */
@VmapKitTest(plugins = I915Plugin.class)
class VmapNotifierTest {

    private static final long PAGE = 4096;

    /** What a 4.7 round must and must not release. */
    private static final class Set {
        GemContext ctx;
        GemObject cachedUnbound4;
        GemObject cachedBoundInactive8;
        GemObject cachedBoundActive16;
        GemObject pinMapped3;
        GemObject directMapped1;
        GemObject unmapped5;

        static Set build(Device d) {
            Set s = new Set();
            s.ctx = Gem.context(d);
            s.cachedUnbound4 = Gem.cachedMap(d, 4, MapType.WB);
            s.cachedBoundInactive8 = Gem.cachedMap(d, 8, MapType.WB);
            d.bind(s.cachedBoundInactive8);
            s.cachedBoundActive16 = Gem.cachedMap(d, 16, MapType.WB);
            d.bind(s.cachedBoundActive16);
            d.submit(s.ctx, List.of(s.cachedBoundActive16), 1_000_000);
            s.pinMapped3 = d.createObject(3);
            d.pinMap(s.pinMapped3, MapType.WB);
            s.directMapped1 = Gem.cachedMap(d, 1, MapType.WB);
            s.unmapped5 = Gem.unbound(d, 5);
            return s;
        }
    }

    /** Caches WB mappings of 8-page objects until the next one would not fit. */
    private static List<GemObject> fillWithCachedMappings(Device d, VmapAllocator allocator) {
        List<GemObject> cached = new ArrayList<>();
        while (allocator.stats().largestFreeBlock() >= 2 * 9 * PAGE) {
            cached.add(Gem.cachedMap(d, 8, MapType.WB));
        }
        while (allocator.stats().largestFreeBlock() >= 9 * PAGE) {
            cached.add(Gem.cachedMap(d, 8, MapType.WB));
        }
        return cached;
    }

    @Test
    void vmapNotifierReleasesEveryCachedVmapOfAnUnpinnedObject(InstalledI915 i915, Pressure pressure) {
        Device d = i915.device();
        Set set = locked(d, () -> Set.build(d));
        Mapping active = set.cachedBoundActive16.mapping();
        VmapPurgeEvent event = pressure.purgeRound();
        assertThat(event.freed()).as("4 + 8 + 16 (active, after waiting)").isEqualTo(28);
        assertThat(active.area().state()).isEqualTo(AreaState.LAZY);
        assertThat(set.cachedBoundActive16.isActive()).isFalse();
        assertThat(set.pinMapped3.mapping().area().state()).isEqualTo(AreaState.LIVE);
        assertThat(set.directMapped1.hasPages()).isTrue();
        assertThat(set.unmapped5.hasPages()).isTrue();
        assertThat(set.ctx.image.mapping().area().state()).isEqualTo(AreaState.LIVE);
        assertThat(d.stats().freedByNotifier.sum()).isEqualTo(28);
        assertThat(d.structMutex().isLocked()).isFalse();
        locked(d, () -> Gem.assertConsistent(d));
    }

    @Test
    void vmapNotifierAddsToFreedAndNeverOverwritesIt(InstalledI915 i915, VmapSystem system) {
        Device d = i915.device();
        locked(d, () -> Set.build(d));
        VmapPurgeEvent event = VmapPurgeEvent.of(system.space(), PAGE, 1); // needs PAGE + a guard page
        event.add(1000);
        system.purgeChain().call(VmapPurgeEvent.ACTION, event);
        assertThat(event.freed()).isEqualTo(1028);
        assertThat(event.contributions()).containsEntry(GemShrinker.VMAP_NOTIFIER, 28L);
        VmapPurgeEvent again = VmapPurgeEvent.of(system.space(), PAGE, 2);
        again.add(5);
        system.purgeChain().call(VmapPurgeEvent.ACTION, again);
        assertThat(again.freed()).as("nothing left: adds nothing, keeps what others added").isEqualTo(5);
        assertThat(again.contributions()).doesNotContainKey(GemShrinker.VMAP_NOTIFIER);
    }

    @Test
    void vmapNotifierIsRegisteredAtInstall(NotifierChain<VmapPurgeEvent> purgeChain) {
        assertThat(purgeChain.blocks()).extracting(b -> b.name()).containsExactly(GemShrinker.VMAP_NOTIFIER);
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.vmap-notifier=false")
    void cacheWithoutNotifierRegistersNoVmapNotifier(NotifierChain<VmapPurgeEvent> purgeChain) {
        assertThat(purgeChain.isEmpty()).isTrue();
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.era=pre-4.7")
    void beforeFourSevenThereIsNoVmapNotifier(NotifierChain<VmapPurgeEvent> purgeChain) {
        assertThat(purgeChain.isEmpty()).isTrue();
    }

    @Test
    void fourSevenHasNoVmaIomaps(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            Vma vma = d.bind(d.createObject(16));
            assertThatThrownBy(() -> d.pinIomap(vma)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("4.8");
            assertThat(vma.pinCount).isZero();
        });
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.era=4.9")
    void fourNineNotifierWaitsForIdleThenUnbindsInactiveIomapVmasAddingTheirPages(InstalledI915 i915, Pressure pressure,
            VmapAllocator allocator) {
        Device d = i915.device();
        GemObject[] objs = locked(d, () -> {
            GemContext ctx = Gem.context(d);
            GemObject free16 = d.createObject(16);
            d.pinIomap(d.bind(free16));
            d.unpinIomap(free16.vma);
            GemObject pinned32 = d.createObject(32);
            d.pinIomap(d.bind(pinned32));
            GemObject busy8 = d.createObject(8);
            d.pinIomap(d.bind(busy8));
            d.unpinIomap(busy8.vma);
            d.submit(ctx, List.of(busy8), 1_000_000);
            GemObject mapped4 = Gem.cachedMap(d, 4, MapType.WB);
            return new GemObject[] {free16, pinned32, busy8, mapped4};
        });
        VmapArea iomap16 = objs[0].vma.iomap;
        VmapArea iomap32 = objs[1].vma.iomap;
        assertThat(iomap16.size()).isEqualTo(16 * PAGE);
        assertThat(iomap16.start() % (16 * PAGE)).as("ioremap alignment: the size's order").isZero();
        VmapPurgeEvent event = pressure.purgeRound();
        assertThat(event.freed()).as("4 (vmap) + 16 + 8 (iomaps, the busy one after idling)").isEqualTo(28);
        assertThat(d.gpuQueued()).as("waited for idle").isZero();
        assertThat(iomap16.state()).isEqualTo(AreaState.LAZY);
        assertThat(objs[0].bindCount()).isZero();
        assertThat(objs[0].hasPages()).as("unbinding keeps the pages").isTrue();
        assertThat(iomap32.state()).as("a pinned iomap stays").isEqualTo(AreaState.LIVE);
        assertThat(objs[2].vma.iomap).isNull();
        assertThat(d.stats().iomapsUnbound.sum()).isEqualTo(2);
        assertThat(allocator.stats().liveAreas()).as("the context image + the pinned iomap (a 1-page ring is direct-mapped)")
                .isEqualTo(2);
        locked(d, () -> Gem.assertConsistent(d));
    }

    @Test
    void withoutStopEarlyTheNotifierReleasesEveryCachedVmap(InstalledI915 i915, Pressure pressure, VmapAllocator allocator) {
        Device d = i915.device();
        List<GemObject> cached = locked(d, () -> fillWithCachedMappings(d, allocator));
        VmapPurgeEvent event = pressure.purgeRound(16 * PAGE);
        assertThat(event.freed()).isEqualTo(8L * cached.size());
        assertThat(cached).noneMatch(GemObject::hasPages);
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.stop-early=true")
    void stopEarlyStopsOnceTheFailingRequestCouldFitAfterThePurge(InstalledI915 i915, VmapAllocator allocator) {
        Device d = i915.device();
        List<GemObject> cached = locked(d, () -> fillWithCachedMappings(d, allocator));
        assertThat(cached.size()).isGreaterThan(100);
        long vmapsBefore = allocator.stats().notifierRounds();
        VmapArea area = allocator.allocate(16 * PAGE);
        assertThat(area.size()).isEqualTo(16 * PAGE);
        assertThat(allocator.stats().notifierRounds() - vmapsBefore).isEqualTo(1);
        long released = cached.stream().filter(o -> !o.hasPages()).count();
        assertThat(released).as("17 contiguous pages need at most two adjacent 9-page areas").isBetween(1L, 2L);
        assertThat(d.stats().freedByNotifier.sum()).isEqualTo(8 * released);
        allocator.free(area);
    }

    @Test
    void aThreadHoldingStructMutexWhosePinMapTriggersTheNotifierStealsTheLockAndKeepsItsObject(InstalledI915 i915,
            VmapAllocator allocator, ManualClock clock) {
        Device d = i915.device();
        List<GemObject> cached = locked(d, () -> fillWithCachedMappings(d, allocator));
        long t0 = clock.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            d.structMutex().lock();
            try {
                GemObject x = Gem.unbound(d, 8);
                PageRun pages = x.pages;
                Mapping m = d.pinMap(x, MapType.WB);
                assertThat(m.area().state()).isEqualTo(AreaState.LIVE);
                assertThat(x.pages).as("the object being mapped keeps its pages").isSameAs(pages);
                assertThat(pages.isFreed()).isFalse();
                assertThat(x.pagesPinCount()).isEqualTo(1);
                assertThat(d.structMutex().isHeldByCurrentThread()).isTrue();
                d.unpinMap(x);
                Gem.assertConsistent(d);
            } finally {
                d.structMutex().unlock();
            }
        });
        assertThat(d.stats().notifierRounds.sum()).isEqualTo(1);
        assertThat(d.stats().lockSteals.sum()).isEqualTo(1);
        assertThat(d.stats().lockTimeouts.sum()).isZero();
        assertThat(clock.nanoTime()).as("no retry: the steal succeeds at once").isEqualTo(t0);
        assertThat(cached).noneMatch(GemObject::hasPages);
        assertThat(d.stats().allocFailures.sum()).isZero();
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.era=4.9")
    void fourNineNotifierTriggeredByPinMapUnbindsTheMappedObjectsIomapButKeepsItsPagesAndMapping(InstalledI915 i915,
            VmapAllocator allocator) {
        Device d = i915.device();
        GemObject x = locked(d, () -> {
            GemObject o = d.createObject(8);
            d.pinIomap(d.bind(o));
            d.unpinIomap(o.vma);
            return o;
        });
        locked(d, () -> fillWithCachedMappings(d, allocator));
        locked(d, () -> {
            PageRun pages = x.pages;
            Mapping m = d.pinMap(x, MapType.WB);
            assertThat(d.stats().notifierRounds.sum()).isEqualTo(1);
            assertThat(x.vma.iomap).as("the iomap walk may unbind it").isNull();
            assertThat(x.pages).isSameAs(pages);
            assertThat(x.mapping()).isSameAs(m);
            assertThat(m.area().state()).isEqualTo(AreaState.LIVE);
            assertThat(x.pagesPinCount()).as("only the pin_map's pin is left").isEqualTo(1);
            d.unpinMap(x);
            Gem.assertConsistent(d);
        });
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.owner-tracking=false")
    void withoutOwnerTrackingPinMapUnderStructMutexCanOnlyFailAfterTheNotifierTimesOut(InstalledI915 i915,
            VmapAllocator allocator, ManualClock clock) {
        Device d = i915.device();
        locked(d, () -> fillWithCachedMappings(d, allocator));
        long t0 = clock.nanoTime();
        locked(d, () -> {
            GemObject x = d.createObject(8);
            assertThatThrownBy(() -> d.pinMap(x, MapType.WB))
                    .isInstanceOfSatisfying(VmapException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM))
                    .hasCauseInstanceOf(VmapAllocationException.class);
            assertThat(x.pagesPinCount()).isZero();
        });
        assertThat(clock.nanoTime() - t0).isGreaterThan(5_000_000_000L);
        assertThat(d.stats().allocFailures.sum()).isEqualTo(1);
        assertThat(d.stats().lockTimeouts.sum()).isEqualTo(1);
    }
}
