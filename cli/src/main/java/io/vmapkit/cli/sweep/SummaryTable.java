package io.vmapkit.cli.sweep;

import io.vmapkit.cli.common.TextTable;
import io.vmapkit.workloads.sweep.ResultLine;
import io.vmapkit.workloads.sweep.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary a sweep prints: per coordinates, the seeds and a few figures as
 * {@code mean ±half-width of the 95 % interval [min..max]} (see {@link Summary} for the formula).
 * Stateless.
 */
final class SummaryTable {

    /** The figures shown: name in the results, header, divisor (bytes to MiB). */
    static final List<String[]> SHOWN = List.of(
            new String[] {"allocFailures", "EBUSY", "1"},
            new String[] {"vmaps", "vmaps", "1"},
            new String[] {"notifierRounds", "notifier rounds", "1"},
            new String[] {"peakLiveBytes", "peak live MiB", "1048576"});

    private SummaryTable() {}

    static String render(List<ResultLine> lines) {
        Summary s = Summary.of(lines);
        if (s.groups().isEmpty()) {
            return "no cells\n";
        }
        List<String> head = new ArrayList<>(s.groups().get(0).coordinates().keySet());
        head.add("seeds");
        SHOWN.forEach(f -> head.add(f[1] + " (mean ±95% [min..max])"));
        TextTable t = new TextTable(head);
        for (Summary.Group g : s.groups()) {
            List<String> row = new ArrayList<>(g.coordinates().values());
            row.add(Integer.toString(g.stats(SHOWN.get(0)[0]).n()));
            for (String[] f : SHOWN) {
                row.add(cell(g.stats(f[0]), Double.parseDouble(f[2])));
            }
            t.row(row);
        }
        return t.render() + "(±: half-width of Student's t 95 % interval of the mean across seeds)\n";
    }

    /** {@code mean ±half [min..max]}, scaled by {@code 1/div}. */
    static String cell(Summary.Stats st, double div) {
        String half = Double.isNaN(st.halfWidth()) ? "" : " ±" + num(st.halfWidth() / div);
        return num(st.mean() / div) + half + " [" + num(st.min() / div) + ".." + num(st.max() / div) + "]";
    }

    static String num(double v) {
        String t = String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
        return t.endsWith(".0") ? t.substring(0, t.length() - 2) : t.equals("-0") ? "0" : t;
    }
}
