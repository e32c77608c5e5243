package io.vmapkit.plugins.examples;

import io.vmapkit.api.spi.PluginContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validated reading of one plugin's settings: the {@code vmapkit.plugin.<name>.<key>}
 * configuration entries that {@link PluginContext#settings()} hands the plugin with the prefix
 * removed.
 *
 * <p>The runtime cannot know which keys a plugin understands, so a plugin checks them itself, the way
 * the runtime checks its own keys (docs/configuration.md): an unknown key is an error naming it and
 * the keys that are known, and a bad value is an error naming the full key and the value, e.g.
 * {@code vmapkit.plugin.msm.max-unmaps-per-call = 0: must be at least 1}. Read every setting in
 * {@code install} <em>before</em> registering or allocating anything, so a bad value refuses the
 * installation with nothing to undo.
 *
 * <p>Immutable and thread-safe. Copy it along with a plugin you base on these examples, or replace it
 * with {@link PluginContext#setting(String, String)} and your own parsing.
 */
public final class PluginSettings {

    private final String plugin;
    private final Map<String, String> values;

    private PluginSettings(String plugin, Map<String, String> values) {
        this.plugin = plugin;
        this.values = values;
    }

    /**
     * The settings of the plugin installed with {@code context}, refusing keys other than
     * {@code known}.
     *
     * @throws IllegalArgumentException naming the first unknown key and the known ones
     */
    public static PluginSettings of(PluginContext context, String... known) {
        Objects.requireNonNull(context, "context");
        Map<String, String> values = Map.copyOf(context.settings());
        Set<String> allowed = Set.of(known);
        for (String key : new TreeSet<>(values.keySet())) {
            if (!allowed.contains(key)) {
                String closest = closest(key, known);
                throw new IllegalArgumentException("unknown setting '" + fullKey(context.pluginName(), key) + "'"
                        + (closest == null ? "" : " (did you mean '" + fullKey(context.pluginName(), closest) + "'?)")
                        + "; plugin '" + context.pluginName() + "' knows " + new TreeSet<>(List.of(known)));
            }
        }
        return new PluginSettings(context.pluginName(), values);
    }

    /** The known key nearest to {@code key} by edit distance, if it is near enough to be a typo. */
    private static String closest(String key, String... known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(subst, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The configuration key a setting is written as: {@code vmapkit.plugin.<plugin>.<key>}. */
    public static String fullKey(String plugin, String key) {
        return "vmapkit.plugin." + plugin + "." + key;
    }

    /**
     * An integer setting in {@code [min, max]}, or {@code defaultValue} when absent.
     *
     * @throws IllegalArgumentException naming key and value if it is not an integer or out of range
     */
    public int intValue(String key, int defaultValue, int min, int max) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        long v = parseLong(key, text);
        check(key, text, v >= min, "must be at least " + min);
        check(key, text, v <= max, "must be at most " + max);
        return (int) v;
    }

    /**
     * A non-negative duration in milliseconds, returned in nanoseconds, or {@code defaultMillis} when
     * absent.
     *
     * @throws IllegalArgumentException naming key and value if it is not a non-negative integer
     */
    public long millisAsNanos(String key, long defaultMillis) {
        String text = values.get(key);
        long ms = text == null ? defaultMillis : parseLong(key, text);
        check(key, String.valueOf(ms), ms >= 0, "must not be negative");
        check(key, String.valueOf(ms), ms <= Long.MAX_VALUE / 1_000_000, "is too large");
        return ms * 1_000_000;
    }

    /**
     * A fraction in {@code [min, max]} (written {@code 0.25} or {@code 25%}), or {@code defaultValue}
     * when absent.
     *
     * @throws IllegalArgumentException naming key and value if it is not a number or out of range
     */
    public double fraction(String key, double defaultValue, double min, double max) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        String t = text.strip();
        double v;
        try {
            v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
                    : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw bad(key, text, "is not a number (write 0.25 or 25%)");
        }
        check(key, text, !Double.isNaN(v) && v >= min, "must be at least " + min);
        check(key, text, v <= max, "must be at most " + max);
        return v;
    }

    private long parseLong(String key, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw bad(key, text, "is not an integer");
        }
    }

    private void check(String key, String text, boolean ok, String rule) {
        if (!ok) {
            throw bad(key, text, rule);
        }
    }

    private IllegalArgumentException bad(String key, String text, String rule) {
        return new IllegalArgumentException(fullKey(plugin, key) + " = " + text + ": " + rule);
    }

    @Override
    public String toString() {
        return "PluginSettings[" + plugin + ", " + values + "]";
    }
}
