package io.vmapkit.workloads.sweep;

import io.vmapkit.workloads.figures.PluginAccount;
import io.vmapkit.workloads.figures.RunFigures;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One cell's results: one line of JSON in the results file.
 *
 * <p>The line is {@code {"cell":INDEX,"coordinates":{AXIS:VALUE,...},"seed":SEED,"figures":{...},
 * "counters":{...},"plugins":{NAME:{...},...},"scenario":NAME,"scenarioDigest":DIGEST,
 * "version":VERSION,"plan":{...}}}: the figures of {@link RunFigures} that a seeded run determines
 * (wall time, operations per second and the time spent in plugin callbacks are left out, so that
 * the same cell gives the same line on any machine and shards merge into the bytes of an unsharded
 * run), the workload's counters, the per-plugin accounting ({@link PluginAccount}, one object per
 * notifier block or shrinker name; lines written before it existed have none), and the
 * {@link SweepHeader}. Immutable;
 * {@link #text()} is the line exactly as written or read (without its newline).
 *
 * @param cell the cell
 * @param figures the figure values by name, in order ({@link Long}, or {@link Double} for rates)
 * @param counters the workload's counters by name
 * @param plugins per notifier block or shrinker name, its accounting figures by name
 * @param header the sweep the line belongs to
 * @param text the line
 */
public record ResultLine(Cell cell, Map<String, Object> figures, Map<String, Object> counters,
        Map<String, Object> plugins, SweepHeader header, String text) {

    /** Checks for {@code null}s. */
    public ResultLine {
        Objects.requireNonNull(cell, "cell");
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        plugins = Collections.unmodifiableMap(new LinkedHashMap<>(plugins));
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(text, "text");
    }

    /** The line of {@code cell}'s run. */
    public static ResultLine of(SweepHeader header, Cell cell, RunFigures f) {
        Map<String, Object> figures = figures(f);
        Map<String, Object> counters = new LinkedHashMap<>(f.counters());
        Map<String, Object> plugins = new LinkedHashMap<>();
        for (PluginAccount a : f.plugins()) {
            plugins.put(a.name(), account(a));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell", (long) cell.index());
        m.put("coordinates", new LinkedHashMap<String, Object>(cell.coordinates()));
        m.put("seed", cell.seed());
        m.put("figures", figures);
        m.put("counters", counters);
        m.put("plugins", plugins);
        m.put("scenario", header.scenario());
        m.put("scenarioDigest", header.scenarioDigest());
        m.put("version", header.version());
        m.put("plan", header.plan().record());
        return new ResultLine(cell, figures, counters, plugins, header, Json.value(m));
    }

    /**
     * One plugin's deterministic accounting figures (its callback time left out), units as
     * {@link PluginAccount} says, then {@code registeredBy} (the registering plugin's name) when known.
     */
    static Map<String, Object> account(PluginAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("notifierCalls", a.notifierCalls());
        m.put("notifierFreed", a.notifierFreed());
        m.put("shrinkPasses", a.shrinkPasses());
        m.put("shrinkCounted", a.shrinkCounted());
        m.put("shrinkScanned", a.shrinkScanned());
        m.put("shrinkFreed", a.shrinkFreed());
        m.put("quarantines", a.quarantines());
        m.put("errors", a.errors());
        m.put("unborneClaims", a.unborneClaims());
        m.put("unborneFreed", a.unborneFreed());
        if (a.hasPlugin()) {
            m.put("registeredBy", a.plugin());
        }
        return m;
    }

    /** The deterministic figures of a run, in the table's order (see the class documentation). */
    static Map<String, Object> figures(RunFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ops", f.ops());
        m.put("pinMapCalls", f.pinMapCalls());
        m.put("cacheHits", f.cacheHits());
        m.put("cacheHitRate", f.cacheHitRate());
        m.put("vmaps", f.vmaps());
        m.put("vunmaps", f.vunmaps());
        m.put("allocFailures", f.allocFailures());
        m.put("purges", f.purges());
        m.put("tlbFlushes", f.tlbFlushes());
        m.put("notifierRounds", f.notifierRounds());
        m.put("freedByNotifier", f.freedByNotifier());
        m.put("freedByShrinker", f.freedByShrinker());
        m.put("peakLiveBytes", f.peakLiveBytes());
        m.put("peakLazyBytes", f.peakLazyBytes());
        m.put("largestFreeBlockBytes", f.largestFreeBlock());
        return m;
    }

    /**
     * Reads a line.
     *
     * @throws IllegalArgumentException saying what is missing or malformed
     */
    public static ResultLine parse(String text) {
        Map<String, Object> m = Json.parseObject(text);
        long index = number(m, "cell");
        if (index < 0 || index > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("\"cell\" " + index + " is not a cell index");
        }
        Map<String, Object> coords = object(m, "coordinates");
        Map<String, String> coordinates = new LinkedHashMap<>();
        coords.forEach((k, v) -> coordinates.put(k, String.valueOf(v)));
        Cell cell = new Cell((int) index, coordinates, number(m, "seed"));
        SweepPlan plan = SweepPlan.fromRecord(m.get("plan"));
        SweepHeader header = new SweepHeader(string(m, "scenario"), string(m, "scenarioDigest"), string(m, "version"), plan);
        if (index >= plan.size() || !plan.cell((int) index).equals(cell)) {
            throw new IllegalArgumentException("cell " + cell.describe() + " is not cell #" + index + " of its plan");
        }
        Map<String, Object> plugins = m.containsKey("plugins") ? object(m, "plugins") : Map.of();
        return new ResultLine(cell, object(m, "figures"), object(m, "counters"), plugins, header, text);
    }

    /** A figure as a number, or {@code NaN} if the line has no such figure. */
    public double figure(String name) {
        Object v = figures.get(name);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static long number(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Long v)) {
            throw new IllegalArgumentException("\"" + key + "\" must be an integer");
        }
        return v;
    }

    private static String string(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof String v)) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Map<?, ?> v)) {
            throw new IllegalArgumentException("\"" + key + "\" must be an object");
        }
        return (Map<String, Object>) v;
    }
}
