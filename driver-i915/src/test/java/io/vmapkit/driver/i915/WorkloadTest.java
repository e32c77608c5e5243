package io.vmapkit.driver.i915;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.ManualClock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The i915 workload as the cli drives it: through {@code VmapSystem.newWorkload} and {@code counters()}. */
class WorkloadTest {

    private static final List<String> COUNTERS = List.of("ops", "execbufs", "execbufFailures", "pinMapCalls",
            "cacheHits", "vmaps", "vunmaps", "directMaps", "allocFailures", "pageAllocFailures", "notifierRounds",
            "freedByNotifier", "freedByShrinker", "freedByOom", "lockSteals", "lockGiveUps", "lockTimeouts", "iomaps",
            "iounmaps", "iomapsUnbound", "apertureWrites", "iomapFailures", "objectsCreated", "objectsClosed",
            "bufferReuses", "purgedReuses", "contextsCreated", "contextsDestroyed", "contextFailures", "contextsLive",
            "cachedBuffers", "requestsSubmitted", "requestsRetired", "ringWaits", "gpuWaits", "vmapPagesLive",
            "vmapPagesPeak", "pinnedVmapPagesPeak");

    private static VmapSystem system(I915Plugin i915, AddressSpace space, String... settings) {
        return VmapKit.builder().ignoreSystemProperties().clock(new ManualClock()).plugin(i915).addressSpace(space)
                .ncpus(4).allocator("free-tree").configure(c -> {
                    for (String s : settings) {
                        String[] kv = s.split("=", 2);
                        c.pluginSetting(I915Plugin.NAME, kv[0], kv[1]);
                    }
                }).start();
    }

    private static Map<String, Long> run(long seed, Map<String, String> params, String... settings) {
        I915Plugin i915 = new I915Plugin();
        try (VmapSystem s = system(i915, AddressSpace.x86_32(), settings)) {
            Workload w = s.newWorkload(I915Plugin.NAME, I915Plugin.WORKLOAD, seed, params);
            while (w.step()) {
                // run to the end
            }
            Map<String, Long> c = w.counters();
            w.finish();
            return c;
        }
    }

    @Test
    void thePluginOffersTheI915Workload() {
        assertThat(new I915Plugin().workloads()).containsExactly("i915");
    }

