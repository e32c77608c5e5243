package io.vmapkit.workloads.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every figure summarized across seeds, per coordinates: n, mean, min, max and a 95 % confidence
 * interval of the mean.
 *
 * <p><b>The interval</b> is Student's t interval: mean ± t(0.975, n−1) · s / √n, with s the sample
 * standard deviation (divisor n−1). It treats the seeds' results as independent draws from one
 * distribution, which they are by construction (each seed is an independent run); it is exact for
 * normally distributed figures and approximate otherwise — counts near zero (EBUSY) are far from
 * normal, so read their intervals as a guide. With one seed there is no interval (NaN). The t
 * quantiles for n−1 = 1..30 are the standard table values to three decimals; above 30 the
 * Cornish–Fisher expansion z + (z³+z)/(4ν) + (5z⁵+16z³+3z)/(96ν²) with z = 1.959964 (its error
 * there is below 0.001). Immutable and thread-safe.
 *
 * @param groups one group per distinct coordinates, in the plan's cell order (immutable)
 */
public record Summary(List<Group> groups) {

    /** Copies. */
    public Summary {
        groups = List.copyOf(groups);
    }

    /**
     * One figure across seeds.
     *
     * @param n how many seeds
     * @param mean the mean
     * @param min the smallest value
     * @param max the largest value
     * @param ciLow the 95 % interval's lower end (NaN with one seed)
     * @param ciHigh the 95 % interval's upper end (NaN with one seed)
     */
    public record Stats(int n, double mean, double min, double max, double ciLow, double ciHigh) {

        /** Half the interval's width (NaN with one seed). */
        public double halfWidth() {
            return (ciHigh - ciLow) / 2;
        }

        /** The statistics of {@code values} (at least one). */
        public static Stats of(double[] values) {
            int n = values.length;
            if (n == 0) {
                throw new IllegalArgumentException("no values");
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double mean = sum / n;
            if (n == 1) {
                return new Stats(1, mean, min, max, Double.NaN, Double.NaN);
            }
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            double half = t975(n - 1) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
            return new Stats(n, mean, min, max, mean - half, mean + half);
        }
    }

    /**
     * One point of the sweep's surface.
     *
     * @param coordinates the axes' values
     * @param figures each figure's statistics across the seeds, in the lines' figure order
     */
    public record Group(Map<String, String> coordinates, Map<String, Stats> figures) {

        /** Copies. */
        public Group {
            coordinates = Collections.unmodifiableMap(new LinkedHashMap<>(coordinates));
            figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        }

        /** The statistics of {@code figure}. */
        public Stats stats(String figure) {
            return Objects.requireNonNull(figures.get(figure), () -> "no figure " + figure);
        }
    }

    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201,
        2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
        2.048, 2.045, 2.042};

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom (see the class documentation). */
    public static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom " + df + " must be at least 1");
        }
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959964;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
    }

    /** The summary of {@code lines} (any order; grouped by coordinates, groups in cell order). */
    public static Summary of(List<ResultLine> lines) {
        List<ResultLine> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingInt(l -> l.cell().index()));
        Map<Map<String, String>, List<ResultLine>> byCoords = new LinkedHashMap<>();
        for (ResultLine l : sorted) {
            byCoords.computeIfAbsent(l.cell().coordinates(), k -> new ArrayList<>()).add(l);
        }
        List<Group> groups = new ArrayList<>();
        byCoords.forEach((coords, ls) -> {
            Map<String, Stats> stats = new LinkedHashMap<>();
            for (String figure : ls.get(0).figures().keySet()) {
                double[] v = ls.stream().mapToDouble(l -> l.figure(figure)).toArray();
                stats.put(figure, Stats.of(v));
            }
            groups.add(new Group(coords, stats));
        });
        return new Summary(groups);
    }
}
