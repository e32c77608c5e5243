package io.vmapkit.workloads.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One dimension of a sweep: a key and the values it takes, in order. What a key means (a
 * configuration key, a plugin setting, {@code ncpus}, {@code policy}, ...) is the
 * {@link CellRunner}'s business; the plan only combines values. Immutable and thread-safe.
 *
 * @param key the key, e.g. {@code vmapkit.space.reserve} or {@code ncpus}
 * @param values the values, at least one, distinct, none blank, none holding a comma (immutable)
 */
public record Axis(String key, List<String> values) {

    /** Checks and copies. */
    public Axis {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || key.contains("=") || key.contains(",")) {
            throw new IllegalArgumentException("axis key '" + key + "' must be a non-empty name without '=' or ','");
        }
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("axis " + key + " has no values");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String v : values) {
            if (v.isBlank()) {
                throw new IllegalArgumentException("axis " + key + " has an empty value");
            }
            if (v.contains(",")) {
                throw new IllegalArgumentException("axis " + key + ": value '" + v + "' holds a comma");
            }
            if (!seen.add(v)) {
                throw new IllegalArgumentException("axis " + key + " names the value '" + v + "' twice");
            }
        }
    }

    /**
     * Reads {@code KEY=V1,V2,...}.
     *
     * @param source where the text came from, for messages (e.g. {@code --axis})
     * @throws IllegalArgumentException naming the source and the text
     */
    public static Axis parse(String text, String source) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(source + " '" + text + "': expected KEY=V1,V2,...");
        }
        List<String> values = new ArrayList<>();
        for (String v : text.substring(eq + 1).split(",", -1)) {
            values.add(v.strip());
        }
        try {
            return new Axis(text.substring(0, eq).strip(), values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " '" + text + "': " + e.getMessage(), e);
        }
    }

    /** {@code KEY=V1,V2,...}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return key + "=" + String.join(",", values);
    }
}
