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

    /**
     * A hand-made policy run with two accounts: i915's shrinker (3 passes, 12 counted, 9 scanned, 7
     * freed, 0 ns → "0.000" ms) and a liar registered by no plugin (1 call claiming 10, 2000 ns →
     * "0.002" ms, 1 claim of 10 not borne out), each a row with all eleven figures in the labels' order.
     */
    @Test
    void thePerPluginTableHasARowPerAccountWithItsPluginAndEveryFigure() {
        io.vmapkit.workloads.figures.PluginAccount gem = new io.vmapkit.workloads.figures.PluginAccount(
                "i915_gem_shrinker", "i915", 0, 0, 3, 12, 9, 7, 0, 0, 0, 0, 0);
        io.vmapkit.workloads.figures.PluginAccount liar = new io.vmapkit.workloads.figures.PluginAccount(
                "liar", 1, 10, 0, 0, 0, 0, 2_000, 0, 0, 1, 10);
        io.vmapkit.workloads.figures.RunFigures f = new io.vmapkit.workloads.figures.RunFigures("cache", 100, 0, 0, 60,
                0, 40, 0, 0, 40, 0, 0, 0, 0, 0, 1_000_000, Map.of(), List.of()).withPlugins(List.of(gem, liar));

        String table = HtmlReport.plugins(f);

        assertThat(table).contains("<tr><th>block or shrinker</th><th>plugin</th><th>notifier calls (calls)</th>"
                + "<th>freed by notifier (its unit)</th><th>shrink passes (calls)</th><th>shrink counted (objects)</th>"
                + "<th>shrink scanned (objects)</th><th>freed by shrinker (objects)</th><th>time in callbacks (ms)</th>"
                + "<th>quarantines (events)</th><th>errors (events)</th><th>claims not borne out (calls)</th>"
                + "<th>claimed, not borne out (its unit)</th></tr>");
        assertThat(table).contains("<tr><td>i915_gem_shrinker</td><td>i915</td>" + cells("0", "0", "3", "12", "9", "7",
                "0.000", "0", "0", "0", "0") + "</tr>");
        assertThat(table).contains("<tr class=\"unborne\"><td>liar</td><td>(not a plugin's)</td>" + cells("1", "10", "0",
                "0", "0", "0", "0.002", "0", "0", "1", "10") + "</tr>");
        assertThat(HtmlReport.plugins(f.withPlugins(List.of()))).contains("No notifier block or shrinker was called")
                .doesNotContain("<table");
    }

    /**
     * From real runs: with the notifier, the churn plugin's block "churn-vmap-notifier" is a row naming
     * plugin churn under the cache+notifier heading; without it no block is registered or called.
     */
    @Test
    void theReportHasThePerPluginTableUnderEachPolicy() throws IOException {
        RunRecord both = churn("cache+notifier", "true");
        RunRecord cache = churn("cache", "false");
        String html = HtmlReport.html("t", Map.of(), List.of(cache, both));
        String cachePart = html.substring(html.indexOf("<h2 id=\"policy-cache\">"), html.indexOf("<h2 id=\"policy-cache+notifier\">"));
        String bothPart = html.substring(html.indexOf("<h2 id=\"policy-cache+notifier\">"));
        assertThat(cachePart).contains("<h3>Per-plugin accounting</h3>", "No notifier block or shrinker was called");
        assertThat(bothPart).contains("<h3>Per-plugin accounting</h3>", "<tr><td>churn-vmap-notifier</td><td>churn</td>"
                + "<td class=\"n\">" + both.figures().plugins().get(0).notifierCalls() + "</td>");
        assertThat(both.figures().plugins().get(0).notifierCalls()).as("its block was called").isPositive();
    }

    private static String cells(String... values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            sb.append("<td class=\"n\">").append(v).append("</td>");
        }
        return sb.toString();
    }
}
