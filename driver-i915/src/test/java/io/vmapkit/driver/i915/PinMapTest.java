package io.vmapkit.driver.i915;

import static io.vmapkit.driver.i915.Gem.locked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import io.vmapkit.api.VmapException;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.testkit.Pressure;
import io.vmapkit.testkit.RecordingListener;
import io.vmapkit.testkit.VmapEvent;
import io.vmapkit.testkit.VmapKitTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pin_map / unpin_map, put_pages and madvise: docs/fidelity.md §11.3 and §14. */
@VmapKitTest(plugins = I915Plugin.class)
class PinMapTest {

    private static final long PAGE = 4096;

    @Test
    void mappingAnObjectWhosePagesAreNotPinnedIsAModelError(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject noPages = d.createObject(4);
            assertThatThrownBy(() -> d.createMapping(noPages, MapType.WB))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not pinned");
            GemObject unpinned = Gem.unbound(d, 4);
            assertThatThrownBy(() -> d.createMapping(unpinned, MapType.WB))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("must pin the pages before");
            assertThat(d.stats().vmaps.sum()).isZero();
        });
    }

    @Test
    void pinMapPinsThePagesBeforeItMaps(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = d.createObject(4);
            Mapping m = d.pinMap(o, MapType.WB);
            assertThat(o.hasPages()).isTrue();
            assertThat(o.pagesPinCount()).isEqualTo(1);
            assertThat(m.isVmap()).isTrue();
            assertThat(m.area().size()).isEqualTo(4 * PAGE);
            assertThat(m.area().reservedSize()).as("vmap adds a guard page").isEqualTo(5 * PAGE);
            d.unpinMap(o);
            assertThat(o.pagesPinCount()).isZero();
            Gem.assertConsistent(d);
        });
    }

    /**
     * Objects of one size share one vmap request, which names the driver's plugin as owner (so its
     * context passes it on without a copy); the allocator sees it resolved to the whole space.
     */
    @Test
    void vmapsOfObjectsOfOneSizeShareOneRequestNamingThePlugin(InstalledI915 i915, RecordingListener events,
            VmapAllocator allocator) {
        Device d = i915.device();
        locked(d, () -> {
            VmapRequest eight = d.vmapRequest(8);
            assertThat(d.vmapRequest(8)).isSameAs(eight);
            assertThat(eight.size()).isEqualTo(8 * PAGE);
            assertThat(eight.owner()).contains(I915Plugin.NAME);
            assertThat(eight.hasWindow()).as("vmap asks for the whole space, as VmapRequest.of did").isFalse();
            assertThat(d.vmapRequest(6)).isEqualTo(VmapRequest.builder(6 * PAGE).owner(I915Plugin.NAME).build());
            int big = Device.MAX_REUSED_REQUEST_PAGES + 1;
            assertThat(d.vmapRequest(big)).as("beyond the reuse limit: a new, equal request")
                    .isNotSameAs(d.vmapRequest(big)).isEqualTo(d.vmapRequest(big));

            GemObject a = d.createObject(8);
            GemObject b = d.createObject(8);
            events.clear();
            d.pinMap(a, MapType.WB);
            d.pinMap(b, MapType.WB);
            List<VmapEvent.VmapSearch> searches = events.events(VmapEvent.VmapSearch.class);
            assertThat(searches).hasSize(2);
            VmapRequest resolved = VmapRequest.builder(8 * PAGE).window(allocator.space().start(), allocator.space().end())
                    .owner(I915Plugin.NAME).build();
            assertThat(searches).allSatisfy(s -> assertThat(s.request()).isEqualTo(resolved));
            d.unpinMap(a);
            d.unpinMap(b);
            Gem.assertConsistent(d);
        });
    }

    @Test
    void pinMapCachesTheMappingUntilThePagesAreReleased(InstalledI915 i915, VmapAllocator allocator) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = d.createObject(8);
            Mapping first = d.pinMap(o, MapType.WB);
            d.unpinMap(o);
            assertThat(o.mapping()).as("unpin_map only unpins").isSameAs(first);
            assertThat(first.area().state()).isEqualTo(AreaState.LIVE);
            Mapping second = d.pinMap(o, MapType.WB);
            assertThat(second).isSameAs(first);
            d.unpinMap(o);
            assertThat(d.stats().cacheHits.sum()).isEqualTo(1);
            assertThat(d.stats().vmaps.sum()).isEqualTo(1);
            assertThat(d.putPages(o)).isEqualTo(Device.PutPages.RELEASED);
            assertThat(o.mapping()).isNull();
            assertThat(first.area().state()).as("put_pages frees the mapping lazily").isEqualTo(AreaState.LAZY);
            assertThat(d.stats().vunmaps.sum()).isEqualTo(1);
            assertThat(allocator.stats().lazyAreas()).isEqualTo(1);
            Gem.assertConsistent(d);
        });
    }

    @Test
    void singlePageWbObjectsUseTheDirectMapAndTakeNoVmapSpace(InstalledI915 i915, VmapAllocator allocator) {
        Device d = i915.device();
        VmapStats before = allocator.stats();
        locked(d, () -> {
            GemObject o = d.createObject(1);
            Mapping m = d.pinMap(o, MapType.WB);
            assertThat(m.isVmap()).isFalse();
            d.unpinMap(o);
            assertThat(d.pinMap(o, MapType.WB)).as("the direct map is cached too").isSameAs(m);
            d.unpinMap(o);
            assertThat(d.putPages(o)).isEqualTo(Device.PutPages.RELEASED);
        });
        VmapStats after = allocator.stats();
        assertThat(after.allocations()).isEqualTo(before.allocations());
        assertThat(after.liveBytes() + after.lazyBytes()).isEqualTo(before.liveBytes() + before.lazyBytes());
        assertThat(d.stats().directMaps.sum()).isEqualTo(1);
        assertThat(d.stats().vmaps.sum()).isZero();
    }

    @Test
    void singlePageWcObjectsAreVmapped(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = d.createObject(1);
            Mapping m = d.pinMap(o, MapType.WC);
            assertThat(m.isVmap()).isTrue();
            assertThat(m.area().reservedSize()).isEqualTo(2 * PAGE);
            d.unpinMap(o);
        });
    }

    @Test
    void aCachedMappingOfTheOtherTypeIsReplacedWhenNobodyElseHoldsAPin(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = Gem.cachedMap(d, 4, MapType.WB);
            Mapping wb = o.mapping();
            Mapping wc = d.pinMap(o, MapType.WC);
            assertThat(wc.type()).isEqualTo(MapType.WC);
            assertThat(wc.area()).isNotSameAs(wb.area());
            assertThat(wb.area().state()).isEqualTo(AreaState.LAZY);
            assertThat(o.mapping()).isSameAs(wc);
            d.unpinMap(o);
            assertThat(d.stats().vunmaps.sum()).isEqualTo(1);
            Gem.assertConsistent(d);
        });
    }

    @Test
    void aCachedMappingOfTheOtherTypeFailsWithEbusyWhileAnotherPinHoldsIt(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = d.createObject(4);
            Mapping wb = d.pinMap(o, MapType.WB);
            assertThatThrownBy(() -> d.pinMap(o, MapType.WC))
                    .isInstanceOfSatisfying(VmapException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY))
                    .hasMessageContaining("WB");
            assertThat(o.pagesPinCount()).as("the failed pin is undone").isEqualTo(1);
            assertThat(o.mapping()).isSameAs(wb);
            assertThat(wb.area().state()).isEqualTo(AreaState.LIVE);
            assertThat(d.stats().mapTypeClashes.sum()).isEqualTo(1);
            d.unpinMap(o);
            Gem.assertConsistent(d);
        });
    }

    @Test
    void aBindingCountsAsAnotherPinForTheTypeClash(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = Gem.cachedMap(d, 4, MapType.WB);
            d.bind(o);
            assertThatThrownBy(() -> d.pinMap(o, MapType.WC)).isInstanceOf(VmapException.class);
            assertThat(o.pagesPinCount()).isEqualTo(1);
            Gem.assertConsistent(d);
        });
    }

    @Test
    void putPagesRefusesWhileThePagesArePinned(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = d.createObject(4);
            Mapping m = d.pinMap(o, MapType.WB);
            assertThat(d.putPages(o)).isEqualTo(Device.PutPages.BUSY);
            assertThat(o.hasPages()).isTrue();
            assertThat(o.mapping()).isSameAs(m);
            assertThat(m.area().state()).isEqualTo(AreaState.LIVE);
            d.unpinMap(o);
            GemObject bound = Gem.boundInactive(d, 2);
            assertThat(d.putPages(bound)).as("a binding pins the pages").isEqualTo(Device.PutPages.BUSY);
            assertThat(d.putPages(d.createObject(2))).isEqualTo(Device.PutPages.NO_PAGES);
        });
    }

    @Test
    void putPagesOfADontneedObjectDiscardsItsContents(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = Gem.cachedMap(d, 4, MapType.WB);
            assertThat(d.madvise(o, Madv.DONTNEED)).isTrue();
            assertThat(d.putPages(o)).isEqualTo(Device.PutPages.RELEASED);
            assertThat(o.madv()).isEqualTo(Madv.PURGED);
            assertThat(d.madvise(o, Madv.WILLNEED)).as("a purged object stays purged").isFalse();
            assertThatThrownBy(() -> d.pinMap(o, MapType.WB)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("purgeable");
            assertThat(o.pagesPinCount()).isZero();
            GemObject empty = d.createObject(2);
            assertThat(d.madvise(empty, Madv.DONTNEED)).as("DONTNEED without pages purges at once").isFalse();
            assertThatThrownBy(() -> d.madvise(empty, Madv.PURGED)).isInstanceOf(IllegalArgumentException.class);
            Gem.assertConsistent(d);
        });
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.era=pre-4.7")
    void beforeFourSevenEveryPinMapVmapsAndEveryUnpinVunmaps(InstalledI915 i915, VmapAllocator allocator) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = d.createObject(4);
            for (int i = 0; i < 3; i++) {
                Mapping m = d.pinMap(o, MapType.WB);
                assertThat(m.area().state()).isEqualTo(AreaState.LIVE);
                d.unpinMap(o);
                assertThat(m.area().state()).isEqualTo(AreaState.LAZY);
                assertThat(o.mapping()).isNull();
            }
            Mapping a = d.pinMap(o, MapType.WB);
            Mapping b = d.pinMap(o, MapType.WB);
            assertThat(b.area()).as("two pins, two vmaps").isNotSameAs(a.area());
            d.unpinMap(o);
            d.unpinMap(o);
            Gem.assertConsistent(d);
        });
        assertThat(d.stats().vmaps.sum()).isEqualTo(5);
        assertThat(d.stats().vunmaps.sum()).isEqualTo(5);
        assertThat(d.stats().cacheHits.sum()).isZero();
        assertThat(allocator.stats().liveAreas()).isZero();
    }

    @Test
    void pinMapRequiresStructMutex(InstalledI915 i915) {
        Device d = i915.device();
        GemObject o = locked(d, () -> d.createObject(2));
        assertThatThrownBy(() -> d.pinMap(o, MapType.WB)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("requires struct_mutex");
        assertThatThrownBy(() -> d.unpinMap(o)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unpinMapWithoutPinMapIsAModelError(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = Gem.cachedMap(d, 2, MapType.WB);
            assertThatThrownBy(() -> d.unpinMap(o)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without a pin_map");
            assertThat(o.pagesPinCount()).isZero();
        });
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.vmap-notifier=false")
    void aFailedVmapUndoesThePinAndCountsTheFailure(InstalledI915 i915, Pressure pressure) {
        Device d = i915.device();
        pressure.fillUntilFull(8 * PAGE);
        locked(d, () -> {
            GemObject o = d.createObject(8);
            assertThatThrownBy(() -> d.pinMap(o, MapType.WB)).isInstanceOfSatisfying(VmapException.class, e -> {
                assertThat(e.errno()).as("the kernel's pin_map: vmap() returned NULL, so -ENOMEM").isEqualTo(Errno.ENOMEM);
                assertThat(e.getCause()).isInstanceOfSatisfying(VmapAllocationException.class,
                        c -> assertThat(c.errno()).as("what the allocator said").isEqualTo(Errno.EBUSY));
            });
            assertThat(o.pagesPinCount()).isZero();
            assertThat(o.mapping()).isNull();
            assertThat(o.hasPages()).as("the pages stay; only the pin is undone").isTrue();
            Gem.assertConsistent(d);
        });
        assertThat(d.stats().allocFailures.sum()).as("the allocator's EBUSY is what allocFailures counts").isEqualTo(1);
        assertThat(d.stats().vmaps.sum()).isZero();
    }

    /** docs/fidelity.md §14.1 (4.7): a mapping failure unpins and returns {@code -ENOMEM}. */
    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.vmap-notifier=false")
    void pinMapTurnsAFailedVmapIntoEnomemAfterUndoingThePin(InstalledI915 i915, Pressure pressure,
            VmapAllocator allocator) {
        Device d = i915.device();
        pressure.fillUntilFull(8 * PAGE);
        GemObject o = locked(d, () -> {
            GemObject obj = d.createObject(8);
            d.getPages(obj);
            return obj;
        });
        PageRun pages = o.pages;
        VmapStats before = allocator.stats();
        long pinMapsBefore = d.stats().pinMapCalls.sum();
        locked(d, () -> {
            assertThatThrownBy(() -> d.pinMap(o, MapType.WB))
                    .isExactlyInstanceOf(VmapException.class)
                    .hasMessageContaining("pin_map(WB)").hasMessageContaining("vmap of 8 pages failed")
                    .satisfies(e -> {
                        assertThat(((VmapException) e).errno()).isEqualTo(Errno.ENOMEM);
                        assertThat(e.getCause()).isInstanceOfSatisfying(VmapAllocationException.class, c -> {
                            assertThat(c.errno()).isEqualTo(Errno.EBUSY);
                            assertThat(c.request().size()).isEqualTo(8 * PAGE);
                        });
                    });
            assertThat(o.pagesPinCount()).as("the pin is undone").isZero();
            assertThat(o.mapping()).as("no mapping is cached").isNull();
            assertThat(o.pages).as("the pages are kept").isSameAs(pages);
            Gem.assertConsistent(d);
        });
        VmapStats after = allocator.stats();
        assertThat(after.liveBytes()).as("nothing was mapped").isEqualTo(before.liveBytes());
        assertThat(after.allocations()).isEqualTo(before.allocations());
        assertThat(after.allocationFailures()).isEqualTo(before.allocationFailures() + 1);
        assertThat(d.stats().pinMapCalls.sum()).isEqualTo(pinMapsBefore + 1);
        assertThat(d.stats().vmaps.sum()).isZero();
        assertThat(d.stats().pinnedVmapPagesPeak.get()).isZero();
    }

    @Test
    void closingAnActiveObjectDefersTheFreeUntilItsRequestRetires(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemContext ctx = Gem.context(d);
            GemObject o = Gem.cachedMap(d, 4, MapType.WB);
            d.bind(o);
            d.submit(ctx, java.util.List.of(o), 10);
            Mapping m = o.mapping();
            d.close(o);
            assertThat(o.isFreed()).isFalse();
            assertThat(m.area().state()).isEqualTo(AreaState.LIVE);
            d.advanceGpu(10);
            assertThat(o.isFreed()).as("completion is not retirement").isFalse();
            d.retireRequests();
            assertThat(o.isFreed()).isTrue();
            assertThat(m.area().state()).isEqualTo(AreaState.LAZY);
            assertThatThrownBy(() -> d.pinMap(o, MapType.WB)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("freed");
            Gem.assertConsistent(d);
        });
    }

    @Test
    void badSizesAndAdvicesAreRejectedByValueAndChangeNothing(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemObject o = Gem.cachedMap(d, 4, MapType.WB);
            var objects = d.objects();
            var stats = d.stats().snapshot();
            assertThatThrownBy(() -> d.createObject(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0 pages");
            assertThatThrownBy(() -> d.createObject(1 << 20)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(1 << 20));
            assertThatThrownBy(() -> d.advanceGpu(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1");
            assertThatThrownBy(() -> d.madvise(o, Madv.PURGED)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PURGED");
            assertThat(d.objects()).isEqualTo(objects);
            assertThat(d.stats().snapshot()).isEqualTo(stats);
            assertThat(o.madv()).isEqualTo(Madv.WILLNEED);
            Gem.assertConsistent(d);
        });
    }
}
