package io.vmapkit.driver.i915;

import static io.vmapkit.driver.i915.Gem.locked;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.testkit.VmapKitTest;
import org.junit.jupiter.api.Test;

/**
 * Rules of docs/fidelity.md §13 and §16 for i915 that had no test named after them; listed in
 * {@code docs/fidelity.md}.
 */
@VmapKitTest(plugins = I915Plugin.class)
class I915FidelityTest {

    private static final long PAGE = 4096;

    /**
     * §16: the workload's defaults are the kernel's and Mesa's sizes: an execlists ring of 4 pages
     * (16 KiB), a gen9 render context image of 22 pages (88 KiB), and Mesa i965's {@code BATCH_SZ}
     * of 32 KiB (8 pages) for a batch buffer.
     */
    @Test
    void workloadDefaultsAreAnExeclistsRingAGen9RenderImageAndMesasBatchSize() {
        WorkloadParameters p = WorkloadParameters.defaults();
        assertThat(p.ringPages() * PAGE).isEqualTo(16L << 10);
        assertThat(p.contextPages() * PAGE).isEqualTo(88L << 10);
        assertThat(p.batchPages() * PAGE).isEqualTo(32L << 10);
    }

    /**
     * §16, derived budget: with 4.7-style caching one render context (a 16 KiB ring and a gen9
     * render image, each {@code pin_map}ped with its guard page) holds 5 + 23 = 28 pages of vmap
     * space for as long as it lives.
     */
    @Test
    void oneRenderContextHolds28PagesOfVmapSpaceGuardPagesIncluded(InstalledI915 i915, VmapAllocator allocator) {
        Device d = i915.device();
        WorkloadParameters p = WorkloadParameters.defaults();
        long before = allocator.stats().liveBytes();

        GemContext ctx = locked(d, () -> d.createContext(p.ringPages(), p.contextPages(), p.ringBytesPerRequest()));

        assertThat(allocator.stats().liveBytes() - before).isEqualTo(28 * PAGE);
        assertThat(ctx.ring.mapping().area().reservedSize()).isEqualTo(5 * PAGE);
        assertThat(ctx.image.mapping().area().reservedSize()).isEqualTo(23 * PAGE);
    }

    /**
     * §13.3: {@code i915_gem_shrink} retires requests before its walk, so an object whose request
     * has completed but was not yet retired is no longer active and is shrunk without ACTIVE.
     */
    @Test
    void i915GemShrinkRetiresRequestsFirstSoACompletedObjectIsNoLongerActive(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemContext ctx = Gem.context(d);
            GemObject done = Gem.boundActive(d, ctx, 8);
            d.advanceGpu(2_000_000);
            assertThat(done.isActive()).as("completed, not yet retired").isTrue();

            long freed = i915.shrinker().shrink(ShrinkFlags.UNLIMITED, ShrinkFlags.BOUND);

            assertThat(freed).isEqualTo(8);
            assertThat(done.isActive()).isFalse();
            assertThat(done.hasPages()).isFalse();
            assertThat(ctx.ring.hasPages()).as("the pinned context keeps its pages").isTrue();
            Gem.assertConsistent(d);
        });
    }
}
