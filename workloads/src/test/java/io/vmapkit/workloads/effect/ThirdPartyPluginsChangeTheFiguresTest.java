package io.vmapkit.workloads.effect;

import static io.vmapkit.workloads.effect.GenericRuns.account;
import static io.vmapkit.workloads.effect.GenericRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.workloads.figures.RunFigures;
import io.vmapkit.workloads.figures.RunRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A purge-notifier plugin and a shrinker plugin written from the guide change the outcome of a
 * generic workload, in the direction and by the amount derived by hand below. The space is 1024
 * pages, the page pool 1024 pages (see {@link GenericRuns}).
 */
class ThirdPartyPluginsChangeTheFiguresTest {

    private static final long PAGE = 4096;

    /**
     * leaky-cache, 100 steps of 16-page objects (17 pages with the guard page).
     * <ul>
     *   <li>Alone: 1024 / 17 = 60 objects fit (1020 pages, 4 left), the other 40 steps fail: 40 EBUSY;
     *       peak live 1020 pages; largest free block 4 pages.</li>
     *   <li>With cached-mappings holding 8 idle 16-page mappings and <b>no</b> notifier
     *       ({@code release=false}): they take 8 * 17 = 136 pages, so (1024 - 136) / 17 = 52 objects fit:
     *       48 EBUSY, 8 more (136 / 17) than alone.</li>
     *   <li>With its notifier: the 53rd object's allocation fails, the block releases all 8 (adds 8,
     *       its unit being mappings), the allocator purges them and retries; the 136 freed pages hold
     *       exactly 8 objects: 60 objects again, 40 EBUSY, and freed by notifier 8.</li>
     * </ul>
     */
    @Test
    void aPurgeNotifierPluginGivesTheSpaceBackUnderTheLeakyCache() {
        RunFigures alone = run("leaky-cache", 100, Map.of()).figures();
        RunFigures holding = run("leaky-cache", 100, Map.of("vmapkit.plugin.cached-mappings.release", "false"),
                CachedMappingsPlugin.NAME).figures();
        RunRecord withNotifier = run("leaky-cache", 100, Map.of(), CachedMappingsPlugin.NAME);
        RunFigures notifying = withNotifier.figures();

        assertThat(alone.allocFailures()).isEqualTo(40);
        assertThat(alone.peakLiveBytes()).isEqualTo(1020 * PAGE);
        assertThat(alone.largestFreeBlock()).isEqualTo(4 * PAGE);
        assertThat(alone.freedByNotifier()).isZero();

        assertThat(holding.allocFailures()).as("8 more EBUSY: 136 pages held / 17 per object").isEqualTo(48);
        assertThat(holding.freedByNotifier()).isZero();

        assertThat(notifying.allocFailures()).as("the notifier gives all 136 pages back").isEqualTo(40);
        assertThat(notifying.allocFailures()).isLessThan(holding.allocFailures());
        assertThat(notifying.freedByNotifier()).isEqualTo(8);
        assertThat(notifying.counters()).containsEntry("cached", 60L);
        assertThat(account(withNotifier, CachedMappingsPlugin.NAME).notifierFreed()).isEqualTo(8);
        assertThat(account(withNotifier, CachedMappingsPlugin.NAME).unborneClaims()).as("it really freed").isZero();
        assertThat(account(withNotifier, CachedMappingsPlugin.NAME).notifierCalls())
                .as("called in every failing allocation's round: the first frees, the 40 later ones find nothing")
                .isEqualTo(41);
    }

    /**
     * page-pool-pressure, 40 steps of 64-page runs held 20 steps (ceil(1.25 * 1024 / 64)).
     * <ul>
     *   <li>Alone: the pool holds 16 runs; steps 16-19 and 36-39 fail: 8 ENOMEM.</li>
     *   <li>With page-cache holding 4 idle 64-page runs and no shrinker: 768 pages, 12 runs; steps
     *       12-19 and 32-39 fail: 16 ENOMEM.</li>
     *   <li>With its shrinker: at step 12's shortage reclaim scans it and it frees its idle runs (4
     *       objects in all); from then on the pool behaves as if it held nothing: 8 ENOMEM, freed by
     *       shrinker 4.</li>
     * </ul>
     */
    @Test
    void aShrinkerPluginGivesPagesBackUnderPagePoolPressure() {
        RunFigures alone = run("page-pool-pressure", 40, Map.of()).figures();
        RunFigures holding = run("page-pool-pressure", 40, Map.of("vmapkit.plugin.page-cache.shrinker", "false"),
                PageCachePlugin.NAME).figures();
        RunRecord withShrinker = run("page-pool-pressure", 40, Map.of(), PageCachePlugin.NAME);
        RunFigures shrinking = withShrinker.figures();

        assertThat(alone.counters()).containsEntry("pageAllocFailures", 8L);
        assertThat(holding.counters()).containsEntry("pageAllocFailures", 16L);
        assertThat(shrinking.counters()).containsEntry("pageAllocFailures", 8L);
        assertThat(shrinking.freedByShrinker()).isEqualTo(4);
        assertThat(holding.freedByShrinker()).isZero();
        assertThat(account(withShrinker, PageCachePlugin.NAME).shrinkFreed()).isEqualTo(4);
        assertThat(account(withShrinker, PageCachePlugin.NAME).shrinkPasses()).isPositive();
    }
}
