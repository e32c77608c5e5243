package io.vmapkit.workloads.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Results as CSV (RFC 4180: comma-separated, fields with a comma, quote or line break quoted, the
 * quote doubled, CRLF line ends): a header row, then one row per cell in cell order with
 * {@code cell}, the axes, {@code seed}, every figure and every counter (a counter a cell lacks is
 * empty). Stateless.
 */
public final class Csv {

    private Csv() {}

    /** The CSV text of {@code lines}. */
    public static String render(List<ResultLine> lines) {
        List<ResultLine> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingInt(l -> l.cell().index()));
        Set<String> axes = new LinkedHashSet<>();
        Set<String> figures = new LinkedHashSet<>();
        Set<String> counters = new LinkedHashSet<>();
        for (ResultLine l : sorted) {
            axes.addAll(l.cell().coordinates().keySet());
            figures.addAll(l.figures().keySet());
            counters.addAll(l.counters().keySet());
        }
        StringBuilder sb = new StringBuilder();
        List<String> head = new ArrayList<>();
        head.add("cell");
        head.addAll(axes);
        head.add("seed");
        head.addAll(figures);
        counters.forEach(c -> head.add("counter:" + c));
        row(sb, head);
        for (ResultLine l : sorted) {
            List<String> r = new ArrayList<>();
            r.add(Integer.toString(l.cell().index()));
            axes.forEach(a -> r.add(l.cell().coordinates().getOrDefault(a, "")));
            r.add(Long.toString(l.cell().seed()));
            figures.forEach(f -> r.add(text(l.figures().get(f))));
            counters.forEach(c -> r.add(text(l.counters().get(c))));
            row(sb, r);
        }
        return sb.toString();
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        return v instanceof Double d ? String.format(Locale.ROOT, "%.6f", d) : v.toString();
    }

    private static void row(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        sb.append("\r\n");
    }
}
