package io.vmapkit.plugins.generic.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.plugins.generic.GenericPlugin;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.VmapKitTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generic workloads in the testkit's system: a 4 MiB space (1024 pages) and a page pool of 1024
 * pages, one CPU (lazy_max_pages 8192, more than the space, so nothing is purged by the threshold).
 */
@VmapKitTest(plugins = GenericPlugin.class)
class GenericWorkloadsTest {

    private static Workload run(VmapSystem system, String name, long seed, Map<String, String> parameters) {
        Workload w = system.newWorkload(GenericPlugin.NAME, name, seed, parameters);
        while (w.step()) {
            // run to the end of its operations
        }
        return w;
    }

    /**
     * 15-page objects reserve 16 pages each with the guard page, so 1024 / 16 = 64 fit; the other 36
     * of 100 steps fail with EBUSY: nobody reclaims.
     */
    @Test
    void leakyCacheFillsTheSpaceAndThenFails(VmapSystem system, VmapAllocator allocator) {
        Workload w = run(system, "leaky-cache", 1, Map.of("operations", "100", "object-pages", "15"));

        assertThat(w.counters()).containsEntry("ops", 100L).containsEntry("cached", 64L)
                .containsEntry("cachedPages", 64L * 15).containsEntry("allocFailures", 36L);
        assertThat(allocator.stats().freeBytes()).isZero();
        w.finish();
        assertThat(allocator.stats().liveBytes()).isZero();
    }

    @Test
    void leakyCacheStopsAtMaxObjects(VmapSystem system) {
        Workload w = run(system, "leaky-cache", 1, Map.of("operations", "10", "max-objects", "3"));
        assertThat(w.counters()).containsEntry("cached", 3L).containsEntry("allocFailures", 0L);
    }

    /**
     * 64-page runs in a 1024-page pool with demand 1.25: lifetime ceil(1.25 * 1024 / 64) = 20 steps.
     * Steps 0-15 take the pool's 16 runs; 16-19 find it empty (no shrinker holds anything, so reclaim
     * frees nothing) and fail; step 20 returns step 0's run first and takes it again, and so on: each
     * 20 steps, 16 runs and 4 failures. Over 40 steps: 32 runs, 8 failures, 16 returned (those of
     * steps 0-15, at 20-35), 16 held.
     */
    @Test
    void pagePoolPressureRunsThePoolShortAndReclaims(VmapSystem system) {
        Workload w = run(system, "page-pool-pressure", 1, Map.of("operations", "40"));

        assertThat(w.counters()).containsEntry("runs", 32L).containsEntry("pageAllocFailures", 8L)
                .containsEntry("runFrees", 16L).containsEntry("runsLive", 16L).containsEntry("pagesLive", 1024L);
        assertThat(w.counters().get("reclaimPasses")).as("every failure ran reclaim").isGreaterThanOrEqualTo(8);
        assertThat(w.counters().get("oomRounds")).as("and then the OOM chain").isGreaterThanOrEqualTo(8);
        w.finish();
        assertThat(system.pagePool().freePages()).isEqualTo(1024);
    }

    /**
     * Same seed, same parameters, same starting state: the same counters, for every workload but
     * layout (tested apart). Between runs the workload's finish() and a purge return the system to
     * empty.
     */
    @Test
    void everyWorkloadIsDeterministic(VmapSystem system, VmapAllocator allocator) {
        for (String name : new String[] {"churn", "module-load", "ioremap", "page-pool-pressure", "leaky-cache"}) {
            Map<String, String> p = Map.of("operations", "3000");
            Workload a = run(system, name, 7, p);
            Map<String, Long> first = a.counters();
            a.finish();
            allocator.purgeLazy();
            Workload b = run(system, name, 7, p);
            assertThat(b.counters()).as(name + " with seed 7").isEqualTo(first);
            b.finish();
            allocator.purgeLazy();
            assertThat(first.get("ops")).as(name).isEqualTo(3000);
        }
    }

