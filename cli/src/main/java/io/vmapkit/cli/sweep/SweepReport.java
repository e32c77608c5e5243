package io.vmapkit.cli.sweep;

import io.vmapkit.workloads.sweep.Axis;
import io.vmapkit.workloads.sweep.ResultLine;
import io.vmapkit.workloads.sweep.Summary;
import io.vmapkit.workloads.sweep.SweepHeader;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The self-contained HTML report of a sweep: what ran, heat maps of the EBUSY rate over two axes
 * (one per policy), line charts of the vmaps caching saved against the pre-4.7 baseline with 95 %
 * error bars across seeds, the summary table and the per-plugin accounting ({@link PluginSummary}).
 * Charts are PNG images embedded as data URIs; the page references nothing outside itself. Stateless.
 *
 * <p><b>Which axes.</b> The heat maps' x axis is {@code space-size} if it is an axis, else the first
 * axis other than {@code policy}; the y axis {@code ncpus}, else the next such axis. Further axes
 * are held at their first value (the caption says so). The EBUSY rate of a cell is its allocation
 * failures per 1,000 operations; a heat-map square is its mean over the seeds.
 */
final class SweepReport {

    static final String POLICY = ScenarioCells.POLICY;
    static final String BASELINE = "pre-4.7";

    /** The figures of the table: name, header, divisor. */
    static final List<String[]> TABLE = List.of(
            new String[] {"allocFailures", "EBUSY", "1"},
            new String[] {"vmaps", "vmaps", "1"},
            new String[] {"vunmaps", "vunmaps", "1"},
            new String[] {"cacheHitRate", "cache hit rate %", "0.01"},
            new String[] {"purges", "purges", "1"},
            new String[] {"notifierRounds", "notifier rounds", "1"},
            new String[] {"freedByNotifier", "freed by notifier (plugin's unit; pages for i915)", "1"},
            new String[] {"peakLiveBytes", "peak live MiB", "1048576"},
            new String[] {"largestFreeBlockBytes", "largest free block MiB", "1048576"});

    private SweepReport() {}

    static void write(Path file, SweepHeader header, List<ResultLine> lines) throws IOException {
        Files.writeString(file, html(header, lines), StandardCharsets.UTF_8);
    }

