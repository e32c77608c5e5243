package io.vmapkit.workloads.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The cells of a sweep: every combination of the axes' values, each with every seed.
 *
 * <p>The order is fixed and so is each cell's index: the first axis varies slowest, the seeds
 * fastest. With axes {@code a=1,2} and {@code b=x,y,z} and seeds {@code 7,8}, cell 0 is
 * {@code a=1, b=x, seed 7}, cell 1 {@code a=1, b=x, seed 8}, cell 2 {@code a=1, b=y, seed 7}, ...,
 * cell 11 {@code a=2, b=z, seed 8}. Sharding ({@link Shard}) and merging rely on it, so the same
 * command line on any machine numbers the cells alike. Immutable.
 *
 * @param axes the axes, keys distinct (immutable)
 * @param seeds the seeds, distinct, at least one (immutable)
 */
public record SweepPlan(List<Axis> axes, List<Long> seeds) {

    /** The most cells a plan may have. */
    public static final int MAX_CELLS = 10_000_000;

    /** Checks and copies. */
    public SweepPlan {
        axes = List.copyOf(axes);
        seeds = List.copyOf(seeds);
        Set<String> keys = new LinkedHashSet<>();
        for (Axis a : axes) {
            if (!keys.add(a.key())) {
                throw new IllegalArgumentException("axis " + a.key() + " is given twice");
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one seed");
        }
        if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("seeds " + seeds + " name a seed twice");
        }
        long n = seeds.size();
        for (Axis a : axes) {
            n *= a.values().size();
            if (n > MAX_CELLS) {
                throw new IllegalArgumentException("the sweep has more than " + MAX_CELLS + " cells");
            }
        }
    }

    /**
     * Reads seeds: {@code 1..20} (both ends included), {@code 1,5,9}, or a mix ({@code 1..3,10}).
     *
     * @param source where the text came from, for messages (e.g. {@code --seeds})
     * @throws IllegalArgumentException naming the source and the bad part
     */
    public static List<Long> parseSeeds(String text, String source) {
        List<Long> seeds = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            try {
                int dots = p.indexOf("..");
                if (dots < 0) {
                    seeds.add(Long.parseLong(p));
                    continue;
                }
                long from = Long.parseLong(p.substring(0, dots).strip());
                long to = Long.parseLong(p.substring(dots + 2).strip());
                if (to < from) {
                    throw new IllegalArgumentException(source + " '" + text + "': range " + p + " runs backwards");
                }
                if (to - from >= MAX_CELLS) {
                    throw new IllegalArgumentException(source + " '" + text + "': range " + p + " has more than "
                            + MAX_CELLS + " seeds");
                }
                for (long s = from; s <= to; s++) {
                    seeds.add(s);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " '" + text + "': '" + p
                        + "' is not a seed or a range FROM..TO of seeds", e);
            }
        }
        Set<Long> seen = new LinkedHashSet<>();
        for (Long s : seeds) {
            if (!seen.add(s)) {
                throw new IllegalArgumentException(source + " '" + text + "' names seed " + s + " twice");
            }
        }
        return seeds;
    }

    /** How many cells. */
    public int size() {
        long n = seeds.size();
        for (Axis a : axes) {
            n *= a.values().size();
        }
        return (int) n;
    }

    /** Every cell, by index. */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            cells.add(cell(i));
        }
        return cells;
    }

    /** The cell with index {@code index}. */
    public Cell cell(int index) {
        Objects.checkIndex(index, size());
        int rest = index;
        long seed = seeds.get(rest % seeds.size());
        rest /= seeds.size();
        String[] values = new String[axes.size()];
        for (int a = axes.size() - 1; a >= 0; a--) {
            List<String> vs = axes.get(a).values();
            values[a] = vs.get(rest % vs.size());
            rest /= vs.size();
        }
        Map<String, String> coords = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            coords.put(axes.get(a).key(), values[a]);
        }
        return new Cell(index, coords, seed);
    }

    /**
     * The plan as a results line records it: the axes as {@code KEY -> V1,V2,...} in order, then
     * {@code seeds -> S1,S2,...}. {@link #fromRecord} reads it back.
     */
    public Map<String, Object> record() {
        Map<String, Object> axesRecord = new LinkedHashMap<>();
        axes.forEach(a -> axesRecord.put(a.key(), String.join(",", a.values())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("axes", axesRecord);
        m.put("seeds", String.join(",", seeds.stream().map(String::valueOf).toList()));
        return m;
    }

    /** The plan {@link #record()} wrote. */
    static SweepPlan fromRecord(Object record) {
        if (!(record instanceof Map<?, ?> m) || !(m.get("axes") instanceof Map<?, ?> axesRecord)
                || !(m.get("seeds") instanceof String seedText)) {
            throw new IllegalArgumentException("\"plan\" must be an object with \"axes\" (an object) and \"seeds\" (a string)");
        }
        List<Axis> axes = new ArrayList<>();
        for (Map.Entry<?, ?> e : axesRecord.entrySet()) {
            axes.add(Axis.parse(e.getKey() + "=" + e.getValue(), "plan axis"));
        }
        return new SweepPlan(axes, parseSeeds(seedText, "plan seeds"));
    }
}
