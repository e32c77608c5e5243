package io.vmapkit.driver.i915;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.ManualClock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed's "64k question" (origin-intel-gfx-2016-02-23, docs/fidelity.md §10, §16): on 32-bit x86, does
 * caching vmaps pay, and what does it need? The default i915 workload and seed run on the x86_32
 * space (120 MiB, 4 CPUs so lazy_max_pages is 96 MiB, free-tree) under three policies side by side:
 *
 * <ul>
 *   <li>{@code no cache} — era pre-4.7: a vmap on every pin_map, a vunmap on every unpin;</li>
 *   <li>{@code cache} — the pin_map cache without the vmap purge notifier;</li>
 *   <li>{@code cache+notifier} — the pin_map cache with the notifier (the merged design).</li>
 * </ul>
 *
 * Expected, and asserted: the cache cuts vmap calls by at least 10x; without the notifier the cache
 * fills the space with mappings of idle buffers and execbufs fail with EBUSY although the pinned
 * working set is small; with the notifier nothing fails, the notifier ran and gave pages back.
 * The same comparison runs with the 4.9 notifier (idle wait, iomap unbinding). The figures are
 * printed as a table.
 */
class CacheVersusNotifierTest {

    /** The seed the cli uses by default. */
    static final long DEFAULT_SEED = 1;

    private static Map<String, Long> run(String era, boolean notifier) {
        return run(era, notifier, false);
    }

    private static Map<String, Long> run(String era, boolean notifier, boolean stopEarly) {
        I915Plugin i915 = new I915Plugin();
        try (VmapSystem s = VmapKit.builder().ignoreSystemProperties().clock(new ManualClock()).plugin(i915)
                .addressSpace(AddressSpace.x86_32()).ncpus(4).allocator("free-tree")
                .configure(c -> c.pluginSetting("i915", "era", era).pluginSetting("i915", "vmap-notifier", "" + notifier)
                        .pluginSetting("i915", "stop-early", "" + stopEarly))
                .start()) {
            assertThat(s.allocator().stats().lazyMaxPages()).isEqualTo(24576);
            Workload w = s.newWorkload(I915Plugin.NAME, I915Plugin.WORKLOAD, DEFAULT_SEED, Map.of());
            while (w.step()) {
                // the default run
            }
            Map<String, Long> c = new LinkedHashMap<>(w.counters());
            c.put("spacePages", s.space().pages());
            w.finish();
            return c;
        }
    }

    @ParameterizedTest(name = "notifier of era {0}")
    @ValueSource(strings = {"4.7", "4.9"})
    void theCacheCutsVmapsTenfoldAndOnlyTheNotifierKeepsItFromExhaustingTheSpace(String era) {
        Map<String, Long> noCache = run("pre-4.7", true);
        Map<String, Long> cache = run(era, false);
        Map<String, Long> cacheNotifier = run(era, true);
        print("era " + era, List.of("no cache (pre-4.7)", "cache (" + era + ", no notifier)",
                "cache+notifier (" + era + ")"), List.of(noCache, cache, cacheNotifier));

        long space = noCache.get("spacePages");
        long pinnedWorkingSet = Math.max(cache.get("pinnedVmapPagesPeak"), cacheNotifier.get("pinnedVmapPagesPeak"));
        assertThat(pinnedWorkingSet).as("the pinned working set fits the space with room to spare").isLessThan(space / 4);

        assertThat(noCache.get("allocFailures")).as("no cache: lazy vunmaps are purged, nothing fails").isZero();
        assertThat(noCache.get("vmaps")).isEqualTo(noCache.get("pinMapCalls"));

        assertThat(cache.get("vmaps") * 10).as("cache: at least 10x fewer vmaps than no cache")
                .isLessThanOrEqualTo(noCache.get("vmaps"));
        assertThat(cacheNotifier.get("vmaps") * 10).as("cache+notifier: at least 10x fewer vmaps than no cache")
                .isLessThanOrEqualTo(noCache.get("vmaps"));

        assertThat(cache.get("notifierRounds")).isZero();
        assertThat(cache.get("allocFailures")).as("cache without notifier: EBUSY").isPositive();
        assertThat(cache.get("execbufFailures") + cache.get("contextFailures") + cache.get("iomapFailures"))
                .isPositive();
        assertThat(cache.get("vmapPagesPeak") - pinnedWorkingSet)
                .as("what filled the space was cached mappings nobody had pinned").isGreaterThan(space * 9 / 10 - pinnedWorkingSet);

        assertThat(cacheNotifier.get("allocFailures")).as("cache+notifier: no EBUSY").isZero();
        assertThat(cacheNotifier.get("execbufFailures")).isZero();
        assertThat(cacheNotifier.get("notifierRounds")).isPositive();
        assertThat(cacheNotifier.get("freedByNotifier")).isPositive();
        assertThat(cacheNotifier.get("lockSteals")).as("the notifier ran inside i915's own pin_map").isPositive();
        assertThat(cacheNotifier.get("lockTimeouts")).isZero();
    }

    @org.junit.jupiter.api.Test
    void stopEarlyReleasesLessPerRoundSoFewerMappingsAreRebuilt() {
        Map<String, Long> kernel = run("4.7", true, false);
        Map<String, Long> stopEarly = run("4.7", true, true);
        print("stop-early", List.of("cache+notifier (4.7)", "cache+notifier, stop-early"), List.of(kernel, stopEarly));
        assertThat(stopEarly.get("allocFailures")).isZero();
        assertThat(stopEarly.get("notifierRounds")).as("more, smaller rounds").isGreaterThan(kernel.get("notifierRounds"));
        assertThat(stopEarly.get("freedByNotifier")).isLessThan(kernel.get("freedByNotifier"));
        assertThat(stopEarly.get("vmaps")).isLessThan(kernel.get("vmaps"));
    }

    private static void print(String title, List<String> labels, List<Map<String, Long>> runs) {
        List<String> rows = List.of("ops", "pinMapCalls", "vmaps", "vunmaps", "cacheHits", "allocFailures",
                "execbufFailures", "notifierRounds", "freedByNotifier", "iomaps", "iomapsUnbound", "lockSteals",
                "objectsCreated", "purgedReuses", "vmapPagesPeak", "pinnedVmapPagesPeak");
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%n%s: x86_32, ncpus 4, free-tree, default i915 workload, seed %d%n", title, DEFAULT_SEED));
        sb.append(String.format(Locale.ROOT, "%-22s", "counter"));
        labels.forEach(l -> sb.append(String.format(Locale.ROOT, "%30s", l)));
        sb.append('\n');
        for (String r : rows) {
            sb.append(String.format(Locale.ROOT, "%-22s", r));
            runs.forEach(c -> sb.append(String.format(Locale.ROOT, "%30d", c.get(r))));
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%-22s", "vmap cut vs first"));
        runs.forEach(c -> sb.append(String.format(Locale.ROOT, "%29.1fx", (double) runs.get(0).get("vmaps") / c.get("vmaps"))));
        System.out.println(sb);
    }
}
