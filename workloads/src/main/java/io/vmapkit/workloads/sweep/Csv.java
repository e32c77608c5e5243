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
 * {@code cell}, the axes, {@code seed}, every figure, every counter as {@code counter:NAME} and
 * every per-plugin figure as {@code plugin:NAME:FIGURE} (a value a cell lacks is empty). Stateless.
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
        Set<String> plugins = new LinkedHashSet<>();
        for (ResultLine l : sorted) {
            l.plugins().forEach((name, fields) -> {
                if (fields instanceof java.util.Map<?, ?> fm) {
                    fm.keySet().forEach(k -> plugins.add(name + ":" + k));
                }
            });
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
        plugins.forEach(p -> head.add("plugin:" + p));
        row(sb, head);
        for (ResultLine l : sorted) {
            List<String> r = new ArrayList<>();
            r.add(Integer.toString(l.cell().index()));
            axes.forEach(a -> r.add(l.cell().coordinates().getOrDefault(a, "")));
            r.add(Long.toString(l.cell().seed()));
            figures.forEach(f -> r.add(text(l.figures().get(f))));
            counters.forEach(c -> r.add(text(l.counters().get(c))));
            plugins.forEach(p -> r.add(text(plugin(l, p))));
            row(sb, r);
        }
        return sb.toString();
    }

    /** The value {@code NAME:FIGURE} of a line's per-plugin accounting, or {@code null}. */
    private static Object plugin(ResultLine l, String key) {
        int colon = key.lastIndexOf(':');
        Object fields = l.plugins().get(key.substring(0, colon));
        return fields instanceof java.util.Map<?, ?> fm ? fm.get(key.substring(colon + 1)) : null;
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
