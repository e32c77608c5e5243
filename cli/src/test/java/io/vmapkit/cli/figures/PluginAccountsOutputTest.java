package io.vmapkit.cli.figures;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.workloads.figures.PluginAccount;
import io.vmapkit.workloads.figures.RunFigures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-plugin accounting in the table, the lines naming claims not borne out, and the JSON. */
class PluginAccountsOutputTest {

    private static RunFigures figures(String policy, PluginAccount... accounts) {
        return new RunFigures(policy, 100, 0, 0, 60, 0, 40, 0, 0, 40, 0, 0, 0, 0, 0, 1_000_000, Map.of(), List.of())
                .withPlugins(List.of(accounts));
    }

    /** A liar: 1 call, claims 10, frees nothing; an honest cache: 41 calls, 8 freed, 1.5 ms. */
    private static final PluginAccount LIAR = new PluginAccount("liar", 1, 10, 0, 0, 0, 0, 2_000, 0, 0, 1, 10);
    private static final PluginAccount CACHE = new PluginAccount("cached-mappings", 41, 8, 0, 0, 0, 0, 1_500_000, 0, 0, 0, 0);

    @Test
    void theTableHasABlockPerNameWithTheNonZeroFiguresAndTheirUnits() {
        String table = FiguresTable.renderPlugins(List.of(figures("alone"), figures("with", LIAR, CACHE)));

        assertThat(table.lines().toList()).containsExactly(
                // first column 35 wide (the longest label, 2 + 33); then two spaces and "-" right-aligned in
                // "alone"'s 5 columns, two spaces and the value right-aligned in "1.500"'s 5 columns
                "plugin (block or shrinker)           alone   with",
                "cached-mappings",
                "  notifier calls (calls)                 -     41",
                "  freed by notifier (its unit)           -      8",
                "  time in callbacks (ms)                 -  1.500",
                "liar",
                "  notifier calls (calls)                 -      1",
                "  freed by notifier (its unit)           -     10",
                "  time in callbacks (ms)                 -  0.002",
                "  claims not borne out (calls)           -      1",
                "  claimed, not borne out (its unit)      -     10");
    }

    @Test
    void noAccountsNoTable() {
        assertThat(FiguresTable.renderPlugins(List.of(figures("a")))).isEmpty();
    }

    @Test
    void aBlockWhoseClaimsWereNotBorneOutIsNamedWithItsPolicyAndAmount() {
        assertThat(FiguresTable.unborneClaims(List.of(figures("cache", LIAR, CACHE))))
                .containsExactly("claims not borne out: notifier block 'liar' (cache) reported 10 freed (its unit) in 1 call that released no area");
        assertThat(FiguresTable.unborneClaims(List.of(figures("cache", CACHE)))).isEmpty();
    }

    @Test
    void theJsonHasTheFlatPerPluginFieldsAfterTheFigures() {
        String json = FiguresJson.render(List.of(figures("cache", LIAR)));

        assertThat(json).contains("\"opsPerSecond\": 100000.000000,\n"
                + "    \"plugin.liar.notifierCalls\": 1,\n"
                + "    \"plugin.liar.notifierFreed\": 10,\n"
                + "    \"plugin.liar.shrinkPasses\": 0,\n"
                + "    \"plugin.liar.shrinkCountedObjects\": 0,\n"
                + "    \"plugin.liar.shrinkScannedObjects\": 0,\n"
                + "    \"plugin.liar.shrinkFreedObjects\": 0,\n"
                + "    \"plugin.liar.callbackNanos\": 2000,\n"
                + "    \"plugin.liar.quarantines\": 0,\n"
                + "    \"plugin.liar.errors\": 0,\n"
                + "    \"plugin.liar.unborneClaims\": 1,\n"
                + "    \"plugin.liar.unborneFreed\": 10\n"
                + "  }");
    }

    /** The i915 driver's shrinker, registered by plugin i915: 3 passes, 7 freed objects. */
    private static final PluginAccount GEM = new PluginAccount("i915_gem_shrinker", "i915", 0, 0, 3, 12, 9, 7, 0, 0, 0, 0, 0);

    @Test
    void aKnownRegisteringPluginIsNamedInTheTitleRowAndTheJson() {
        String table = FiguresTable.renderPlugins(List.of(figures("cache", GEM, LIAR)));

        assertThat(table.lines().toList()).containsExactly(
                // first column: the title "i915_gem_shrinker (plugin i915)" is 31 wide, the longest label 35
                "plugin (block or shrinker)           cache",
                "i915_gem_shrinker (plugin i915)",
                "  shrink passes (calls)                  3",
                "  shrink counted (objects)              12",
                "  shrink scanned (objects)               9",
                "  freed by shrinker (objects)            7",
                "liar",
                "  notifier calls (calls)                 1",
                "  freed by notifier (its unit)          10",
                "  time in callbacks (ms)             0.002",
                "  claims not borne out (calls)           1",
                "  claimed, not borne out (its unit)     10");
        assertThat(FiguresTable.renderPlugins(List.of(figures("cache",
                new PluginAccount("liar", "liar", 1, 10, 0, 0, 0, 0, 2_000, 0, 0, 1, 10)))).lines().toList())
                .as("named after its plugin: the name alone").contains("liar").doesNotContain("liar (plugin liar)");
        String json = FiguresJson.render(List.of(figures("cache", GEM)));
        assertThat(json).contains("\"plugin.i915_gem_shrinker.unborneFreed\": 0,\n"
                + "    \"plugin.i915_gem_shrinker.registeredBy\": \"i915\"\n  }");
    }
}
