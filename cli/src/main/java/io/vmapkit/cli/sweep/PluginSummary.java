package io.vmapkit.cli.sweep;

import io.vmapkit.workloads.sweep.ResultLine;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sweep report's per-plugin accounting: per coordinates (the seeds pooled) and per notifier block
 * or shrinker that any of their cells called, the plugin that registered it and the mean across the
 * seeds of its notifier calls (calls), what its purge block reported freed (its unit) and what its
 * shrinkers freed (objects), and the totals of its quarantines, errors (events) and claims not borne
 * out (calls). A seed in which the block or shrinker was not called counts as 0 in the means.
 * Stateless.
 */
final class PluginSummary {

    /** The columns after coordinates, name, plugin and seeds: results field, header, mean (else total). */
    static final List<Object[]> COLUMNS = List.of(
            new Object[] {"notifierCalls", "notifier calls (calls, mean)", true},
            new Object[] {"notifierFreed", "freed by notifier (its unit, mean)", true},
            new Object[] {"shrinkFreed", "freed by shrinker (objects, mean)", true},
            new Object[] {"quarantines", "quarantines (events, total)", false},
            new Object[] {"errors", "errors (events, total)", false},
            new Object[] {"unborneClaims", "claims not borne out (calls, total)", false});

    private PluginSummary() {}

    /** The HTML table, or a sentence when no cell called a block or shrinker. */
    static String html(Map<Map<String, String>, List<ResultLine>> groups) {
        StringBuilder t = new StringBuilder();
        boolean any = false;
        for (Map.Entry<Map<String, String>, List<ResultLine>> g : groups.entrySet()) {
            Map<String, String> plugins = new TreeMap<>();
            g.getValue().forEach(l -> l.plugins().forEach((name, fields) -> plugins.merge(name, registeredBy(fields),
                    (a, b) -> a.isEmpty() ? b : a)));
            for (Map.Entry<String, String> p : plugins.entrySet()) {
                if (!any) {
                    t.append("<table class=\"plugins\">\n<tr>");
                    g.getKey().keySet().forEach(k -> t.append("<th>").append(SweepReport.esc(k)).append("</th>"));
                    t.append("<th>block or shrinker</th><th>plugin</th><th>seeds</th>");
                    COLUMNS.forEach(c -> t.append("<th>").append(SweepReport.esc((String) c[1])).append("</th>"));
                    t.append("</tr>\n");
                    any = true;
                }
                t.append("<tr>");
                g.getKey().values().forEach(v -> t.append("<td>").append(SweepReport.esc(v)).append("</td>"));
                t.append("<td>").append(SweepReport.esc(p.getKey())).append("</td><td>")
                        .append(p.getValue().isEmpty() ? "(not a plugin's)" : SweepReport.esc(p.getValue())).append("</td>");
                int n = g.getValue().size();
                t.append("<td class=\"n\">").append(n).append("</td>");
                for (Object[] c : COLUMNS) {
                    double sum = 0;
                    for (ResultLine l : g.getValue()) {
                        sum += field(l.plugins().get(p.getKey()), (String) c[0]);
                    }
                    double v = (Boolean) c[2] ? sum / n : sum;
                    t.append("<td class=\"n\">").append(SummaryTable.num(v)).append("</td>");
                }
                t.append("</tr>\n");
            }
        }
        return any ? t.append("</table>\n").toString()
                : "<p>No notifier block or shrinker was called in any cell.</p>\n";
    }

    private static String registeredBy(Object fields) {
        return fields instanceof Map<?, ?> m && m.get("registeredBy") instanceof String s ? s : "";
    }

    private static double field(Object fields, String name) {
        return fields instanceof Map<?, ?> m && m.get(name) instanceof Number v ? v.doubleValue() : 0;
    }
}
