package io.vmapkit.driver.i915;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.runtime.discovery.Status;
import io.vmapkit.testkit.ManualClock;
import io.vmapkit.testkit.VmapKitTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Install and uninstall: what is registered, and that nothing of the plugin is left behind. */
class PluginLifecycleTest {

    private static VmapSystem start(I915Plugin plugin, String... settings) {
        return VmapKit.builder().ignoreSystemProperties().clock(new ManualClock()).plugin(plugin)
                .addressSpace(AddressSpace.of("test", 0x1000_0000L, 8L << 20, 4096))
                .configure(c -> {
                    c.set("vmapkit.page-pool.pages", "16384");
                    for (String s : settings) {
                        String[] kv = s.split("=", 2);
                        c.pluginSetting(I915Plugin.NAME, kv[0], kv[1]);
                    }
                }).start();
    }

    private static void assertNothingOfI915Left(VmapSystem s) {
        assertThat(s.purgeChain().isEmpty()).as("purge chain").isTrue();
        assertThat(s.oomChain().isEmpty()).as("OOM chain").isTrue();
        assertThat(s.shrinkers().shrinkers()).as("shrinkers").isEmpty();
        assertThat(s.allocator().snapshot().ranges()).as("no area of i915 is live")
                .noneMatch(r -> r.kind() == VmapSnapshot.Kind.BUSY && r.owner().equals(I915Plugin.NAME));
        assertThat(s.pagePool().freePages()).as("every page back").isEqualTo(s.pagePool().totalPages());
        ReportEntry entry = s.report().find(Kind.PLUGIN, I915Plugin.NAME).orElseThrow();
        assertThat(entry.status()).isEqualTo(Status.UNINSTALLED);
        assertThat(entry.reason()).as("the runtime had nothing to undo or free for the plugin").isEmpty();
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class)
    void installRegistersTheShrinkerTheOomNotifierAndTheVmapNotifier(NotifierChain<VmapPurgeEvent> purgeChain,
            NotifierChain<OomEvent> oomChain, ShrinkerRegistry shrinkers) {
        assertThat(purgeChain.blocks()).extracting(NotifierBlock::name).containsExactly(GemShrinker.VMAP_NOTIFIER);
        assertThat(oomChain.blocks()).extracting(NotifierBlock::name).containsExactly(GemShrinker.OOM_NOTIFIER);
        assertThat(shrinkers.shrinkers()).extracting(Shrinker::name).containsExactly(GemShrinker.SHRINKER);
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = {"i915.vmap-notifier=false", "i915.oom-notifier=false",
            "i915.shrinker=false"})
    void settingsTurnEachRegistrationOff(NotifierChain<VmapPurgeEvent> purgeChain, NotifierChain<OomEvent> oomChain,
            ShrinkerRegistry shrinkers) {
        assertThat(purgeChain.isEmpty()).isTrue();
        assertThat(oomChain.isEmpty()).isTrue();
        assertThat(shrinkers.shrinkers()).isEmpty();
    }

    @Test
    void uninstallLeavesNoRegistrationBehindAndNothingAllocated() {
        for (String era : new String[] {"pre-4.7", "4.7", "4.9"}) {
            I915Plugin i915 = new I915Plugin();
            VmapSystem s = start(i915, "era=" + era);
            Workload w = s.newWorkload(I915Plugin.NAME, I915Plugin.WORKLOAD, 3,
                    Map.of("operations", "3000", "clients", "8"));
            while (w.step()) {
                // a workload left unfinished: contexts, cached buffers and requests in flight
            }
            Device d = Gem.installed(s).device();
            Gem.locked(d, () -> {
                GemObject pinned = d.createObject(4);
                d.pinMap(pinned, MapType.WC);
                d.pinVma(d.bind(pinned));
            });
            assertThat(s.allocator().stats().liveAreas()).isPositive();
            s.close();
            assertNothingOfI915Left(s);
            assertThat(d.isClosed()).isTrue();
            assertThatThrownBy(w::step).as("era " + era).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("uninstalled");
        }
    }