    /**
     * module-load with burst 2, period 10, lifetime 25, 3 to 3 core pages and 1 init page: loads at
     * steps 0, 1, 10, 11, 20, 21, 30, 31 (8 in 40 steps); each reserves 4 pages of core and 2 of init
     * (freed lazily at once). The module loaded at step s is unloaded at step s + 25: those of steps
     * 0, 1, 10, 11 by step 36, so 4 unloads and 4 live.
     */
    @Test
    void moduleLoadBurstsLoadKeepAndUnload(VmapSystem system, VmapAllocator allocator) {
        Workload w = run(system, "module-load", 3, Map.of("operations", "40", "burst", "2", "period", "10",
                "lifetime", "25", "core-pages-min", "3", "core-pages-max", "3", "init-pages-max", "1"));

        assertThat(w.counters()).containsEntry("loads", 8L).containsEntry("unloads", 4L)
                .containsEntry("modulesLive", 4L).containsEntry("loadFailures", 0L);
        assertThat(allocator.stats().liveBytes()).isEqualTo(4 * 4 * 4096L);
    }

    /**
     * ioremap with pages-min = pages-max = 64 (256 KiB, aligned to 256 KiB): the 4 MiB space at
     * 0x10000000 holds 4 MiB / 256 KiB = 16 aligned slots, but each mapping's guard page spills into
     * the next slot, so only every other slot is usable: 8 maps, and the 9th of a 10-map burst fails.
     */
    @Test
    void ioremapAlignsLikeTheKernelAndTheGuardPagesCostHalfTheSlots(VmapSystem system) {
        Workload w = run(system, "ioremap", 1, Map.of("operations", "10", "burst", "10", "period", "10",
                "pages-min", "64", "pages-max", "64", "hold", "1000"));

        assertThat(w.counters()).containsEntry("ioremaps", 8L).containsEntry("allocFailures", 2L)
                .containsEntry("mapsLive", 8L);
    }

    @Test
    void ioremapAlignmentFollowsTheKernelRule() {
        long page = 4096;
        long max = 512 << 10;
        assertThat(IoremapAlignment.of(page, page, max)).isEqualTo(page);
        assertThat(IoremapAlignment.of(3 * page, page, max)).as("rounded up to 4 pages").isEqualTo(4 * page);
        assertThat(IoremapAlignment.of(64 * page, page, max)).isEqualTo(64 * page);
        assertThat(IoremapAlignment.of(1000 * page, page, max)).as("capped at 512 KiB").isEqualTo(max);
    }

    /**
     * churn with the shipped snapshot: 322 busy areas in 17 caller groups (counted from the raw file:
     * the distinct third fields up to their '+', unpurged lines left out, with awk, sed, sort -u and
     * wc -l).
     */
    @Test
    void churnTakesItsMixFromTheFileGroupedByCaller(VmapSystem system) {
        Workload w = run(system, "churn", 1, Map.of("operations", "200", "lifetime", "10"));

        assertThat(w.counters()).containsEntry("callers", 17L);
        long allocs = w.counters().get("allocs");
        long failures = w.counters().get("allocFailures");
        assertThat(allocs + failures).as("one allocation attempt per step").isEqualTo(200);
        assertThat(w.counters().get("frees")).isEqualTo(allocs - w.counters().get("liveAreas"));
    }

    @Test
    void badParametersAreNamed(VmapSystem system) {
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "ioremap", 1, Map.of("pages-max", "100")))
                .hasMessage("workload 'ioremap' of plugin 'generic': parameter pages-max = '100': must be a power of two (a BAR's size)");
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "leaky-cache", 1, Map.of("object-page", "1")))
                .hasMessageContaining("unknown parameter 'object-page' (did you mean 'object-pages'?)");
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "page-pool-pressure", 1, Map.of("run-pages", "2000")))
                .hasMessage("workload 'page-pool-pressure': parameter run-pages = 2000: the pool has only 1024 pages");
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "churn", 1, Map.of("operations", "-1")))
                .hasMessage("workload 'churn' of plugin 'generic': parameter operations = '-1': must be at least 0");
    }
}
