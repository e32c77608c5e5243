package io.vmapkit.cli.report;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.cli.figures.FiguresTable;
import io.vmapkit.workloads.figures.PluginAccount;
import io.vmapkit.workloads.figures.RunFigures;
import io.vmapkit.workloads.figures.RunRecord;
import io.vmapkit.workloads.scenario.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes the self-contained HTML report of a simulation: parameters, the figures table, the policy
 * comparison charts (mappings; failures and notifier rounds), and per policy the occupancy chart,
 * the chart of who freed what, the per-plugin accounting table and the address-space map. Charts are base64 PNG images, the map inline SVG; no external resource
 * is referenced. Stateless.
 */
public final class HtmlReport {

    /** Columns of the address-space strip. */
    static final int STRIP_COLUMNS = 1000;

    private HtmlReport() {}

    /**
     * Writes the report.
     *
     * @param file the HTML file to write
     * @param title the page title
     * @param parameters what was run, shown as a list (in order)
     * @param runs one per policy, in order
     * @throws IOException if the file cannot be written or a chart cannot be encoded
     */
    public static void write(Path file, String title, Map<String, String> parameters, List<RunRecord> runs) throws IOException {
        write(file, title, parameters, List.of(), runs);
    }

    /**
     * Writes the report with the run's resolved settings.
     *
     * @param settings every resolved setting with where it came from ({@code where} of each entry:
     *     a scenario file's line, a policy, the command line, a kernel preset, the default), in order
     * @throws IOException if the file cannot be written or a chart cannot be encoded
     */
    public static void write(Path file, String title, Map<String, String> parameters, List<Entry> settings,
            List<RunRecord> runs) throws IOException {
        Files.writeString(file, html(title, parameters, settings, runs), StandardCharsets.UTF_8);
    }

    /** The report's HTML text. */
    static String html(String title, Map<String, String> parameters, List<RunRecord> runs) throws IOException {
        return html(title, parameters, List.of(), runs);
    }

