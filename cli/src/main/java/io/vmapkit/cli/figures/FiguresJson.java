package io.vmapkit.cli.figures;

import io.vmapkit.workloads.figures.RunFigures;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of {@code --json}: an array with one object per policy holding exactly the fields
 * {@code policy, ops, pinMapCalls, cacheHitRate, vmaps, vunmaps, allocFailures, purges, tlbFlushes,
 * notifierRounds, freedByNotifier, freedByShrinker, peakLiveBytes, peakLazyBytes, opsPerSecond}.
 * {@code cacheHitRate} is a fraction from 0 to 1. Written by hand: a few lines, no JSON library.
 */
public final class FiguresJson {

    /** The fields of every object, in order. */
    public static final List<String> FIELDS = List.of("policy", "ops", "pinMapCalls", "cacheHitRate", "vmaps",
            "vunmaps", "allocFailures", "purges", "tlbFlushes", "notifierRounds", "freedByNotifier", "freedByShrinker",
            "peakLiveBytes", "peakLazyBytes", "opsPerSecond");

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
            for (int k = 0; k < FIELDS.size(); k++) {
                sb.append("    ").append(string(FIELDS.get(k))).append(": ").append(value(values[k]))
                        .append(k == FIELDS.size() - 1 ? "\n" : ",\n");
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
