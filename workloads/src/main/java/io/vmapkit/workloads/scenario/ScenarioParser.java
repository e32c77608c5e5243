package io.vmapkit.workloads.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a scenario file (YAML, format in {@code docs/scenarios.md}) strictly: every key known,
 * every value of its type, every required key present. A failure is a {@link ScenarioException}
 * whose message starts {@code FILE:LINE:} and, for a misspelt key or name, suggests the nearest
 * valid one. Whether the named plugins, workloads and settings exist is checked later, against
 * discovery ({@link ScenarioCheck}).
 *
 * <p>The file is composed to YAML nodes (snakeyaml-engine) rather than bound to objects, so every
 * value keeps its line. Stateless and thread-safe.
 */
public final class ScenarioParser {

    /** The top-level keys, in the documented order. */
    public static final List<String> KEYS = List.of("name", "description", "space", "space-size", "cpus", "kernel",
            "config", "plugins", "loads", "layout", "policies", "default-policies", "seed", "operations");

    /** The keys of one load. */
    public static final List<String> LOAD_KEYS = List.of("plugin", "workload", "params", "weight");

    /** The keys of the layout. */
    public static final List<String> LAYOUT_KEYS = List.of("file", "mode");

    /** The address-space presets. */
    public static final List<String> SPACES = List.of("x86_32", "x86_64");

    /** The policy key that holds its description rather than a setting. */
    public static final String DESCRIPTION = "description";

    /** The name of the one policy of a scenario that defines none. */
    public static final String DEFAULT_POLICY = "default";

    /** Defaults of the optional keys. */
    public static final long DEFAULT_SEED = 1L;
    /** Operations per policy when the file does not say. */
    public static final long DEFAULT_OPERATIONS = 100_000L;

    /** A policy name: no white space, and none of the characters {@code --policy} and {@code --policies} split on. */
    public static final Pattern POLICY_NAME = Pattern.compile("[^\\s:,=]+");

    private static final Pattern SIZE = Pattern.compile("(?i)(\\d[\\d_]*)\\s*([kmgt]?)(i?b)?");
    private static final Pattern PLUGIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private ScenarioParser() {}