    /** The report's HTML text, with the settings table when {@code settings} is not empty. */
    static String html(String title, Map<String, String> parameters, List<Entry> settings, List<RunRecord> runs)
            throws IOException {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1060px;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px}\n")
                .append("td.n{text-align:right;font-family:monospace}th{background:#f3f3f3}\n")
                .append("dl.params dt{font-weight:bold;float:left;clear:left;width:14em}dl.params dd{margin-left:15em}\n")
                .append(".legend span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}\n")
                .append("img.chart{display:block;margin:1em 0;max-width:100%}\n")
                .append("tr.unborne td{background:#fde0dc}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<dl class=\"params\">\n");
        parameters.forEach((k, v) -> h.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>\n"));
        h.append("</dl>\n");
        if (!settings.isEmpty()) {
            h.append("<h2>Settings as run</h2>\n<table class=\"settings\">\n<tr><th>setting</th><th>value</th><th>from</th></tr>\n");
            for (Entry e : settings) {
                h.append("<tr><td>").append(esc(e.key())).append("</td><td>").append(esc(e.value())).append("</td><td>")
                        .append(esc(e.where())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h2>Figures</h2>\n").append(table(runs.stream().map(RunRecord::figures).toList()));
        h.append("<h2>Policies compared</h2>\n").append(img(Charts.mappings(runs), "vmaps and vunmaps per policy"))
                .append(img(Charts.pressure(runs), "allocation failures and notifier rounds per policy"));
        for (RunRecord r : runs) {
            String p = r.figures().policy();
            h.append("<h2 id=\"policy-").append(esc(p)).append("\">Policy ").append(esc(p)).append("</h2>\n");
            h.append(img(Charts.occupancy(r), p + ": live, lazy and free bytes over the run; " + r.figures().purges()
                    + " purges and " + r.figures().notifierRounds() + " notifier rounds marked"));
            h.append(img(Charts.freed(r), p + ": what the purge notifier chain and each shrinker reported freed, "
                    + "cumulative over the operations"));
            h.append(plugins(r.figures()));
            if (r.layoutMap() != null) {
                h.append("<h3>Address space after the initial layout</h3>\n");
                h.append("<div class=\"map layout\">").append(SpaceStrip.svg(r.layoutMap(), STRIP_COLUMNS)).append("</div>\n");
                h.append("<p>").append(esc(fragmentation(r.layoutMap()))).append("</p>\n");
            }
            h.append("<h3>Address space at the end of the run</h3>\n");
            h.append("<div class=\"map\">").append(SpaceStrip.svg(r.endMap(), STRIP_COLUMNS)).append("</div>\n");
            h.append("<p class=\"legend\"><span style=\"background:#d62728\"></span>busy"
                    + "<span style=\"background:#ff7f0e\"></span>lazy (freed, not purged)"
                    + "<span style=\"background:#2ca02c\"></span>free; mixed colours are stretches where they alternate</p>\n");
            h.append("<p>").append(esc(fragmentation(r.endMap()))).append("</p>\n");
        }
        h.append("<hr><p><small>Written by vmapkit simulate. Allocator figures come from the allocator's statistics, "
                + "driver figures from the workload's counters.</small></p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String table(List<RunFigures> runs) {
        List<List<String>> cells = FiguresTable.cells(runs);
        StringBuilder t = new StringBuilder("<table class=\"figures\">\n<tr>");
        cells.get(0).forEach(c -> t.append("<th>").append(esc(c)).append("</th>"));
        t.append("</tr>\n");
        for (List<String> row : cells.subList(1, cells.size())) {
            t.append("<tr><td>").append(esc(row.get(0))).append("</td>");
            row.subList(1, row.size()).forEach(c -> t.append("<td class=\"n\">").append(esc(c)).append("</td>"));
            t.append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    /**
     * One policy's per-plugin accounting: a row per notifier block or shrinker (name, the plugin that
     * registered it, then every figure of {@link FiguresTable#pluginLabels()} with its unit); a row
     * whose claims were not borne out has class {@code unborne}. A sentence when there is none.
     */
    static String plugins(RunFigures run) {
        StringBuilder t = new StringBuilder("<h3>Per-plugin accounting</h3>\n");
        if (run.plugins().isEmpty()) {
            return t.append("<p class=\"no-plugins\">No notifier block or shrinker was called in this run.</p>\n").toString();
        }
        t.append("<table class=\"plugins\">\n<tr><th>block or shrinker</th><th>plugin</th>");
        FiguresTable.pluginLabels().forEach(l -> t.append("<th>").append(esc(l)).append("</th>"));
        t.append("</tr>\n");
        for (PluginAccount a : run.plugins()) {
            t.append(a.hasUnborneClaims() ? "<tr class=\"unborne\">" : "<tr>").append("<td>").append(esc(a.name()))
                    .append("</td><td>").append(a.hasPlugin() ? esc(a.plugin()) : "(not a plugin's)").append("</td>");
            FiguresTable.pluginValues(a).forEach(v -> t.append("<td class=\"n\">").append(esc(v)).append("</td>"));
            t.append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String img(Chart<?, ?> chart, String alt) throws IOException {
        return "<img class=\"chart\" alt=\"" + esc(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(Charts.png(chart)) + "\">\n";
    }

    private static String fragmentation(VmapSnapshot map) {
        return map.count(VmapSnapshot.Kind.BUSY) + " live areas (" + Addresses.human(map.bytes(VmapSnapshot.Kind.BUSY)) + "), "
                + map.count(VmapSnapshot.Kind.LAZY) + " lazy areas (" + Addresses.human(map.bytes(VmapSnapshot.Kind.LAZY)) + "), "
                + map.count(VmapSnapshot.Kind.FREE) + " free blocks (" + Addresses.human(map.bytes(VmapSnapshot.Kind.FREE))
                + "), the largest " + Addresses.human(map.largestFree()) + ".";
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}
