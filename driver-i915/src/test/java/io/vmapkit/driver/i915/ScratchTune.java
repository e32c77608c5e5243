package io.vmapkit.driver.i915;

import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.ManualClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScratchTune {
    static Map<String, Long> run(String era, boolean notifier, Map<String, String> params, long seed) {
        I915Plugin plugin = new I915Plugin();
        try (VmapSystem s = VmapKit.builder().ignoreSystemProperties().addressSpace(AddressSpace.x86_32()).ncpus(4)
                .allocator("free-tree").clock(new ManualClock()).plugin(plugin)
                .configure(c -> c.pluginSetting("i915", "era", era).pluginSetting("i915", "vmap-notifier", "" + notifier))
                .start()) {
            Workload w = plugin.newWorkload("i915", seed, params);
            long t = System.nanoTime();
            while (w.step()) { }
            Map<String, Long> c = w.counters();
            System.out.printf("%-8s %-5s %5d ms vmaps=%6d fail=%5d rounds=%3d freedN=%7d created=%6d closed=%6d purgedReuse=%5d peak=%6d cached=%5d ringWaits=%d gpuWaits=%d iomaps=%d%n", era, notifier ? "+N" : "-N", (System.nanoTime() - t) / 1_000_000, c.get("vmaps"), c.get("allocFailures"), c.get("notifierRounds"), c.get("freedByNotifier"), c.get("objectsCreated"), c.get("objectsClosed"), c.get("purgedReuses"), c.get("vmapPagesPeak"), c.get("cachedBuffers"), c.get("ringWaits"), c.get("gpuWaits"), c.get("iomaps"));
            w.finish();
            return c;
        }
    }

    @Test
    void tune() {
        Map<String, String> params = new java.util.HashMap<>();
        String extra = System.getProperty("params", "");
        for (String kv : extra.split(",")) {
            if (kv.isBlank()) continue;
            String[] p = kv.split("=");
            params.put(p[0], p[1]);
        }
        long seed = Long.getLong("seed", 1L);
        System.out.println("params " + params + " seed " + seed);
        run("pre-4.7", true, params, seed);
        run("4.7", false, params, seed);
        run("4.7", true, params, seed);
        run("4.9", false, params, seed);
        run("4.9", true, params, seed);
    }
}
