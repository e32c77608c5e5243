package io.vmapkit.cli.report;

import io.vmapkit.workloads.figures.RunFigures;
import io.vmapkit.workloads.figures.RunRecord;
import io.vmapkit.workloads.figures.Timeline;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart. Stateless. */
final class Charts {

    static final Color LIVE = new Color(0xd6, 0x27, 0x28);
    static final Color LAZY = new Color(0xff, 0x7f, 0x0e);
    static final Color FREE = new Color(0x2c, 0xa0, 0x2c);
    private static final Color PURGE = new Color(0x1f, 0x77, 0xb4);
    private static final Color ROUND = new Color(0x94, 0x67, 0xbd);

    /** Marks drawn per kind; more are thinned evenly (the legend gives the full count). */
    private static final int MAX_DRAWN_MARKS = 2_000;

    private static final double MIB = 1 << 20;

    private Charts() {}

    /** A chart as PNG bytes. */
    static byte[] png(Chart<?, ?> chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Live, lazy and free MiB over the operations of one run; purges marked along the bottom, notifier
     * rounds along the top.
     */
    static XYChart occupancy(RunRecord run) {
        Timeline t = run.timeline();
        double spaceMib = run.endMap().space().size() / MIB;
        XYChart chart = new XYChartBuilder().width(1000).height(380)
                .title(run.figures().policy() + ": address space over the run")
                .xAxisTitle("operation").yAxisTitle("MiB").build();
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(spaceMib * 1.05);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xe0, 0xe0, 0xe0));
        int n = Math.max(1, t.samples().size());
        double[] x = new double[n];
        double[] live = new double[n];
        double[] lazy = new double[n];
        double[] free = new double[n];
        if (t.samples().isEmpty()) {
            free[0] = spaceMib;
        }
        for (int i = 0; i < t.samples().size(); i++) {
            Timeline.Sample smp = t.samples().get(i);
            x[i] = smp.op();
            live[i] = smp.liveBytes() / MIB;
            lazy[i] = smp.lazyBytes() / MIB;
            free[i] = smp.freeBytes() / MIB;
        }
        line(chart, "live", x, live, LIVE);
        line(chart, "lazy (freed, not purged)", x, lazy, LAZY);
        line(chart, "free", x, free, FREE);
        marks(chart, "purges (" + run.figures().purges() + ")", t.purges(), 0, PURGE);
        marks(chart, "notifier rounds (" + run.figures().notifierRounds() + ")", t.notifierRounds(), spaceMib * 1.025, ROUND);
        return chart;
    }

    /**
     * Who freed how much, and when: for one run, the cumulative amount each reclaimer reported freed
     * over the operations — the vmap purge notifier chain (pages) and each shrinker by name
     * (objects) — as step lines; a reclaimer that freed nothing has no line. A run in which nothing
     * was freed draws one flat line at zero, so the chart always has something to draw.
     */
    static XYChart freed(RunRecord run) {
        Timeline t = run.timeline();
        XYChart chart = new XYChartBuilder().width(1000).height(380)
                .title(run.figures().policy() + ": freed by reclaimers over the run (cumulative)")
                .xAxisTitle("operation").yAxisTitle("freed (pages; shrinkers: objects)").build();
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xe0, 0xe0, 0xe0));
        chart.getStyler().setYAxisMin(0.0);
        long lastOp = t.samples().isEmpty() ? Math.max(1, run.figures().ops()) : Math.max(1, t.samples().get(t.samples().size() - 1).op());
        Color[] palette = {ROUND, PURGE, LIVE, LAZY, FREE, Color.DARK_GRAY};
        int drawn = 0;
        if (t.notifierRounds().stream().anyMatch(m -> m.value() > 0)) {
            cumulative(chart, "vmap purge notifier chain (pages)", t.notifierRounds(), lastOp, palette[drawn++ % palette.length]);
        }
        for (Map.Entry<String, List<Timeline.Mark>> e : t.shrinkerFreed().entrySet()) {
            cumulative(chart, "shrinker " + e.getKey() + " (objects)", e.getValue(), lastOp, palette[drawn++ % palette.length]);
        }
        if (drawn == 0) {
            line(chart, "nothing was freed by a notifier or shrinker", new double[] {0, lastOp}, new double[] {0, 0}, Color.GRAY);
        }
        return chart;
    }

    private static void cumulative(XYChart chart, String name, List<Timeline.Mark> marks, long lastOp, Color color) {
        int step = Math.max(1, (marks.size() + MAX_DRAWN_MARKS - 1) / MAX_DRAWN_MARKS);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        xs.add(0.0);
        ys.add(0.0);
        long sum = 0;
        for (int i = 0; i < marks.size(); i++) {
            sum += marks.get(i).value();
            if (i % step == 0 || i == marks.size() - 1) {
                xs.add((double) marks.get(i).op());
                ys.add((double) sum);
            }
        }
        xs.add((double) Math.max(lastOp, marks.get(marks.size() - 1).op()));
        ys.add((double) sum);
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
    }

    private static void marks(XYChart chart, String name, List<Timeline.Mark> marks, double y, Color color) {
        if (marks.isEmpty()) {
            return;
        }
        int step = Math.max(1, (marks.size() + MAX_DRAWN_MARKS - 1) / MAX_DRAWN_MARKS);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < marks.size(); i += step) {
            xs.add((double) marks.get(i).op());
            ys.add(y);
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(y == 0 ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.DIAMOND);
        series.setMarkerColor(color);
    }

    /**
     * vmaps and vunmaps per policy, with the values on the bars. The small counts (failures, notifier
     * rounds) have their own chart, {@link #pressure}: on one linear axis next to 100,000 vmaps a
     * hundred failures would be a bar of no height.
     */
    static CategoryChart mappings(List<RunRecord> runs) {
        CategoryChart chart = category("Policies compared: mappings made and released");
        List<String> policies = policies(runs);
        List<RunFigures> f = figures(runs);
        chart.addSeries("vmaps", policies, f.stream().map(RunFigures::vmaps).toList()).setFillColor(LIVE);
        chart.addSeries("vunmaps", policies, f.stream().map(RunFigures::vunmaps).toList()).setFillColor(LAZY);
        return chart;
    }

    /** EBUSY allocation failures and purge-notifier rounds per policy, on their own axis, values on the bars. */
    static CategoryChart pressure(List<RunRecord> runs) {
        CategoryChart chart = category("Policies compared: allocation failures and notifier rounds");
        List<String> policies = policies(runs);
        List<RunFigures> f = figures(runs);
        chart.addSeries("alloc failures (EBUSY)", policies, f.stream().map(RunFigures::allocFailures).toList())
                .setFillColor(Color.DARK_GRAY);
        chart.addSeries("notifier rounds", policies, f.stream().map(RunFigures::notifierRounds).toList()).setFillColor(ROUND);
        return chart;
    }

    private static CategoryChart category(String title) {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(380)
                .title(title).xAxisTitle("policy").yAxisTitle("count").build();
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static List<String> policies(List<RunRecord> runs) {
        return runs.stream().map(r -> r.figures().policy()).toList();
    }

    private static List<RunFigures> figures(List<RunRecord> runs) {
        return runs.stream().map(RunRecord::figures).toList();
    }
}
