package io.vmapkit.cli.report;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.VmapSnapshot;
import java.awt.Color;
import java.util.Locale;

/**
 * The address space as a strip, inline SVG: the space is cut into equal columns and each column is
 * coloured by what it holds, busy (red), lazy (orange) and free (green) mixed in proportion to their
 * bytes, so a fragmented stretch shows as a blend and a large free block as solid green. Stateless.
 */
final class SpaceStrip {

    private static final int HEIGHT = 44;

    private SpaceStrip() {}

    /** The strip for {@code map}, {@code columns} pixels wide, with start and end addresses below. */
    static String svg(VmapSnapshot map, int columns) {
        long start = map.space().start();
        long size = map.space().size();
        double[][] bytes = new double[columns][3];
        double perColumn = unsigned(size) / columns;
        for (VmapSnapshot.Range r : map.ranges()) {
            double from = unsigned(r.start() - start) / perColumn;
            double to = unsigned(r.end() - start) / perColumn;
            int kind = r.kind().ordinal();
            for (int c = (int) Math.floor(from); c < Math.min(columns, (int) Math.ceil(to)); c++) {
                double overlap = Math.min(to, c + 1) - Math.max(from, c);
                if (overlap > 0) {
                    bytes[c][kind] += overlap;
                }
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"address space map\">", columns, HEIGHT + 18, columns, HEIGHT + 18));
        int runStart = 0;
        String runColor = color(bytes[0]);
        for (int c = 1; c <= columns; c++) {
            String col = c < columns ? color(bytes[c]) : null;
            if (!runColor.equals(col)) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                        runStart, c - runStart, HEIGHT, runColor));
                runStart = c;
                runColor = col;
            }
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"0.5\" y=\"0.5\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#555\"/>",
                columns - 1, HEIGHT - 1));
        svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\" font-family=\"monospace\">%s</text>",
                HEIGHT + 14, Addresses.hex(start)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" font-family=\"monospace\" "
                + "text-anchor=\"end\">%s</text>", columns, HEIGHT + 14, Addresses.hex(map.space().end())));
        return svg.append("</svg>").toString();
    }

    private static String color(double[] b) {
        double total = b[0] + b[1] + b[2];
        if (total <= 0) {
            return "#ffffff";
        }
        Color[] kinds = {Charts.LIVE, Charts.LAZY, Charts.FREE}; // VmapSnapshot.Kind order: BUSY, LAZY, FREE
        double r = 0;
        double g = 0;
        double bl = 0;
        for (int k = 0; k < 3; k++) {
            double w = b[k] / total;
            r += w * kinds[k].getRed();
            g += w * kinds[k].getGreen();
            bl += w * kinds[k].getBlue();
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(r), Math.round(g), Math.round(bl));
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0;
    }
}