    /**
     * Parses {@code text}, read from {@code file} ({@code FILE} in messages and the scenario's
     * origin).
     *
     * @throws ScenarioException naming {@code file}, the line and the problem
     */
    public static Scenario parse(String text, String file) {
        Node root;
        try {
            Optional<Node> n = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
            if (n.isEmpty()) {
                throw ScenarioException.at(file + ":1", "the file is empty; a scenario needs at least 'name' and 'loads'");
            }
            root = n.get();
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(1);
            String problem = e.getProblem() == null ? e.getClass().getSimpleName() : e.getProblem();
            throw ScenarioException.at(file + ":" + line, "not valid YAML: " + problem
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
        } catch (YamlEngineException e) {
            throw ScenarioException.at(file, "not valid YAML: " + e.getMessage());
        }
        YamlMap top = YamlMap.of(file, "", "a mapping of the keys " + String.join(", ", KEYS), root).only(KEYS);
        Map<String, String> lines = new LinkedHashMap<>();
        top.keys().forEach(k -> lines.put(k, top.where(k)));

        String name = top.text("name");
        String description = top.text("description", "");
        String space = top.text("space", "x86_32");
        if (!SPACES.contains(space)) {
            throw YamlMap.fail(file, top.node("space"), "unknown address-space preset '" + space + "'"
                    + YamlMap.suggestion(space, SPACES) + " (known: " + String.join(", ", SPACES)
                    + "; give the size with 'space-size')");
        }
        Long spaceSize = top.has("space-size") ? size(top, "space-size") : null;
        Long cpus = top.number("cpus", 1, 1024);
        String kernel = top.text("kernel", null);
        List<Entry> config = top.has("config") ? config(top.map("config", "a mapping of vmapkit.* keys")) : List.of();
        Map<String, List<Entry>> plugins = Map.of();
        if (top.has("plugins")) {
            YamlMap pm = top.map("plugins", "a mapping of plugin names to their settings");
            plugins = plugins(pm);
            pm.keys().forEach(k -> lines.put("plugins." + k, pm.where(k)));
        }
        if (!top.has("loads")) {
            throw ScenarioException.at(file + ":1", "the scenario has no 'loads' (required: one or more "
                    + "{plugin, workload, params, weight})");
        }
        List<Load> loads = loads(top);
        Layout layout = top.has("layout") ? layout(top) : null;
        List<Policy> policies = top.has("policies")
                ? policies(top.map("policies", "a mapping of policy names to their settings")) : List.of();
        List<String> defaults = new ArrayList<>();
        if (top.has("default-policies")) {
            if (policies.isEmpty()) {
                throw YamlMap.fail(file, top.node("default-policies"), "'default-policies' names policies, but the "
                        + "scenario defines none under 'policies'");
            }
            List<String> names = policies.stream().map(Policy::name).toList();
            for (Node n : top.list("default-policies", "policy names")) {
                String d = YamlMap.scalar(file, n, "default-policies[" + defaults.size() + "]");
                if (!names.contains(d)) {
                    throw YamlMap.fail(file, n, "unknown policy '" + d + "' in 'default-policies'"
                            + YamlMap.suggestion(d, names) + " (defined: " + String.join(", ", names) + ")");
                }
                if (defaults.contains(d)) {
                    throw YamlMap.fail(file, n, "'default-policies' names '" + d + "' twice");
                }
                defaults.add(d);
            }
            if (defaults.isEmpty()) {
                throw YamlMap.fail(file, top.node("default-policies"), "'default-policies' is empty");
            }
        }
        if (policies.isEmpty()) {
            policies = List.of(new Policy(DEFAULT_POLICY, "the scenario's own settings, nothing changed", List.of(),
                    file + ":1"));
        }
        if (defaults.isEmpty()) {
            policies.forEach(p -> defaults.add(p.name()));
        }
        Long seed = top.number("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        Long operations = top.number("operations", 1, Long.MAX_VALUE);
        return new Scenario(name, description, file, space, spaceSize, cpus == null ? null : cpus.intValue(), kernel,
                config, plugins, loads, layout, policies, defaults, seed == null ? DEFAULT_SEED : seed,
                operations == null ? DEFAULT_OPERATIONS : operations, lines);
    }

    private static long size(YamlMap m, String key) {
        String t = m.text(key).strip();
        java.util.regex.Matcher x = SIZE.matcher(t);
        if (!x.matches()) {
            throw YamlMap.fail(m.file(), m.node(key), "'" + key + "' must be a size such as 64M, 512K or 1G, not '" + t + "'");
        }
        long v;
        try {
            v = Long.parseLong(x.group(1).replace("_", ""));
        } catch (NumberFormatException e) {
            throw YamlMap.fail(m.file(), m.node(key), "'" + key + "' = " + t + " is too large");
        }
        int shift = switch (x.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        if (v > (Long.MAX_VALUE >> shift)) {
            throw YamlMap.fail(m.file(), m.node(key), "'" + key + "' = " + t + " is too large");
        }
        v <<= shift;
        if (v <= 0 || v % 4096 != 0) {
            throw YamlMap.fail(m.file(), m.node(key), "'" + key + "' = " + t + " is not a positive multiple of the page "
                    + "size (4096 bytes)");
        }
        return v;
    }

    private static List<Entry> config(YamlMap m) {
        List<Entry> out = new ArrayList<>();
        for (String key : m.keys()) {
            if (!key.startsWith("vmapkit.")) {
                throw ScenarioException.at(m.where(key), "'" + key + "' in 'config' is not a vmapkit.* configuration key");
            }
            out.add(new Entry(key, YamlMap.scalar(m.file(), m.node(key), "config." + key), m.where(key)));
        }
        return out;
    }

    private static Map<String, List<Entry>> plugins(YamlMap m) {
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        for (String plugin : m.keys()) {
            checkPluginName(m, plugin);
            Node n = m.node(plugin);
            List<Entry> settings = new ArrayList<>();
            if (!(n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s && s.getValue().isEmpty())) {
                YamlMap sm = m.map(plugin, "a mapping of the plugin's settings (or empty)");
                settings.addAll(pluginSettings(sm, plugin));
            }
            out.put(plugin, settings);
        }
        return out;
    }

    private static List<Entry> pluginSettings(YamlMap sm, String plugin) {
        List<Entry> settings = new ArrayList<>();
        for (String key : sm.keys()) {
            settings.add(new Entry("vmapkit.plugin." + plugin + "." + key,
                    YamlMap.scalar(sm.file(), sm.node(key), sm.qualified(key)), sm.where(key)));
        }
        return settings;
    }

    private static void checkPluginName(YamlMap m, String plugin) {
        if (!PLUGIN_NAME.matcher(plugin).matches()) {
            throw ScenarioException.at(m.where(plugin), "'" + plugin + "' in '" + m.path() + "' is not a plugin name");
        }
    }

    private static List<Load> loads(YamlMap top) {
        List<Load> out = new ArrayList<>();
        List<Node> nodes = top.list("loads", "loads {plugin, workload, params, weight}");
        if (nodes.isEmpty()) {
            throw YamlMap.fail(top.file(), top.node("loads"), "'loads' is empty; a scenario needs at least one load");
        }
        for (Node n : nodes) {
            String path = "loads[" + out.size() + "]";
            YamlMap l = YamlMap.of(top.file(), path, "a load {plugin, workload, params, weight}", n).only(LOAD_KEYS);
            String plugin = l.text("plugin");
            String workload = l.text("workload", plugin);
            Map<String, String> params = new LinkedHashMap<>();
            if (l.has("params")) {
                YamlMap pm = l.map("params", "a mapping of the workload's parameters");
                for (String k : pm.keys()) {
                    params.put(k, YamlMap.scalar(top.file(), pm.node(k), pm.qualified(k)));
                }
            }
            Long weight = l.number("weight", 1, 1_000_000);
            out.add(new Load(plugin, workload, params, weight == null ? 1 : weight.intValue(), l.where()));
        }
        return out;
    }

    private static Layout layout(YamlMap top) {
        Node n = top.node("layout");
        if (n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode) {
            return new Layout(YamlMap.scalar(top.file(), n, "layout"), "auto", top.where("layout"));
        }
        YamlMap l = top.map("layout", "a vmallocinfo file name, or a mapping {file, mode}").only(LAYOUT_KEYS);
        String mode = l.text("mode", "auto");
        if (!Layout.MODES.contains(mode)) {
            throw YamlMap.fail(top.file(), l.node("mode"), "unknown layout mode '" + mode + "'"
                    + YamlMap.suggestion(mode, Layout.MODES) + " (known: " + String.join(", ", Layout.MODES) + ")");
        }
        return new Layout(l.text("file"), mode, l.where());
    }

    private static List<Policy> policies(YamlMap m) {
        List<Policy> out = new ArrayList<>();
        for (String name : m.keys()) {
            if (!POLICY_NAME.matcher(name).matches()) {
                throw ScenarioException.at(m.where(name), "policy name '" + name + "' may not contain white space, "
                        + "':', ',' or '='");
            }
            Node n = m.node(name);
            String description = "";
            List<Entry> entries = new ArrayList<>();
            if (!(n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s && s.getValue().isEmpty())) {
                YamlMap pm = m.map(name, "a mapping of settings: vmapkit.* keys, or plugin names with their settings");
                for (String key : pm.keys()) {
                    if (key.equals(DESCRIPTION)) {
                        description = YamlMap.scalar(m.file(), pm.node(key), pm.qualified(key));
                    } else if (key.startsWith("vmapkit.")) {
                        entries.add(new Entry(key, YamlMap.scalar(m.file(), pm.node(key), pm.qualified(key)), pm.where(key)));
                    } else {
                        checkPluginName(pm, key);
                        entries.addAll(pluginSettings(pm.map(key, "a mapping of plugin '" + key + "''s settings"), key));
                    }
                }
            }
            out.add(new Policy(name, description, entries, m.where(name)));
        }
        return out;
    }
}
