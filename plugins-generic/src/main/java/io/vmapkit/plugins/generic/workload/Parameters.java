package io.vmapkit.plugins.generic.workload;

import io.vmapkit.api.spi.PluginSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A workload's parameters, checked: keys other than the workload's are refused with the nearest
 * known one, and each reader refuses a bad value naming the workload, the parameter and the value.
 * Immutable.
 */
final class Parameters {

    private final String workload;
    private final Map<String, String> values;

    private Parameters(String workload, Map<String, String> values) {
        this.workload = workload;
        this.values = Map.copyOf(values);
    }

    /**
     * @throws IllegalArgumentException naming the first unknown key (sorted), the nearest known key
     *     if it looks like a typo, and the known keys
     */
    static Parameters of(String workload, Map<String, String> values, List<String> known) {
        for (String key : new TreeSet<>(values.keySet())) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(where(workload) + ": unknown parameter '" + key + "'"
                        + PluginSettings.closest(key, known).map(c -> " (did you mean '" + c + "'?)").orElse("")
                        + "; known: " + new TreeSet<>(known));
            }
        }
        return new Parameters(workload, values);
    }

    private static String where(String workload) {
        return "workload '" + workload + "' of plugin 'generic'";
    }

    /** A text parameter, or {@code defaultValue}. */
    String text(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue).strip();
    }

    /** Whether the parameter was given. */
    boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * A decimal integer in {@code [min, max]}, or {@code defaultValue}.
     *
     * @throws IllegalArgumentException naming the parameter and value
     */
    long integer(String key, long defaultValue, long min, long max) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        long v;
        try {
            v = Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(key, text, "is not a decimal integer");
        }
        if (v < min || v > max) {
            throw bad(key, text, max == Long.MAX_VALUE ? "must be at least " + min : "must be between " + min + " and " + max);
        }
        return v;
    }

    /**
     * A fraction in {@code [min, max]} written {@code 0.25} or {@code 25%}, or {@code defaultValue}.
     *
     * @throws IllegalArgumentException naming the parameter and value
     */
    double fraction(String key, double defaultValue, double min, double max) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        String t = text.strip();
        double v;
        try {
            v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100 : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw bad(key, text, "is not a number (write 0.25 or 25%)");
        }
        if (!(v >= min && v <= max)) {
            throw bad(key, text, "must be between " + min + " and " + max);
        }
        return v;
    }

    /**
     * One of {@code choices}, or {@code defaultValue}.
     *
     * @throws IllegalArgumentException naming the parameter, the value and the choices
     */
    String choice(String key, String defaultValue, List<String> choices) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        if (!choices.contains(text.strip())) {
            throw bad(key, text, "must be one of " + String.join(", ", choices)
                    + PluginSettings.closest(text.strip(), choices).map(c -> " (did you mean '" + c + "'?)").orElse(""));
        }
        return text.strip();
    }

    /** An error naming the workload, the parameter and its value. */
    IllegalArgumentException bad(String key, String text, String rule) {
        return new IllegalArgumentException(where(workload) + ": parameter " + key + " = '" + text + "': " + rule);
    }
}
