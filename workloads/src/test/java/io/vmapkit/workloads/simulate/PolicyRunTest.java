package io.vmapkit.workloads.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.workloads.figures.RunRecord;
import io.vmapkit.workloads.scenario.Entry;
import io.vmapkit.workloads.scenario.Layout;
import io.vmapkit.workloads.scenario.Load;
import io.vmapkit.workloads.scenario.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner with several loads, a layout and policies of full keys, on the test plugins
 * {@code stride} and {@code tick} and the real {@code generic} plugin's {@code layout} workload.
 */
class PolicyRunTest {

    private static final ClassLoader LOADER = PolicyRunTest.class.getClassLoader();

    @TempDir
    Path dir;

    private static AllocatorProvider freeTree() {
        return new ServiceDiscovery(LOADER).find(AllocatorProvider.class).usable().stream()
                .filter(c -> c.name().equals("free-tree")).findFirst().orElseThrow().instance();
    }

    private static PolicyRun run(List<Load> loads, Layout layout, long seed, long ops) {
        VmapConfig config = VmapConfig.builder().addressSpace(AddressSpace.x86_32(16L << 20)).ncpus(4)
                .includePlugins(List.of("stride", "tick", "generic")).build();
        return new PolicyRun(LOADER, freeTree(), config, loads, layout, seed, ops, false);
    }

    private static final Load STRIDE = new Load("stride", "stride", Map.of(), 3, "t:1");
    private static final Load TICK = new Load("tick", "tick", Map.of(), 1, "t:2");
    private static final Policy NONE = new Policy("none", "", List.of(), "t");

    @Test
    void twoLoadsAreInterleavedTheSameWayForTheSameSeed() {
        RunRecord a = run(List.of(STRIDE, TICK), null, 5, 400).run(NONE, null);
        RunRecord b = run(List.of(STRIDE, TICK), null, 5, 400).run(NONE, null);
        RunRecord c = run(List.of(STRIDE, TICK), null, 6, 400).run(NONE, null);
        Map<String, Long> ca = a.figures().counters();
        assertThat(a.figures().ops()).isEqualTo(400);
        assertThat(ca.get("strides") + ca.get("ticks")).as("every operation is one load's step").isEqualTo(400);
        // strides ~ binomial(400, 3/4): mean 300, standard deviation sqrt(400 * 3/4 * 1/4) = 8.7
        assertThat(ca.get("strides")).isBetween(250L, 350L);
        assertThat(ca.get("ops")).as("counters of the same name are summed over the loads").isEqualTo(400);
        assertThat(b.figures().counters()).isEqualTo(ca);
        assertThat(b.endMap()).isEqualTo(a.endMap());
        assertThat(c.figures().counters()).as("another seed, another interleaving and other sizes").isNotEqualTo(ca);
    }

    @Test
    void aLoadThatFinishesLeavesTheOperationsToTheOthers() {
        Load tenStrides = new Load("stride", "stride", Map.of("operations", "10"), 100, "t:1");
        RunRecord r = run(List.of(tenStrides, TICK), null, 1, 100).run(NONE, null);
        assertThat(r.figures().counters()).containsEntry("strides", 10L).containsEntry("ticks", 90L);
        RunRecord alone = run(List.of(tenStrides), null, 1, 100).run(NONE, null);
        assertThat(alone.figures().ops()).as("the run stops when its only load is done").isEqualTo(10);
    }

    @Test
    void aPluginReceivesOnlyItsOwnSettings() {
        Policy both = new Policy("both", "", List.of(new Entry("vmapkit.plugin.stride.pages", "2", "t:3"),
                new Entry("vmapkit.plugin.tick.mark", "x", "t:4")), "t");
        // both plugins refuse keys they do not know (PluginSettings.of), so neither saw the other's
        RunRecord r = run(List.of(STRIDE, TICK), null, 1, 50).run(both, null);
        assertThat(r.figures().counters()).containsEntry("pagesSetting", 2L).containsEntry("strideSettingsSeen", 1L)
                .containsEntry("settingsSeen", 1L);
    }

    @Test
    void aSettingNoPluginKnowsFailsTheCheckBeforeAnyRunWithTheNearestKey() {
        Policy typo = new Policy("typo", "", List.of(new Entry("vmapkit.plugin.stride.pagez", "2", "t:9")), "t");
        assertThatThrownBy(() -> run(List.of(STRIDE), null, 1, 10).check(typo)).isInstanceOf(RunFailure.class)
                .hasMessageContaining("policy typo: plugin 'stride' is not installed: ")
                .hasMessageContaining("unknown setting 'vmapkit.plugin.stride.pagez' (did you mean 'vmapkit.plugin.stride.pages'?)");
        Policy badKey = new Policy("bad", "", List.of(new Entry("vmapkit.allocator.lazy-max-page", "2", "t:9")), "t");
        assertThatThrownBy(() -> run(List.of(STRIDE), null, 1, 10).check(badKey))
                .hasMessageContaining("vmapkit.allocator.lazy-max-page").hasMessageContaining("t:9");
    }

    @Test
    void theLayoutIsPlacedBeforeTheFirstOperationAndHeldThroughTheRun() throws IOException {
        Path file = dir.resolve("vmallocinfo.txt");
        // as /proc/vmallocinfo prints it with kptr_restrict=2 (zeroed addresses, so placed in file
        // order); sizes include the guard page
        String zero = "0x0000000000000000-0x0000000000000000";
        Files.writeString(file, zero + "    8192 a_caller+0x1/0x10 pages=1 vmalloc\n"
                + zero + "   16384 b_caller+0x2/0x20 pages=3 vmalloc\n"
                + zero + "   12288 c_caller+0x3/0x30 pages=2 vmalloc\n");
        Layout layout = new Layout(file.toString(), "auto", "t:5");
        RunRecord r = run(List.of(STRIDE), layout, 1, 200).run(NONE, null);
        VmapSnapshot at = r.layoutMap();
        assertThat(at).as("the map once the layout was placed").isNotNull();
        // each area spans its printed size: the request is the size less the guard page, which the
        // allocator adds back; 8192 + 16384 + 12288 = 36864 bytes in 3 busy areas, nothing else yet
        assertThat(at.count(VmapSnapshot.Kind.BUSY)).isEqualTo(3);
        assertThat(at.bytes(VmapSnapshot.Kind.BUSY)).isEqualTo(36_864);
        assertThat(at.ranges().stream().filter(x -> x.kind() == VmapSnapshot.Kind.BUSY).map(VmapSnapshot.Range::owner))
                .containsOnly("generic");
        assertThat(r.figures().ops()).as("placing the layout is not counted as operations").isEqualTo(200);
        assertThat(r.endMap().ranges().stream().filter(x -> x.kind() == VmapSnapshot.Kind.BUSY && x.owner().equals("generic")))
                .as("the layout's areas are still held when the run stops").hasSize(3);
        assertThat(run(List.of(STRIDE), null, 1, 200).run(NONE, null).layoutMap()).as("no layout, no layout map").isNull();
    }
}
