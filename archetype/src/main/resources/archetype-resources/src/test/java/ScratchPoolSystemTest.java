package ${package};

import static io.vmapkit.testkit.VmapAssertions.assertFreedAtLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.testkit.Pressure;
import io.vmapkit.testkit.VmapKitTest;
import org.junit.jupiter.api.Test;

/**
 * The plugin installed in a real, small system: {@code @VmapKitTest} gives each test a fresh
 * started system (a 4 MiB space of 1024 pages, a page pool of 1024 pages, one CPU, a manual clock)
 * with the plugin installed, and injects its parts and the plugin's installation, the
 * {@link ScratchPool}.
 */
class ScratchPoolSystemTest {

    @Test
    @VmapKitTest(plugins = ScratchPoolPlugin.class, settings = "${pluginName}.warm-buffers=8")
    void underPagePressureTheShrinkerReleasesTheIdleBuffers(ScratchPool pool, PagePool pages, Pressure pressure) {
        assertEquals(8, pool.idleBuffers());
        assertEquals(1024 - 8 * 4, pages.freePages()); // 8 warm buffers of 4 pages

        pressure.reclaim(8); // shrink passes from priority 12 down until 8 objects are freed

        assertEquals(0, pool.idleBuffers());
        assertEquals(1024, pages.freePages());
        assertEquals(8, pool.released(ScratchPool.Reason.SHRINKER));
    }

    @Test
    @VmapKitTest(plugins = ScratchPoolPlugin.class)
    void whenTheVmapSpaceRunsOutThePurgeBlockReleasesTheIdleBuffers(ScratchPool pool, VmapAllocator allocator,
            Pressure pressure) {
        assertEquals(16, pool.idleBuffers()); // the default warm-buffers
        pressure.fillUntilFull(4096);

        // Fits only once the warm buffers' mappings are gone: 16 buffers of 4 pages and a guard page
        // each are 80 contiguous pages, taken at install in the empty space. The overflow path finds no
        // lazy area to purge, calls the chain, our block frees the 16 (lazily), the allocator purges
        // them and searches again: 12 pages and a guard fit in the 80.
        VmapArea area = allocator.allocate(12 * 4096);

        assertEquals(AreaState.LIVE, area.state());
        assertEquals(0, pool.idleBuffers());
        assertEquals(16, pool.released(ScratchPool.Reason.PURGE));
    }

    @Test
    @VmapKitTest(plugins = ScratchPoolPlugin.class, settings = "${pluginName}.warm-buffers=3")
    void aPurgeRoundIsCreditedToTheBlockByName(ScratchPool pool, Pressure pressure) {
        VmapPurgeEvent round = pressure.purgeRound();

        assertFreedAtLeast(round, ScratchPoolPlugin.NAME, 3);
        assertEquals(3L, round.contributions().get(ScratchPoolPlugin.NAME)); // exactly the 3 warm buffers
        assertEquals(0, pool.idleBuffers());
    }

    @Test
    @VmapKitTest(plugins = ScratchPoolPlugin.class, settings = {"${pluginName}.warm-buffers=0", "${pluginName}.max-idle=1"})
    void aGivenBackBufferIsReusedAndOneBeyondMaxIdleIsReleased(ScratchPool pool, VmapAllocator allocator) {
        Buffer a = pool.take();
        Buffer b = pool.take();
        pool.give(a); // kept: 0 idle < max-idle 1
        pool.give(b); // released: 1 idle is max-idle

        assertEquals(1, pool.idleBuffers());
        assertEquals(1, pool.released(ScratchPool.Reason.SURPLUS));
        assertEquals(AreaState.LAZY, b.mapping().state()); // unmapped lazily, as vunmap is
        assertEquals(a, pool.take()); // the idle one comes back
        assertEquals(AreaState.LIVE, a.mapping().state());
    }
}
