package io.vmapkit.cli.figures;

import io.vmapkit.workloads.figures.PluginAccount;
import io.vmapkit.workloads.figures.RunFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of {@code --json}: an array with one object per policy holding exactly the fields
 * {@code policy, ops, pinMapCalls, cacheHitRate, vmaps, vunmaps, allocFailures, purges, tlbFlushes,
 * notifierRounds, freedByNotifier, freedByShrinker, peakLiveBytes, peakLazyBytes, opsPerSecond}.
 * {@code cacheHitRate} is a fraction from 0 to 1; {@code freedByNotifier} is in each block's own
 * unit, {@code freedByShrinker} in objects, byte figures in bytes. The per-plugin accounting follows,
 * flat like the rest: for each notifier block or shrinker name {@code N}, the fields
 * {@code plugin.N.<field>} for each of {@link #PLUGIN_FIELDS} (units in the field names or there),
 * then, when the plugin that registered {@code N} is known, {@code plugin.N.registeredBy} (a string:
 * the plugin's name; added after the numeric fields, so the existing keys and their order are kept).
 * Written by hand: a few lines, no JSON library.
 */
public final class FiguresJson {

    /** The fields of every object, in order. */
    public static final List<String> FIELDS = List.of("policy", "ops", "pinMapCalls", "cacheHitRate", "vmaps",
            "vunmaps", "allocFailures", "purges", "tlbFlushes", "notifierRounds", "freedByNotifier", "freedByShrinker",
            "peakLiveBytes", "peakLazyBytes", "opsPerSecond");

    /**
     * The per-plugin fields: calls, what the purge block reported freed (its unit), shrink passes
     * (calls), objects counted, scanned and freed by its shrinkers, time in its callbacks (ns),
     * quarantines and errors (events), claims not borne out (calls) and what they claimed (its unit).
     */
    public static final List<String> PLUGIN_FIELDS = List.of("notifierCalls", "notifierFreed", "shrinkPasses",
            "shrinkCountedObjects", "shrinkScannedObjects", "shrinkFreedObjects", "callbackNanos", "quarantines", "errors",
            "unborneClaims", "unborneFreed");

    /** The per-plugin key naming the plugin that registered the block or shrinker (a string), when known. */
    public static final String REGISTERED_BY = "registeredBy";

    private FiguresJson() {}

    /** The JSON text, pretty-printed, ending with a newline. */
    public static String render(List<RunFigures> runs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < runs.size(); i++) {
            RunFigures f = runs.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("  {\n");
            Object[] values = {f.policy(), f.ops(), f.pinMapCalls(), f.cacheHitRate(), f.vmaps(), f.vunmaps(),
                f.allocFailures(), f.purges(), f.tlbFlushes(), f.notifierRounds(), f.freedByNotifier(),
                f.freedByShrinker(), f.peakLiveBytes(), f.peakLazyBytes(), f.opsPerSecond()};
            List<String> keys = new ArrayList<>(FIELDS);
            List<Object> all = new ArrayList<>(List.of(values));
            for (PluginAccount a : f.plugins()) {
                long[] v = {a.notifierCalls(), a.notifierFreed(), a.shrinkPasses(), a.shrinkCounted(), a.shrinkScanned(),
                    a.shrinkFreed(), a.callbackNanos(), a.quarantines(), a.errors(), a.unborneClaims(), a.unborneFreed()};
                for (int k = 0; k < PLUGIN_FIELDS.size(); k++) {
                    keys.add("plugin." + a.name() + "." + PLUGIN_FIELDS.get(k));
                    all.add(v[k]);
                }
                if (a.hasPlugin()) {
                    keys.add("plugin." + a.name() + "." + REGISTERED_BY);
                    all.add(a.plugin());
                }
            }
            for (int k = 0; k < keys.size(); k++) {
                sb.append("    ").append(string(keys.get(k))).append(": ").append(value(all.get(k)))
                        .append(k == keys.size() - 1 ? "\n" : ",\n");
            }
            sb.append("  }");
        }
        return sb.append(runs.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    private static String value(Object v) {
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.6f", d);
        }
        return v.toString();
    }

    /** A JSON string literal of {@code s}. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