    @Test
    void aWorkloadNeedsAnInstalledPlugin() {
        VmapSystem notStarted = VmapKit.builder().ignoreSystemProperties().clock(new ManualClock())
                .plugin(new I915Plugin()).build();
        assertThatThrownBy(() -> notStarted.newWorkload(I915Plugin.NAME, "i915", 1, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not installed");
        notStarted.start();
        notStarted.close();
        assertThatThrownBy(() -> notStarted.newWorkload(I915Plugin.NAME, "i915", 1, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not installed");
    }

    @Test
    void unknownWorkloadsAndParametersAreRejectedByName() {
        I915Plugin i915 = new I915Plugin();
        try (VmapSystem s = system(i915, AddressSpace.x86_32())) {
            assertThatThrownBy(() -> s.newWorkload(I915Plugin.NAME, "msm", 1, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'msm'");
            assertThatThrownBy(() -> Gem.installed(s).newWorkload("msm", 1, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("plugin i915 offers no workload 'msm' (it offers 'i915')");
            assertThatThrownBy(() -> s.newWorkload(I915Plugin.NAME, "i915", 1, Map.of("client", "3")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'client'")
                    .hasMessageContaining("did you mean 'clients'");
            assertThatThrownBy(() -> s.newWorkload(I915Plugin.NAME, "i915", 1, Map.of("clients", "many")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clients = many");
            assertThatThrownBy(() -> s.newWorkload(I915Plugin.NAME, "i915", 1, Map.of("batch-pages", "8", "batch-pages-max", "4")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch-pages-max = 4");
            assertThatThrownBy(() -> s.newWorkload(I915Plugin.NAME, "i915", 1, Map.of("context-churn", "0.6", "iomap-rate", "0.6")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed 1");
            assertThat(Gem.installed(s).device().objects()).as("nothing was created").isEmpty();
        }
    }

    @Test
    void theSameSeedGivesTheSameCountersAndAnotherSeedOthers() {
        Map<String, String> p = Map.of("operations", "20000");
        Map<String, Long> a = run(11, p);
        Map<String, Long> b = run(11, p);
        Map<String, Long> c = run(12, p);
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
        assertThat(run(11, p, "era=4.9")).isEqualTo(run(11, p, "era=4.9"));
    }

    @Test
    void countersAreCamelCaseInAStableOrder() {
        Map<String, Long> c = run(1, Map.of("operations", "500"));
        assertThat(List.copyOf(c.keySet())).containsExactlyElementsOf(COUNTERS);
        assertThat(c.keySet()).allMatch(k -> k.matches("[a-z][A-Za-z]*"));
        assertThatThrownBy(() -> c.put("ops", 0L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(c.get("ops")).isEqualTo(500);
        assertThat(c.get("pinMapCalls")).isEqualTo(c.get("cacheHits") + c.get("vmaps") + c.get("directMaps")
                + c.get("allocFailures"));
    }

    @Test
    void stepsEndAfterTheLastOperationAndFinishReleasesEverything() {
        I915Plugin i915 = new I915Plugin();
        try (VmapSystem s = system(i915, AddressSpace.x86_32())) {
            Workload w = s.newWorkload(I915Plugin.NAME, "i915", 5, Map.of("operations", "3000", "clients", "6"));
            assertThat(w.name()).isEqualTo("i915");
            int steps = 0;
            while (w.step()) {
                steps++;
            }
            assertThat(steps).isEqualTo(3000);
            assertThat(w.step()).isFalse();
            assertThat(w.counters().get("ops")).isEqualTo(3000);
            Device d = Gem.installed(s).device();
            assertThat(d.objects()).isNotEmpty();
            w.finish();
            assertThat(d.objects()).isEmpty();
            assertThat(d.stats().vmapPagesLive.get()).isZero();
            assertThat(s.pagePool().freePages()).isEqualTo(s.pagePool().totalPages());
            assertThat(s.allocator().stats().liveAreas()).isZero();
            assertThat(w.step()).isFalse();
            Gem.locked(d, () -> Gem.assertConsistent(d));
        }
    }

    @Test
    void anExecbufWhoseMappingFailsFailsAndTheWorkloadGoesOn() {
        I915Plugin i915 = new I915Plugin();
        try (VmapSystem s = system(i915, AddressSpace.of("small", 0x1000_0000L, 2L << 20, 4096), "vmap-notifier=false")) {
            Workload w = s.newWorkload(I915Plugin.NAME, "i915", 2, Map.of("operations", "4000", "clients", "8"));
            while (w.step()) {
                // EBUSY fails execbufs; the workload carries on
            }
            Map<String, Long> c = w.counters();
            assertThat(c.get("ops")).isEqualTo(4000);
            assertThat(c.get("allocFailures")).isPositive();
            assertThat(c.get("execbufFailures")).isPositive();
            assertThat(c.get("execbufs")).isPositive();
            Gem.locked(Gem.installed(s).device(), () -> Gem.assertConsistent(Gem.installed(s).device()));
        }
    }

    @Test
    void everyEraKeepsTheModelConsistentThroughAWorkload() {
        for (String era : List.of("pre-4.7", "4.7", "4.9")) {
            for (String notifier : List.of("true", "false")) {
                I915Plugin i915 = new I915Plugin();
                try (VmapSystem s = system(i915, AddressSpace.of("small", 0x1000_0000L, 8L << 20, 4096),
                        "era=" + era, "vmap-notifier=" + notifier)) {
                    Workload w = s.newWorkload(I915Plugin.NAME, "i915", 9, Map.of("operations", "6000", "clients", "12"));
                    Device d = Gem.installed(s).device();
                    int i = 0;
                    while (w.step()) {
                        if (++i % 250 == 0) {
                            Gem.locked(d, () -> Gem.assertConsistent(d));
                        }
                    }
                    Map<String, Long> c = w.counters();
                    assertThat(c.get("vmapPagesPeak")).as("era %s notifier %s", era, notifier)
                            .isLessThanOrEqualTo(s.space().pages());
                    w.finish();
                    Gem.locked(d, () -> Gem.assertConsistent(d));
                }
            }
        }
    }

    @Test
    void workloadSettingsGiveParameterDefaultsThatParametersOverride() {
        I915Plugin i915 = new I915Plugin();
        try (VmapSystem s = system(i915, AddressSpace.x86_32(), "workload.operations=40", "workload.clients=2")) {
            Workload w = s.newWorkload(I915Plugin.NAME, "i915", 1, Map.of());
            int steps = 0;
            while (w.step()) {
                steps++;
            }
            assertThat(steps).isEqualTo(40);
            Map<String, String> override = new LinkedHashMap<>();
            override.put("operations", "7");
            Workload v = s.newWorkload(I915Plugin.NAME, "i915", 1, override);
            steps = 0;
            while (v.step()) {
                steps++;
            }
            assertThat(steps).isEqualTo(7);
        }
    }
}
