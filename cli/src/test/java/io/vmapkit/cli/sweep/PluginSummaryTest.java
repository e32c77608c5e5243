package io.vmapkit.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.workloads.figures.PluginAccount;
import io.vmapkit.workloads.figures.RunFigures;
import io.vmapkit.workloads.sweep.Axis;
import io.vmapkit.workloads.sweep.ResultLine;
import io.vmapkit.workloads.sweep.SweepHeader;
import io.vmapkit.workloads.sweep.SweepPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep report's per-plugin table, from hand-made result lines. */
class PluginSummaryTest {

    private final SweepPlan plan = new SweepPlan(List.of(Axis.parse("policy=a", "--axis")), List.of(1L, 2L));
    private final SweepHeader header = new SweepHeader("fake", "sha256:00", "test", plan);

    private ResultLine line(int cell, PluginAccount... accounts) {
        RunFigures f = new RunFigures("a", 100, 0, 0, 60, 0, 40, 0, 0, 40, 0, 0, 0, 0, 0, 1_000_000, Map.of(), List.of())
                .withPlugins(List.of(accounts));
        return ResultLine.of(header, plan.cell(cell), f);
    }

    /**
     * Seed 1: block "blk" of plugin p, 4 calls, 10 freed, 1 claim not borne out. Seed 2: blk 2 calls,
     * 0 freed; shrinker "shr" (no plugin) freed 6. Means over the 2 seeds: blk calls (4+2)/2 = 3, freed
     * (10+0)/2 = 5, claims total 1; shr freed by shrinker (0+6)/2 = 3 (absent in seed 1 counts as 0).
     */
    @Test
    void meansAcrossSeedsAndTotalsPerBlockWithItsPlugin() {
        List<ResultLine> lines = List.of(
                line(0, new PluginAccount("blk", "p", 4, 10, 0, 0, 0, 0, 500, 0, 0, 1, 10)),
                line(1, new PluginAccount("blk", "p", 2, 0, 0, 0, 0, 0, 500, 0, 0, 0, 0),
                        new PluginAccount("shr", 0, 0, 1, 9, 9, 6, 500, 0, 0, 0, 0)));

        String html = PluginSummary.html(Map.of(Map.of("policy", "a"), lines));

        assertThat(html).contains("<tr><th>policy</th><th>block or shrinker</th><th>plugin</th><th>seeds</th>"
                + "<th>notifier calls (calls, mean)</th><th>freed by notifier (its unit, mean)</th>"
                + "<th>freed by shrinker (objects, mean)</th><th>quarantines (events, total)</th>"
                + "<th>errors (events, total)</th><th>claims not borne out (calls, total)</th></tr>");
        assertThat(html).contains("<tr><td>a</td><td>blk</td><td>p</td><td class=\"n\">2</td><td class=\"n\">3</td>"
                + "<td class=\"n\">5</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">1</td></tr>");
        assertThat(html).contains("<tr><td>a</td><td>shr</td><td>(not a plugin's)</td><td class=\"n\">2</td><td class=\"n\">0</td>"
                + "<td class=\"n\">0</td><td class=\"n\">3</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0</td></tr>");
    }

    @Test
    void noBlockCalledNoTable() {
        String html = PluginSummary.html(Map.of(Map.of("policy", "a"), List.of(line(0), line(1))));
        assertThat(html).contains("No notifier block or shrinker was called in any cell").doesNotContain("<table");
    }
}
