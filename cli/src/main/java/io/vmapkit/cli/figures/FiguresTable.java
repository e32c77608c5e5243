package io.vmapkit.cli.figures;

import io.vmapkit.api.Addresses;
import io.vmapkit.cli.common.TextTable;
import io.vmapkit.workloads.figures.PluginAccount;
import io.vmapkit.workloads.figures.RunFigures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The summary table of {@code simulate} and {@code replay}: one row per figure, one column per
 * policy, so three policies fit an 80-column terminal. Byte figures are shown in binary units,
 * counts as plain numbers; workload counters without a row of their own follow at the end. The
 * per-plugin accounting ({@link PluginAccount}) is a second table ({@link #renderPlugins}), so the
 * first keeps its rows and its width.
 */
public final class FiguresTable {

    private FiguresTable() {}

    /**
     * The label of what notifier callbacks reported freed: the kernel leaves the unit of
     * {@code freed} to each block (pages for i915, objects for msm, chunks for the balloon).
     */
    public static final String FREED_BY_NOTIFIER = "freed by notifier (blocks' units)";
    /** The label of what shrinkers reported freed, in objects as {@code scan_objects} counts them. */
    public static final String FREED_BY_SHRINKER = "freed by shrinker (objects)";

    /** A per-plugin row: label suffix, whether it applies to an account, and its cell. */
    private record PluginRow(String label, Function<PluginAccount, Long> value, Function<Long, String> format) {}

    /** Per-plugin rows, each shown only when some run has a non-zero value in it. */
    private static final List<PluginRow> PLUGIN_ROWS = List.of(
            new PluginRow("notifier calls (calls)", PluginAccount::notifierCalls, String::valueOf),
            new PluginRow("freed by notifier (its unit)", PluginAccount::notifierFreed, String::valueOf),
            new PluginRow("shrink passes (calls)", PluginAccount::shrinkPasses, String::valueOf),
            new PluginRow("shrink counted (objects)", PluginAccount::shrinkCounted, String::valueOf),
            new PluginRow("shrink scanned (objects)", PluginAccount::shrinkScanned, String::valueOf),
            new PluginRow("freed by shrinker (objects)", PluginAccount::shrinkFreed, String::valueOf),
            new PluginRow("time in callbacks (ms)", PluginAccount::callbackNanos,
                    n -> String.format(Locale.ROOT, "%.3f", n / 1e6)),
            new PluginRow("quarantines (events)", PluginAccount::quarantines, String::valueOf),
            new PluginRow("errors (events)", PluginAccount::errors, String::valueOf),
            new PluginRow("claims not borne out (calls)", PluginAccount::unborneClaims, String::valueOf),
            new PluginRow("claimed, not borne out (its unit)", PluginAccount::unborneFreed, String::valueOf));

    /** The labels of the per-plugin figures, each with its unit, in order (the report's columns). */
    public static List<String> pluginLabels() {
        return PLUGIN_ROWS.stream().map(PluginRow::label).toList();
    }

    /** One account's per-plugin figures as shown, in the order of {@link #pluginLabels()}. */
    public static List<String> pluginValues(PluginAccount account) {
        return PLUGIN_ROWS.stream().map(r -> r.format().apply(r.value().apply(account))).toList();
    }

    /**
     * The lines naming every block whose claims were not borne out, one per block and run: what it
     * reported freed while the allocator saw no area released. Empty when there is none.
     */
    public static List<String> unborneClaims(List<RunFigures> runs) {
        List<String> lines = new ArrayList<>();
        for (RunFigures r : runs) {
            for (PluginAccount a : r.unborneClaims()) {
                lines.add("claims not borne out: notifier block '" + a.name() + "' (" + r.policy() + ") reported "
                        + a.unborneFreed() + " freed (its unit) in " + a.unborneClaims()
                        + (a.unborneClaims() == 1 ? " call" : " calls") + " that released no area");
            }
        }
        return lines;
    }

    /** The rows: label and how to show the figure. */
    private record Row(String label, Function<RunFigures, String> cell) {}

    private static final List<Row> ROWS = List.of(
            new Row("operations", f -> Long.toString(f.ops())),
            new Row("pinMap calls", f -> Long.toString(f.pinMapCalls())),
            new Row("cache hit rate", f -> String.format(Locale.ROOT, "%.1f %%", 100 * f.cacheHitRate())),
            new Row("vmaps", f -> Long.toString(f.vmaps())),
            new Row("vunmaps", f -> Long.toString(f.vunmaps())),
            new Row("alloc failures (EBUSY)", f -> Long.toString(f.allocFailures())),
            new Row("purges", f -> Long.toString(f.purges())),
            new Row("TLB flushes", f -> Long.toString(f.tlbFlushes())),
            new Row("notifier rounds", f -> Long.toString(f.notifierRounds())),
            new Row(FREED_BY_NOTIFIER, f -> Long.toString(f.freedByNotifier())),
            new Row(FREED_BY_SHRINKER, f -> Long.toString(f.freedByShrinker())),
            new Row("peak live", f -> Addresses.human(f.peakLiveBytes())),
            new Row("peak lazy", f -> Addresses.human(f.peakLazyBytes())),
            new Row("largest free block (end)", f -> Addresses.human(f.largestFreeBlock())),
            new Row("wall time", f -> String.format(Locale.ROOT, "%.3f s", f.wallNanos() / 1e9)),
            new Row("operations/s", f -> String.format(Locale.ROOT, "%.0f", f.opsPerSecond())));

    /** The labels of the fixed rows, in order. */
    public static List<String> labels() {
        return ROWS.stream().map(Row::label).toList();
    }

    /**
     * The per-plugin table: for each notifier block or shrinker name (in name order) a row with the
     * name and, when known and named otherwise, the plugin that registered it
     * ({@code i915_gem_shrinker (plugin i915)}; a block named after its plugin shows its name alone), then one row per figure with its unit, shown only when some run has a non-zero value in
     * it ({@code -}: the name did not appear in that run). Empty when no block or shrinker was called.
     */
    public static String renderPlugins(List<RunFigures> runs) {
        List<List<String>> cells = pluginCells(runs);
        if (cells.size() <= 1) {
            return "";
        }
        TextTable t = new TextTable(cells.get(0));
        cells.subList(1, cells.size()).forEach(t::row);
        return t.render();
    }

    /**
     * The cells of {@link #renderPlugins}: the header ({@code plugin (block or shrinker)} and the
     * policies), then per name a row with the name and empty cells, and its figure rows, each label
     * indented by two spaces.
     */
    public static List<List<String>> pluginCells(List<RunFigures> runs) {
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("plugin (block or shrinker)");
        runs.forEach(r -> header.add(r.policy()));
        table.add(header);
        Set<String> names = new TreeSet<>();
        runs.forEach(r -> r.plugins().forEach(a -> names.add(a.name())));
        for (String name : names) {
            List<String> title = new ArrayList<>();
            String plugin = runs.stream().flatMap(r -> r.plugins().stream())
                    .filter(a -> a.name().equals(name) && a.hasPlugin()).map(PluginAccount::plugin).findFirst().orElse("");
            // a block or shrinker named after its plugin (as the guide names them) needs no second name
            title.add(plugin.isEmpty() || plugin.equals(name) ? name : name + " (plugin " + plugin + ")");
            runs.forEach(r -> title.add(""));
            table.add(title);
            for (PluginRow row : PLUGIN_ROWS) {
                List<Long> values = runs.stream().map(r -> r.plugins().stream().filter(a -> a.name().equals(name))
                        .findFirst().map(row.value()).orElse(null)).toList();
                if (values.stream().noneMatch(v -> v != null && v != 0)) {
                    continue;
                }
                List<String> cells = new ArrayList<>();
                cells.add("  " + row.label());
                values.forEach(v -> cells.add(v == null ? "-" : row.format().apply(v)));
                table.add(cells);
            }
        }
        return table;
    }

    /** The table for {@code runs}, one column each, in the given order. */
    public static String render(List<RunFigures> runs) {
        List<List<String>> cells = cells(runs);
        TextTable t = new TextTable(cells.get(0));
        cells.subList(1, cells.size()).forEach(t::row);
        return t.render();
    }

    /**
     * The table's cells: the header row ({@code figure} and the policies), then one row per figure
     * and one per workload counter without a row of its own.
     */
    public static List<List<String>> cells(List<RunFigures> runs) {
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("figure");
        runs.forEach(r -> header.add(r.policy()));
        table.add(header);
        for (Row row : ROWS) {
            List<String> cells = new ArrayList<>();
            cells.add(row.label());
            runs.forEach(r -> cells.add(row.cell().apply(r)));
            table.add(cells);
        }
        Set<String> extra = new LinkedHashSet<>();
        runs.forEach(r -> extra.addAll(r.extraCounters().keySet()));
        for (String key : extra) {
            List<String> cells = new ArrayList<>();
            cells.add("workload: " + key);
            runs.forEach(r -> cells.add(r.counters().containsKey(key) ? Long.toString(r.counters().get(key)) : "-"));
            table.add(cells);
        }
        return table;
    }
}
