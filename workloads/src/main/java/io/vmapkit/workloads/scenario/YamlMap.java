package io.vmapkit.workloads.scenario;

import io.vmapkit.api.spi.PluginSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML mapping of a scenario file read strictly: keys are plain scalars, none twice, and (when
 * the keys are fixed) none unknown; every failure names the file, the line and the path of the
 * mapping ({@code loads[0]}). Package-private helper of {@link ScenarioParser}; not thread-safe.
 */
final class YamlMap {

    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(String file, String path, Node node, Map<String, NodeTuple> entries) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.entries.putAll(entries);
    }

    /** {@code node} as a mapping called {@code what} at {@code path}. */
    static YamlMap of(String file, String path, String what, Node node) {
        if (!(node instanceof MappingNode m)) {
            throw fail(file, node, (path.isEmpty() ? "the file" : "'" + path + "'") + " must be " + what
                    + " (key: value lines), not " + kind(node));
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode s) || s.getValue().isBlank()) {
                throw fail(file, k, "a key " + (path.isEmpty() ? "at the top level" : "in '" + path + "'")
                    + " must be a plain name, not " + kind(k));
            }
            if (entries.containsKey(s.getValue())) {
                throw fail(file, k, "key '" + s.getValue() + "' appears twice " + (path.isEmpty() ? "at the top level"
                        : "in '" + path + "'") + " (first on line "
                        + line(entries.get(s.getValue()).getKeyNode()) + ")");
            }
            entries.put(s.getValue(), t);
        }
        return new YamlMap(file, path, node, entries);
    }

    /** Refuses any key not in {@code known}, suggesting the nearest known one. */
    YamlMap only(List<String> known) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                String hint = suggestion(e.getKey(), known);
                throw fail(file, e.getValue().getKeyNode(), "unknown key '" + e.getKey() + "' "
                        + (path.isEmpty() ? "at the top level" : "in '" + path + "'")
                        + (hint.isEmpty() ? " (known: " + String.join(", ", known) + ")" : hint));
            }
        }
        return this;
    }

    /** {@code ; did you mean 'x'?} when a candidate is near {@code name}, else empty. */
    static String suggestion(String name, List<String> candidates) {
        return PluginSettings.closest(name, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
    }

    /** The keys, in file order. */
    List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** {@code FILE:LINE} of the mapping itself. */
    String where() {
        return file + ":" + line(node);
    }

    /** {@code FILE:LINE} of {@code key}. */
    String where(String key) {
        return file + ":" + line(entries.get(key).getKeyNode());
    }

    /** The value node of {@code key}. */
    Node node(String key) {
        return entries.get(key).getValueNode();
    }

    /** A required key's value, as text. */
    String text(String key) {
        if (!has(key)) {
            throw fail(file, node, (path.isEmpty() ? "the scenario" : "'" + path + "'") + " has no '" + key + "' (required)");
        }
        return scalar(key);
    }

    /** An optional key's value as text, or {@code defaultValue}. */
    String text(String key, String defaultValue) {
        return has(key) ? scalar(key) : defaultValue;
    }

    private String scalar(String key) {
        return scalar(file, node(key), qualified(key));
    }

    /** {@code node} as text; a mapping, a list or an empty value is an error naming {@code name}. */
    static String scalar(String file, Node node, String name) {
        if (!(node instanceof ScalarNode s)) {
            throw fail(file, node, "'" + name + "' must be a single value, not " + kind(node));
        }
        if (s.getTag().getValue().endsWith(":null") && (s.getValue().isEmpty() || s.getValue().equals("~")
                || s.getValue().equalsIgnoreCase("null"))) {
            throw fail(file, node, "'" + name + "' has no value");
        }
        return s.getValue();
    }

    /** An optional whole number in {@code [min, max]}, or {@code null}. */
    Long number(String key, long min, long max) {
        if (!has(key)) {
            return null;
        }
        String t = scalar(key).replace("_", "");
        long v;
        try {
            v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw fail(file, node(key), "'" + qualified(key) + "' must be a whole number, not '" + scalar(key) + "'");
        }
        if (v < min || v > max) {
            throw fail(file, node(key), "'" + qualified(key) + "' must be " + (max == Long.MAX_VALUE ? "at least " + min
                    : "between " + min + " and " + max) + ", not " + v);
        }
        return v;
    }

    /** {@code key}'s value as a list of nodes (a single value is refused). */
    List<Node> list(String key, String what) {
        Node n = node(key);
        if (!(n instanceof SequenceNode s)) {
            throw fail(file, n, "'" + qualified(key) + "' must be a list of " + what + " (lines starting '- '), not " + kind(n));
        }
        return s.getValue();
    }

    /** {@code key}'s value as a mapping. */
    YamlMap map(String key, String what) {
        return of(file, qualified(key), what, node(key));
    }

    String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String path() {
        return path;
    }

    String file() {
        return file;
    }

    static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        if (n instanceof ScalarNode s) {
            return s.getValue().isEmpty() ? "an empty value" : "'" + s.getValue() + "'";
        }
        return String.valueOf(n.getNodeType()).toLowerCase(java.util.Locale.ROOT);
    }

    static ScenarioException fail(String file, Node at, String problem) {
        return ScenarioException.at(file + ":" + line(at), problem);
    }
}
