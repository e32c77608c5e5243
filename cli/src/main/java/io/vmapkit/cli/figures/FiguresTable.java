package io.vmapkit.cli.figures;

import io.vmapkit.api.Addresses;
import io.vmapkit.cli.common.TextTable;
import io.vmapkit.workloads.figures.RunFigures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The summary table of {@code simulate} and {@code replay}: one row per figure, one column per
 * policy, so three policies fit an 80-column terminal. Byte figures are shown in binary units,
 * counts as plain numbers; workload counters without a row of their own follow at the end.
 */
public final class FiguresTable {

    private FiguresTable() {}

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
            new Row("freed by notifier", f -> Long.toString(f.freedByNotifier())),
            new Row("freed by shrinker", f -> Long.toString(f.freedByShrinker())),
            new Row("peak live", f -> Addresses.human(f.peakLiveBytes())),
            new Row("peak lazy", f -> Addresses.human(f.peakLazyBytes())),
            new Row("largest free block (end)", f -> Addresses.human(f.largestFreeBlock())),
            new Row("wall time", f -> String.format(Locale.ROOT, "%.3f s", f.wallNanos() / 1e9)),
            new Row("operations/s", f -> String.format(Locale.ROOT, "%.0f", f.opsPerSecond())));

    /** The labels of the fixed rows, in order. */
    public static List<String> labels() {
        return ROWS.stream().map(Row::label).toList();
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
