package io.vmapkit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.workloads.figures.RunRecord;
import io.vmapkit.workloads.scenario.Entry;
import io.vmapkit.workloads.scenario.Policy;
import io.vmapkit.workloads.simulate.PolicyRun;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's parts for scenarios: the settings as run, who freed what, and the layout's map. */
class HtmlReportTest {

    private static RunRecord churn(String policy, String notifier) {
        ClassLoader loader = HtmlReportTest.class.getClassLoader();
        AllocatorProvider freeTree = new ServiceDiscovery(loader).find(AllocatorProvider.class).usable().stream()
                .filter(c -> c.name().equals("free-tree")).findFirst().orElseThrow().instance();
        VmapConfig config = VmapConfig.builder().addressSpace(AddressSpace.x86_32(16L << 20)).ncpus(4)
                .includePlugins(List.of("churn")).build();
        Policy p = new Policy(policy, "", List.of(new Entry("vmapkit.plugin.churn.vmap-notifier", notifier, "t.yaml:3")), "t");
        return new PolicyRun(loader, freeTree, config, "churn", "churn", 1, 1500, false).run(p, null);
    }

    @Test
    void theSettingsTableNamesWhereEachSettingCameFrom() throws IOException {
        RunRecord r = churn("cache+notifier", "true");
        String html = HtmlReport.html("t", Map.of("scenario", "s"), List.of(
                new Entry("vmapkit.ncpus", "4", "t.yaml:5"),
                new Entry("vmapkit.allocator.lazy-max-pages", "auto", "default")), List.of(r));
        assertThat(html).contains("<h2>Settings as run</h2>",
                "<tr><td>vmapkit.ncpus</td><td>4</td><td>t.yaml:5</td></tr>",
                "<tr><td>vmapkit.allocator.lazy-max-pages</td><td>auto</td><td>default</td></tr>");
        assertThat(HtmlReport.html("t", Map.of(), List.of(r))).as("no settings, no table").doesNotContain("Settings as run");
    }

    @Test
    void theFreedChartNamesEachReclaimerWithItsUnit() {
        RunRecord r = churn("cache+notifier", "true");
        assertThat(r.figures().freedByNotifier()).as("the churn plugin's notifier freed pages in this run").isPositive();
        List<String> series = Charts.freed(r).getSeriesMap().keySet().stream().toList();
        assertThat(series).containsExactly("vmap purge notifier chain (pages)");
        RunRecord none = churn("cache", "false");
        assertThat(none.figures().freedByNotifier()).isZero();
        assertThat(Charts.freed(none).getSeriesMap().keySet()).containsExactly("nothing was freed by a notifier or shrinker");
    }

    @Test
    void aRunFromALayoutShowsTheMapAfterTheLayoutBesideTheMapAtTheEnd() throws IOException {
        RunRecord r = churn("cache+notifier", "true");
        VmapSnapshot layout = r.endMap();
        RunRecord fromLayout = new RunRecord(r.figures(), r.allocator(), r.timeline(), r.endMap(), r.kernelLog(), layout);
        String html = HtmlReport.html("t", Map.of(), List.of(fromLayout));
        assertThat(html).contains("<h3>Address space after the initial layout</h3>", "<div class=\"map layout\">");
        // one map after the layout and one at the end
        assertThat(html.split("<svg ", -1)).hasSize(3);
        assertThat(HtmlReport.html("t", Map.of(), List.of(r)).split("<svg ", -1)).as("without a layout, the end map only")
                .hasSize(2);
    }
}
