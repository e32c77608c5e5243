package io.vmapkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapStats;
import java.util.List;
import org.junit.jupiter.api.Test;

@VmapKitTest(plugins = CachePlugin.class, settings = {"cache.areas=3", "cache.pages=20"})
class PressureTest {

    @Test
    void fillToReachesTheTargetOccupancyAndNoMore(Pressure pressure, VmapAllocator allocator) {
        long chunk = 16 * 1024;
        List<VmapArea> areas = pressure.fillTo(0.5, chunk);
        VmapStats s = allocator.stats();
        double occupancy = (double) (s.liveBytes() + s.lazyBytes()) / s.spaceBytes();
        assertThat(occupancy).isGreaterThanOrEqualTo(0.5).isLessThan(0.5 + (double) (chunk + 4096) / s.spaceBytes());
        assertThat(areas).isNotEmpty().allSatisfy(a -> assertThat(a.owner()).isEmpty());
        pressure.freeAll(areas);
        assertThat(allocator.stats().liveAreas()).isEqualTo(3);
        assertThatThrownBy(() -> pressure.fillTo(1.5, chunk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }

    @Test
    void fillUntilFullLeavesNoRoomForOneMore(Pressure pressure, VmapAllocator allocator) {
        long size = 3 * 4096;
        assertThat(pressure.nextAllocationWouldFail(size)).isFalse();
        pressure.fillUntilFull(size);
        assertThat(pressure.nextAllocationWouldFail(size)).isTrue();
        assertThat(allocator.snapshot().largestFree()).isLessThan(size + 4096);
    }

    @Test
    void aPurgeRoundShowsWhatThePluginFreedAndThatItGivesUpWhenEmpty(Pressure pressure, Cache cache) {
        VmapPurgeEvent first = pressure.purgeRound(8192);
        VmapAssertions.assertFreedAtLeast(first, "cache", 3);
        assertThat(first.freed()).isEqualTo(3);
        assertThat(cache.cachedAreas()).isZero();
        VmapPurgeEvent second = pressure.purgeRound();
        VmapAssertions.assertGaveUp(second, "cache");
        assertThatThrownBy(() -> VmapAssertions.assertFreedAtLeast(second, "cache", 1))
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected 'cache' to free at least 1, but it freed 0");
        assertThatThrownBy(() -> VmapAssertions.assertGaveUp(first, "cache"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("it freed 3");
    }

    @Test
    void shrinkSlabAtAPriorityDrivesThePluginsShrinker(Pressure pressure, PagePool pool, Cache cache,
            RecordingListener recorder) {
        long before = pool.freePages();
        long freed = pressure.shrinkSlab(0);
        assertThat(freed).isPositive();
        assertThat(pool.freePages()).isEqualTo(before + freed);
        assertThat(cache.cachedPages()).isEqualTo(20 - freed);
        VmapAssertions.assertThat(recorder).events().containsSubsequence(Events.shrinkStart("cache-pages", 0),
                Events.shrinkEndFreedAtLeast("cache-pages", freed));
    }

    @Test
    void anOomRoundCallsTheOomChain(Pressure pressure) {
        OomEvent ev = pressure.oomRound(4);
        assertThat(ev.requestedPages()).isEqualTo(4);
        assertThat(ev.freed()).isZero();
    }
}
