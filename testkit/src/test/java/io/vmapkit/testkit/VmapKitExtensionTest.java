package io.vmapkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.notifier.NotifierSettings;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.runtime.KernelEra;
import io.vmapkit.runtime.SystemState;
import io.vmapkit.runtime.VmapSystem;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@VmapKitTest(plugins = CachePlugin.class, settings = {"cache.areas=2", "cache.pages=3"})
class VmapKitExtensionTest {

    @Test
    void everyPartIsInjected(VmapSystem system, VmapAllocator allocator, NotifierChain<VmapPurgeEvent> purge,
            NotifierChain<OomEvent> oom, ShrinkerRegistry shrinkers, PagePool pool, VmapClock clock, ManualClock manual,
            VmapListener listener, RecordingListener recorder, Pressure pressure, CachePlugin plugin,
            Cache cache) {
        assertThat(system.state()).isEqualTo(SystemState.STARTED);
        assertThat(allocator).isSameAs(system.allocator());
        assertThat(purge).isSameAs(system.purgeChain());
        assertThat(purge.name()).isEqualTo("vmap_notify_list");
        assertThat(oom).isSameAs(system.oomChain());
        assertThat(shrinkers).isSameAs(system.shrinkers());
        assertThat(pool).isSameAs(system.pagePool());
        assertThat(clock).isSameAs(manual).isSameAs(system.clock());
        assertThat(listener).isSameAs(system.listener());
        assertThat(recorder).isNotNull();
        assertThat(pressure).isNotNull();
        assertThat(system.space().size()).isEqualTo(4L << 20);
        assertThat(system.config().ncpus()).isEqualTo(1);
        assertThat(plugin).isSameAs(system.plugins().get(0));
        assertThat(system.installed("cache")).containsSame(cache);
        assertThat(cache.cachedAreas()).isEqualTo(2);
        assertThat(cache.cachedPages()).isEqualTo(3);
        assertThat(system.installedPlugins()).containsExactly("cache");
    }

    @RepeatedTest(3)
    void eachTestGetsAFreshSystem(VmapAllocator allocator, RecordingListener recorder) {
        assertThat(allocator.stats().liveAreas()).isEqualTo(2);
        allocator.allocate(4096);
        assertThat(allocator.stats().liveAreas()).isEqualTo(3);
        assertThat(recorder.events(VmapEvent.AllocVmapArea.class)).hasSize(3);
    }

    @Test
    @VmapKitTest(spaceSize = 1L << 20, ncpus = 8)
    void aMethodAnnotationReplacesTheClassOne(VmapSystem system) {
        assertThat(system.space().size()).isEqualTo(1L << 20);
        assertThat(system.config().ncpus()).isEqualTo(8);
        assertThat(system.plugins()).isEmpty();
    }

    @Test
    @VmapKitTest
    void withoutAKernelPresetTheAllocatorAndRoundCapAreVmapkitsDefaults(VmapSystem system, VmapAllocator allocator) {
        assertThat(system.config().kernel()).isEmpty();
        assertThat(allocator.name()).isEqualTo("free-tree");
        assertThat(system.settings().get(AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(AllocatorConfig.DEFAULT_MAX_NOTIFIER_ROUNDS);
        assertThat(system.settings().get(NotifierSettings.QUARANTINE_AFTER)).isEqualTo(3);
    }

    @Test
    @VmapKitTest(kernel = "4.7")
    void aKernelPresetSetsTheEraSwitchesTheAttributesLeaveUnset(VmapSystem system, VmapAllocator allocator) {
        assertThat(system.config().kernel()).contains(KernelEra.V4_7);
        assertThat(allocator.name()).isEqualTo("busy-list-kernel");
        assertThat(system.settings().get(AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS);
        assertThat(system.settings().get(NotifierSettings.QUARANTINE_AFTER)).isZero();
        assertThat(system.settings().get(AllocatorSettings.REJECT_IMPOSSIBLE)).isFalse();
    }

    @Test
    @VmapKitTest(kernel = "4.7", maxNotifierRounds = 3, allocator = "free-tree")
    void attributesGivenExplicitlyWinOverTheKernelPreset(VmapSystem system, VmapAllocator allocator) {
        assertThat(allocator.name()).isEqualTo("free-tree");
        assertThat(system.settings().get(AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(3);
        assertThat(system.settings().get(AllocatorSettings.FREE_TREE_SEARCH)).as("from the preset").isEqualTo(AllocatorConfig.FreeTreeSearch.KERNEL_5_2);
    }

    @Test
    @VmapKitTest(kernel = "6.x", spaceSize = 64L << 20)
    void underKernel6xTheDrainWorkerRunsOnTheFreeingThreadSoTestsStayDeterministic(VmapSystem system,
            VmapAllocator allocator) {
        assertThat(system.settings().get(AllocatorSettings.LAZY_PURGE)).isEqualTo(AllocatorConfig.LazyPurgeMode.BACKGROUND);
        VmapRequest half = VmapRequest.builder(4100L * 4096).flags(AllocFlag.NO_GUARD).build();
        VmapArea a = allocator.allocate(half);
        VmapArea b = allocator.allocate(half);
        allocator.free(a);
        assertThat(allocator.stats().lazyPages()).isEqualTo(4100);

        allocator.free(b);                               // 8200 lazy pages > lazy_max_pages 8192 (1 CPU)

        assertThat(allocator.stats().lazyPages()).isZero();
        assertThat(allocator.stats().purges()).isEqualTo(1);
    }

    @Test
    void theManualClockMovesOnlyWhenToldOrSleptOn(ManualClock clock) {
        long t0 = clock.nanoTime();
        clock.sleepNanos(5_000_000_000L);
        assertThat(clock.nanoTime() - t0).isEqualTo(5_000_000_000L);
        clock.advance(Duration.ofMillis(1));
        assertThat(clock.nanoTime() - t0).isEqualTo(5_001_000_000L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> clock.advance(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
