package io.vmapkit.docs.generic;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.spi.Workload;
import io.vmapkit.plugins.generic.GenericPlugin;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.VmapKitTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/generic-workloads.md, "From Java": a workload of the generic plugin run to its end. */
class GenericWorkloadFromJavaTest {

    @Test
    @VmapKitTest(plugins = GenericPlugin.class)
    void aWorkloadIsSteppedToItsEndAndReportsItsCounters(VmapSystem system) {
        // tag::leaky-cache[]
        Workload w = system.newWorkload("generic", "leaky-cache", 1, Map.of("operations", "1000", "object-pages", "16"));
        while (w.step()) { }
        Map<String, Long> counters = w.counters();   // {ops=1000, cached=…, cachedPages=…, allocFailures=…, allocEnomem=0}
        w.finish();                                  // frees what it still holds
        // end::leaky-cache[]
        assertThat(counters).containsOnlyKeys("ops", "cached", "cachedPages", "allocFailures", "allocEnomem");
        assertThat(counters).containsEntry("ops", 1000L).containsEntry("allocEnomem", 0L);
        assertThat(system.allocator().stats().liveAreas()).as("finish() freed what the workload held").isZero();
    }
}
