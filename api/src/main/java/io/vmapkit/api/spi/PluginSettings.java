package io.vmapkit.api.spi;

import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.SettingException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed, validated reading of one plugin's settings: the {@code vmapkit.plugin.<name>.<key>}
 * configuration entries that {@link PluginContext#settings()} hands the plugin with the prefix
 * removed.
 *
 * <p>The runtime cannot know which keys a plugin understands, so the plugin names them when it
 * reads its settings ({@link #of(PluginContext, String...)}), and an unknown key is refused at once
 * with the closest known key as a suggestion, the way the runtime refuses its own unknown keys:
 * <pre>{@code
 * unknown setting 'vmapkit.plugin.msm.max-unmap-per-call' (did you mean 'vmapkit.plugin.msm.max-unmaps-per-call'?); plugin 'msm' knows [log-burst, log-interval-ms, max-unmaps-per-call]
 * }</pre>
 * A bad value is refused naming the full key, the value as written and the rule it breaks:
 * {@code vmapkit.plugin.msm.max-unmaps-per-call = 0: must be at least 1}. Read every setting in
 * {@link VmapPlugin#install} <em>before</em> registering or allocating anything, so a bad value
 * refuses the installation with nothing to undo:
 * <pre>{@code
 * PluginSettings s = PluginSettings.of(context, "capacity", "seeks");
 * int capacity = s.intValue("capacity", 256, 1, Integer.MAX_VALUE);
 * int seeks = s.intValue("seeks", Shrinker.DEFAULT_SEEKS, 0, 1 << 20);
 * }</pre>
 *
 * <p>Values follow the one value syntax of {@link Setting} (decimal or {@code 0x} hex with
 * {@code _} separators; durations such as {@code 250ms} or {@code 2s}, a bare number counting in
 * milliseconds), read with surrounding white space removed; an absent key gives the default the
 * caller passes (which is not checked against the range). Every failure is an
 * {@link IllegalArgumentException}; nothing here has state to leave behind.
 *
 * <p>{@link #closest(String, Collection)} is the "did you mean" rule on its own, for a plugin's
 * other named inputs (workload parameters) and for the runtime's own configuration keys.
 *
 * <p>Immutable and thread-safe.
 */
public final class PluginSettings {

    /** The prefix of every plugin's configuration keys: {@code vmapkit.plugin.<name>.<key>}. */
    public static final String KEY_PREFIX = "vmapkit.plugin.";

    /** A known key ending in this admits every key that begins with the rest, e.g. {@code workload.*}. */
    public static final String WILDCARD = "*";

    private final String plugin;
    private final Map<String, String> values;

    private PluginSettings(String plugin, Map<String, String> values) {
        this.plugin = plugin;
        this.values = values;
    }

    /**
     * The settings of the plugin installed with {@code context}, refusing keys other than
     * {@code knownKeys}.
     *
     * @param knownKeys the keys the plugin understands; one ending in {@value #WILDCARD} (such as
     *     {@code workload.*}) admits every longer key beginning with what precedes the {@code *}
     * @throws IllegalArgumentException naming the first unknown key (in sorted order), the closest
     *     known key if it looks like a typo of one, and the known keys
     */
    public static PluginSettings of(PluginContext context, String... knownKeys) {
        Objects.requireNonNull(context, "context");
        return of(context.pluginName(), context.settings(), knownKeys);
    }

    /**
     * The settings {@code settings} of the plugin named {@code plugin}, refusing keys other than
     * {@code knownKeys}; for plugins that parse their settings apart from a context.
     *
     * @throws IllegalArgumentException as {@link #of(PluginContext, String...)}
     */
    public static PluginSettings of(String plugin, Map<String, String> settings, String... knownKeys) {
        Objects.requireNonNull(plugin, "plugin");
        Map<String, String> values = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(settings)));
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String k : List.of(knownKeys)) {
            if (k.endsWith(WILDCARD)) {
                prefixes.add(k.substring(0, k.length() - WILDCARD.length()));
            } else {
                exact.add(k);
            }
        }
        for (String key : values.keySet()) {
            if (!exact.contains(key) && prefixes.stream().noneMatch(p -> key.startsWith(p) && key.length() > p.length())) {
                throw new IllegalArgumentException("unknown setting '" + fullKey(plugin, key) + "'"
                        + closest(key, exact).map(c -> " (did you mean '" + fullKey(plugin, c) + "'?)").orElse("")
                        + "; plugin '" + plugin + "' knows " + new TreeSet<>(List.of(knownKeys)));
            }
        }
        return new PluginSettings(plugin, values);
    }

    /** The configuration key a setting is written as: {@code vmapkit.plugin.<plugin>.<key>}. */
    public static String fullKey(String plugin, String key) {
        return KEY_PREFIX + plugin + "." + key;
    }

    /** The plugin's name. */
    public String plugin() {
        return plugin;
    }

    /**
     * The settings whose keys begin with {@code prefix} (typically admitted by a
     * {@value #WILDCARD} key), keyed by the rest of the key, in key order. Immutable.
     */
    public Map<String, String> startingWith(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * A boolean setting, {@code true} or {@code false} in any case, or {@code defaultValue} when
     * absent.
     *
     * @throws IllegalArgumentException naming key and value if it is neither
     */
    public boolean booleanValue(String key, boolean defaultValue) {
        String text = values.get(key);
        return text == null ? defaultValue : Setting.bool(fullKey(plugin, key), defaultValue, key).parse(text);
    }

    /**
     * An integer setting in {@code [min, max]}, or {@code defaultValue} when absent.
     *
     * @throws IllegalArgumentException naming key and value if it is not a decimal integer or out of
     *     range (the message gives the range, or the one bound that is not the type's limit)
     */
    public int intValue(String key, int defaultValue, int min, int max) {
        checkRange(key, min, max);
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        return Setting.integer(fullKey(plugin, key), defaultValue, key).between(min, max, null).parse(text);
    }

    /**
     * A long setting in {@code [min, max]}, or {@code defaultValue} when absent.
     *
     * @throws IllegalArgumentException as {@link #intValue}
     */
    public long longValue(String key, long defaultValue, long min, long max) {
        checkRange(key, min, max);
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        return Setting.longInteger(fullKey(plugin, key), defaultValue, key).between(min, max, null).parse(text);
    }

    /**
     * A non-negative duration written in milliseconds, returned in nanoseconds, or
     * {@code defaultMillis} when absent.
     *
     * @throws IllegalArgumentException naming key and value if it is not an integer, is negative, or
     *     is too large for a {@code long} of nanoseconds
     */
    public long millisAsNanos(String key, long defaultMillis) {
        String text = values.get(key);
        if (text == null) {
            if (defaultMillis < 0) {
                throw bad(key, String.valueOf(defaultMillis), "must not be negative");
            }
            if (defaultMillis > Long.MAX_VALUE / 1_000_000) {
                throw bad(key, String.valueOf(defaultMillis), "is too large");
            }
            return defaultMillis * 1_000_000;
        }
        return Setting.duration(fullKey(plugin, key), Duration.ZERO, ChronoUnit.MILLIS, key).parse(text).toNanos();
    }

    /**
     * A fraction in {@code [min, max]}, written {@code 0.25} or {@code 25%}, or {@code defaultValue}
     * when absent.
     *
     * @throws IllegalArgumentException naming key and value if it is not a number or out of range
     */
    public double fraction(String key, double defaultValue, double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] of setting " + key + " is empty");
        }
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
        if (!(v >= min && v <= max)) {
            boolean bounded = Double.isFinite(min) && Double.isFinite(max);
            throw bad(key, text, bounded ? "must be between " + min + " and " + max
                    : Double.isNaN(v) ? "is not a number (write 0.25 or 25%)"
                    : v < min ? "must be at least " + min : "must be at most " + max);
        }
        return v;
    }

    /**
     * A setting read by {@code parse}, or {@code defaultValue} when absent. The parser gets the
     * value with surrounding white space removed; an {@link IllegalArgumentException} it throws
     * is rethrown naming the full key and the value, followed by the parser's message.
     *
     * @throws IllegalArgumentException naming key, value and the parser's reason
     */
    public <T> T value(String key, T defaultValue, Function<String, ? extends T> parse) {
        Objects.requireNonNull(parse, "parse");
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            return parse.apply(text.strip());
        } catch (IllegalArgumentException e) {
            IllegalArgumentException ex = bad(key, text, e.getMessage());
            ex.initCause(e);
            throw ex;
        }
    }

    private static void checkRange(String key, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] of setting " + key + " is empty");
        }
    }

    private IllegalArgumentException bad(String key, String text, String rule) {
        return new IllegalArgumentException(fullKey(plugin, key) + " = " + text + ": " + rule);
    }

    // ---- "did you mean" ------------------------------------------------------------------------

    /**
     * The candidate nearest to {@code name} if it is near enough to be a typo of it: within
     * {@code max(2, n / 4)} single-character edits, where {@code n} is the length of the shorter of
     * the two, and not a rewrite of every character of the longer one; of equally near candidates,
     * the first in iteration order wins. The same rule as every {@link SettingException}'s "did you
     * mean", for a plugin's other named inputs (workload parameters).
     *
     * @return the candidate, or empty if none looks like what {@code name} was meant to be
     */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        return SettingException.unknownKey("key", name, null, null, candidates, "").suggestion();
    }

    @Override
    public String toString() {
        return "PluginSettings[" + plugin + ", " + values + "]";
    }
}