    @Test
    void aPluginInstanceCanBeInstalledAgainAfterUninstall() {
        I915Plugin i915 = new I915Plugin();
        Device first;
        try (VmapSystem s = start(i915)) {
            first = Gem.installed(s).device();
            assertThat(first.isClosed()).isFalse();
        }
        assertThat(first.isClosed()).as("closing the system closed the installation's device").isTrue();
        try (VmapSystem s = start(i915, "era=4.9")) {
            assertThat(Gem.installed(s).device()).isNotSameAs(first);
            assertThat(Gem.installed(s).device().era()).isEqualTo(Era.V4_9);
            assertThat(s.purgeChain().blocks()).hasSize(1);
        }
    }

    /**
     * The plugin is a stateless factory: one instance installed into two systems at once gives two
     * installations with their own device, era and registrations, and closing one system leaves the
     * other's alone.
     */
    @Test
    void oneInstanceServesTwoSystemsAtOnceWithSeparateDevices() {
        I915Plugin i915 = new I915Plugin();
        try (VmapSystem old = start(i915, "era=pre-4.7"); VmapSystem recent = start(i915, "era=4.9")) {
            Device oldDevice = Gem.installed(old).device();
            Device recentDevice = Gem.installed(recent).device();
            assertThat(oldDevice).isNotSameAs(recentDevice);
            assertThat(oldDevice.era()).isEqualTo(Era.PRE_4_7);
            assertThat(recentDevice.era()).isEqualTo(Era.V4_9);
            assertThat(old.purgeChain().isEmpty()).as("pre-4.7 registers no vmap notifier").isTrue();
            assertThat(recent.purgeChain().blocks()).hasSize(1);

            Gem.locked(oldDevice, () -> oldDevice.pinMap(oldDevice.createObject(4), MapType.WC));
            assertThat(old.allocator().stats().liveAreas()).isEqualTo(1);
            assertThat(recent.allocator().stats().liveAreas()).isZero();
            assertThat(recentDevice.objects()).isEmpty();

            old.close();
            assertThat(oldDevice.isClosed()).isTrue();
            assertThat(recentDevice.isClosed()).isFalse();
            assertThat(recent.purgeChain().blocks()).hasSize(1);
            assertThat(recent.installedPlugins()).containsExactly(I915Plugin.NAME);
        }
    }

    @Test
    void aBadSettingRefusesInstallationAndRegistersNothing() {
        I915Plugin i915 = new I915Plugin();
        try (VmapSystem s = start(i915, "lock-timout-ms=10")) {
            ReportEntry entry = s.report().find(Kind.PLUGIN, I915Plugin.NAME).orElseThrow();
            assertThat(entry.status()).isEqualTo(Status.FAILED);
            assertThat(entry.reason()).contains("lock-timout-ms")
                    .contains("did you mean 'vmapkit.plugin.i915.lock-timeout-ms'");
            assertThat(s.purgeChain().isEmpty()).isTrue();
            assertThat(s.oomChain().isEmpty()).isTrue();
            assertThat(s.shrinkers().shrinkers()).isEmpty();
            assertThat(s.installed(I915Plugin.NAME)).isEmpty();
            assertThatThrownBy(() -> s.newWorkload(I915Plugin.NAME, I915Plugin.WORKLOAD, 1, Map.of()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void thePluginIsFoundByServiceLoader() {
        try (VmapSystem s = VmapKit.builder().ignoreSystemProperties().discoverPlugins().clock(new ManualClock())
                .start()) {
            assertThat(s.installedPlugins()).contains(I915Plugin.NAME);
            assertThat(s.plugins()).anyMatch(p -> p instanceof I915Plugin && p.workloads().equals(java.util.List.of("i915")));
        }
    }
}