    static String html(SweepHeader header, List<ResultLine> lines) throws IOException {
        StringBuilder h = new StringBuilder(256 * 1024);
        String title = "vmapkit sweep: " + header.scenario();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:90%}td,th{border:1px solid #ccc;padding:3px 6px}\n")
                .append("td.n{text-align:right;font-family:monospace;white-space:nowrap}th{background:#f3f3f3}\n")
                .append("dl.params dt{font-weight:bold;float:left;clear:left;width:12em}dl.params dd{margin-left:13em}\n")
                .append("img.chart{display:inline-block;margin:.5em;max-width:100%;vertical-align:top}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n<dl class=\"params\">\n");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("cells", lines.size() + " (" + SweepCommand.describe(header.plan()) + ")");
        params.put("operations per cell", lines.isEmpty() ? "-" : String.valueOf(lines.get(0).figures().get("ops")));
        params.put("scenario digest", header.scenarioDigest());
        params.put("vmapkit version", header.version());
        params.put("intervals", "95 % Student's t interval of the mean across seeds: mean ± t(0.975, n−1)·s/√n");
        params.forEach((k, v) -> h.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>\n"));
        h.append("</dl>\n");
        Map<Map<String, String>, List<ResultLine>> groups = groups(lines);
        List<Axis> axes = header.plan().axes();
        List<Axis> others = axes.stream().filter(a -> !a.key().equals(POLICY)).toList();
        Optional<Axis> policyAxis = axes.stream().filter(a -> a.key().equals(POLICY)).findFirst();
        List<String> policies = policyAxis.map(Axis::values).orElse(List.of(""));
        Axis x = others.stream().filter(a -> a.key().equals(ScenarioCells.SPACE_SIZE)).findFirst()
                .orElse(others.isEmpty() ? null : others.get(0));
        Axis y = others.stream().filter(a -> a != x && a.key().equals(ScenarioCells.NCPUS)).findFirst()
                .orElse(others.stream().filter(a -> a != x).findFirst().orElse(null));
        Map<String, String> held = new LinkedHashMap<>();
        others.stream().filter(a -> a != x && a != y).forEach(a -> held.put(a.key(), a.values().get(0)));
        String heldNote = held.isEmpty() ? "" : " (other axes held at " + held + ")";

        h.append("<h2>EBUSY rate</h2>\n");
        if (x == null || y == null) {
            h.append("<p>Heat maps need two axes besides policy; this sweep has ").append(others.size()).append(".</p>\n");
        } else {
            h.append("<p>Allocation failures (EBUSY) per 1,000 operations, mean over the seeds, by ").append(esc(x.key()))
                    .append(" and ").append(esc(y.key())).append(esc(heldNote)).append(".</p>\n");
            double max = 0;
            for (List<ResultLine> g : groups.values()) {
                max = Math.max(max, ebusyRate(g).mean());
            }
            for (String p : policies) {
                HeatMapChart chart = heatMap(p, x, y, held, groups, max);
                h.append(img(chart, "EBUSY per 1,000 operations over " + x.key() + " and " + y.key() + ", policy " + p));
            }
        }

        h.append("<h2>vmaps saved by caching</h2>\n");
        if (x == null || policies.size() < 2) {
            h.append("<p>These charts need a policy axis with a baseline and an axis besides it.</p>\n");
        } else {
            String base = policies.contains(BASELINE) ? BASELINE : policies.get(0);
            h.append("<p>vmaps of the ").append(esc(base)).append(" baseline minus vmaps of each policy, cell by cell (same ")
                    .append("coordinates and seed), against ").append(esc(x.key()))
                    .append("; the bars are the 95 % interval across seeds").append(esc(heldNote)).append(".</p>\n");
            for (String yv : y == null ? List.of("") : y.values()) {
                h.append(img(savedChart(base, policies, x, y, yv, held, groups),
                        "vmaps saved against " + base + (y == null ? "" : " at " + y.key() + "=" + yv)));
            }
        }

        h.append("<h2>Summary across seeds</h2>\n<p>Each cell: mean ±half-width of the 95 % interval [min..max].</p>\n");
        h.append(table(lines));
        h.append("<h2>Per-plugin accounting</h2>\n<p>Per coordinates, each notifier block or shrinker a cell called, "
                + "with the plugin that registered it; means and totals across the seeds.</p>\n");
        h.append(PluginSummary.html(groups));
        h.append("<hr><p><small>Written by vmapkit sweep. Results as data: the JSON lines file (one cell per line) and "
                + "--csv.</small></p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static Map<Map<String, String>, List<ResultLine>> groups(List<ResultLine> lines) {
        List<ResultLine> sorted = new ArrayList<>(lines);
        sorted.sort((a, b) -> Integer.compare(a.cell().index(), b.cell().index()));
        Map<Map<String, String>, List<ResultLine>> m = new LinkedHashMap<>();
        sorted.forEach(l -> m.computeIfAbsent(l.cell().coordinates(), k -> new ArrayList<>()).add(l));
        return m;
    }

    /** EBUSY per 1,000 operations of each seed of a group. */
    static Summary.Stats ebusyRate(List<ResultLine> group) {
        double[] v = group.stream().mapToDouble(l -> l.figure("ops") == 0 ? 0
                : l.figure("allocFailures") * 1000.0 / l.figure("ops")).toArray();
        return Summary.Stats.of(v);
    }

    private static List<ResultLine> find(Map<Map<String, String>, List<ResultLine>> groups, Map<String, String> want) {
        for (Map.Entry<Map<String, String>, List<ResultLine>> e : groups.entrySet()) {
            if (e.getKey().entrySet().containsAll(want.entrySet())) {
                return e.getValue();
            }
        }
        return List.of();
    }

    private static HeatMapChart heatMap(String policy, Axis x, Axis y, Map<String, String> held,
            Map<Map<String, String>, List<ResultLine>> groups, double max) {
        HeatMapChart chart = new HeatMapChartBuilder().width(560).height(420)
                .title(policy.isEmpty() ? "EBUSY per 1,000 ops" : "policy " + policy + ": EBUSY per 1,000 ops")
                .xAxisTitle(x.key()).yAxisTitle(y.key()).build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(Math.max(max, 1e-9));
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xf7, 0xfb, 0xff), new Color(0xfd, 0xae, 0x61),
            new Color(0xd7, 0x19, 0x1c)});
        List<Number[]> heat = new ArrayList<>();
        for (int i = 0; i < x.values().size(); i++) {
            for (int j = 0; j < y.values().size(); j++) {
                Map<String, String> want = new LinkedHashMap<>(held);
                want.put(x.key(), x.values().get(i));
                want.put(y.key(), y.values().get(j));
                if (!policy.isEmpty()) {
                    want.put(POLICY, policy);
                }
                List<ResultLine> g = find(groups, want);
                if (!g.isEmpty()) {
                    heat.add(new Number[] {i, j, ebusyRate(g).mean()});
                }
            }
        }
        chart.addSeries("EBUSY per 1,000 ops", x.values(), y.values(), heat);
        return chart;
    }

    private static CategoryChart savedChart(String base, List<String> policies, Axis x, Axis y, String yv,
            Map<String, String> held, Map<Map<String, String>, List<ResultLine>> groups) {
        CategoryChart chart = new CategoryChartBuilder().width(560).height(410)
                .title("vmaps saved vs " + base + (y == null ? "" : ", " + y.key() + "=" + yv))
                .xAxisTitle(x.key()).yAxisTitle("vmaps saved (mean, 95 % bars)").build();
        CategoryStyler s = chart.getStyler();
        s.setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Line);
        s.setLegendPosition(Styler.LegendPosition.OutsideS); // inside, it hides the top series
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setErrorBarsColor(Color.DARK_GRAY);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String p : policies) {
            if (p.equals(base)) {
                continue;
            }
            List<Double> mean = new ArrayList<>();
            List<Double> bars = new ArrayList<>();
            for (String xv : x.values()) {
                Map<String, String> at = new LinkedHashMap<>(held);
                at.put(x.key(), xv);
                if (y != null) {
                    at.put(y.key(), yv);
                }
                Map<String, String> wantBase = new LinkedHashMap<>(at);
                wantBase.put(POLICY, base);
                Map<String, String> wantP = new LinkedHashMap<>(at);
                wantP.put(POLICY, p);
                Map<Long, Double> baseBySeed = new LinkedHashMap<>();
                find(groups, wantBase).forEach(l -> baseBySeed.put(l.cell().seed(), l.figure("vmaps")));
                double[] saved = find(groups, wantP).stream().filter(l -> baseBySeed.containsKey(l.cell().seed()))
                        .mapToDouble(l -> baseBySeed.get(l.cell().seed()) - l.figure("vmaps")).toArray();
                if (saved.length == 0) {
                    mean.add(0.0);
                    bars.add(0.0);
                    continue;
                }
                Summary.Stats st = Summary.Stats.of(saved);
                mean.add(st.mean());
                bars.add(Double.isNaN(st.halfWidth()) ? 0 : st.halfWidth());
            }
            chart.addSeries(p, x.values(), mean, bars);
            for (int i = 0; i < mean.size(); i++) {
                lo = Math.min(lo, mean.get(i) - bars.get(i));
                hi = Math.max(hi, mean.get(i) + bars.get(i));
            }
        }
        if (hi > lo) { // XChart's automatic range can clip the error bars and the top series
            double pad = (hi - lo) * 0.08;
            s.setYAxisMin(lo - pad);
            s.setYAxisMax(hi + pad);
        }
        return chart;
    }

    private static String table(List<ResultLine> lines) {
        Summary s = Summary.of(lines);
        StringBuilder t = new StringBuilder("<table class=\"summary\">\n<tr>");
        if (s.groups().isEmpty()) {
            return "<p>No cells.</p>\n";
        }
        s.groups().get(0).coordinates().keySet().forEach(k -> t.append("<th>").append(esc(k)).append("</th>"));
        t.append("<th>seeds</th>");
        TABLE.forEach(f -> t.append("<th>").append(esc(f[1])).append("</th>"));
        t.append("</tr>\n");
        for (Summary.Group g : s.groups()) {
            t.append("<tr>");
            g.coordinates().values().forEach(v -> t.append("<td>").append(esc(v)).append("</td>"));
            t.append("<td class=\"n\">").append(g.stats("ops").n()).append("</td>");
            for (String[] f : TABLE) {
                Summary.Stats st = g.figures().get(f[0]);
                t.append("<td class=\"n\">").append(st == null ? "" : esc(SummaryTable.cell(st, Double.parseDouble(f[2]))))
                        .append("</td>");
            }
            t.append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String img(Chart<?, ?> chart, String alt) throws IOException {
        Objects.requireNonNull(chart);
        return "<img class=\"chart\" alt=\"" + esc(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG))
                + "\">\n";
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
