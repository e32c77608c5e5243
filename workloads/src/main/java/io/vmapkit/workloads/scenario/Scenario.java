package io.vmapkit.workloads.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A scenario as read from its file ({@link ScenarioParser}): the system to build, the plugins to
 * install with their settings, the loads to run together, the initial layout, and the policies to
 * compare. Structurally valid; whether its plugins, workloads and settings exist is checked against
 * discovery by whoever runs it.
 *
 * @param name the scenario's name
 * @param description one line for the listing and the report
 * @param origin the file it was read from ({@code built-in i915-32bit.yaml} for a shipped one)
 * @param space the address-space preset, {@code x86_32} or {@code x86_64}
 * @param spaceSize the size of the vmalloc space in bytes, or {@code null} for the preset's
 * @param cpus the online CPUs, or {@code null} for the runner's default
 * @param kernel the kernel preset ({@code vmapkit.kernel}), or {@code null}
 * @param config {@code vmapkit.*} configuration keys (not plugin settings), in order
 * @param plugins the plugins to install, each with its own settings (full keys), in order
 * @param loads the workloads run together, at least one
 * @param layout the initial layout, or {@code null}
 * @param policies the policies, at least one
 * @param defaultPolicies the names of the policies run when none are chosen, in order
 * @param seed the default seed
 * @param operations the default number of operations per policy
 * @param lines where each top-level key was written ({@code FILE:LINE}), and each plugin under
 *     {@code plugins:} as {@code plugins.<name>}, for messages and the report
 */
public record Scenario(String name, String description, String origin, String space, Long spaceSize, Integer cpus,
        String kernel, List<Entry> config, Map<String, List<Entry>> plugins, List<Load> loads, Layout layout,
        List<Policy> policies, List<String> defaultPolicies, long seed, long operations, Map<String, String> lines) {

    /** Checks and copies. */
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(space, "space");
        config = List.copyOf(config);
        Map<String, List<Entry>> p = new LinkedHashMap<>();
        plugins.forEach((k, v) -> p.put(k, List.copyOf(v)));
        plugins = Collections.unmodifiableMap(p);
        loads = List.copyOf(loads);
        policies = List.copyOf(policies);
        defaultPolicies = List.copyOf(defaultPolicies);
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
        if (loads.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + ": no load");
        }
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + ": no policy");
        }
        for (String d : defaultPolicies) {
            if (policies.stream().noneMatch(x -> x.name().equals(d))) {
                throw new IllegalArgumentException("scenario " + name + ": default policy '" + d + "' is not defined");
            }
        }
        if (defaultPolicies.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + ": no default policy");
        }
    }

    /** The policy called {@code policyName}. */
    public Optional<Policy> policy(String policyName) {
        return policies.stream().filter(p -> p.name().equals(policyName)).findFirst();
    }

    /** The policies run when none are chosen, in order. */
    public List<Policy> defaults() {
        List<Policy> out = new ArrayList<>();
        defaultPolicies.forEach(n -> out.add(policy(n).orElseThrow()));
        return out;
    }

    /** The first load's plugin (the plugin of a one-load scenario). */
    public String plugin() {
        return loads.get(0).plugin();
    }

    /** The first load's workload (the workload of a one-load scenario). */
    public String workload() {
        return loads.get(0).workload();
    }

    /**
     * Every plugin the scenario installs, in order: those under {@code plugins:}, then the loads'
     * plugins, then the layout's.
     */
    public Set<String> pluginsToInstall() {
        Set<String> s = new LinkedHashSet<>(plugins.keySet());
        loads.forEach(l -> s.add(l.plugin()));
        if (layout != null) {
            s.add(Layout.PLUGIN);
        }
        return Collections.unmodifiableSet(s);
    }

    /** This scenario with {@code newLoads} instead of its loads (e.g. {@code --workload}). */
    public Scenario withLoads(List<Load> newLoads) {
        return new Scenario(name, description, origin, space, spaceSize, cpus, kernel, config, plugins, newLoads, layout,
                policies, defaultPolicies, seed, operations, lines);
    }

    /** This scenario with {@code newLayout} (or none, for {@code null}) as its initial layout. */
    public Scenario withLayout(Layout newLayout) {
        return new Scenario(name, description, origin, space, spaceSize, cpus, kernel, config, plugins, loads, newLayout,
                policies, defaultPolicies, seed, operations, lines);
    }

    /**
     * This scenario with only the plugins {@code keep} under {@code plugins:} and with the policies'
     * settings of other plugins left out ({@code vmapkit.*} keys that are not plugin settings stay).
     */
    public Scenario keepingPlugins(Set<String> keep) {
        Map<String, List<Entry>> p = new LinkedHashMap<>();
        plugins.forEach((k, v) -> {
            if (keep.contains(k)) {
                p.put(k, v);
            }
        });
        List<Policy> ps = new ArrayList<>();
        for (Policy pol : policies) {
            List<Entry> es = pol.entries().stream().filter(e -> keep.contains(pluginOf(e.key()).orElse(null))
                    || pluginOf(e.key()).isEmpty()).toList();
            ps.add(new Policy(pol.name(), pol.description(), es, pol.where()));
        }
        List<Entry> cfg = config.stream().filter(e -> pluginOf(e.key()).isEmpty() || keep.contains(pluginOf(e.key()).get()))
                .toList();
        return new Scenario(name, description, origin, space, spaceSize, cpus, kernel, cfg, p, loads, layout, ps,
                defaultPolicies, seed, operations, lines);
    }

    /** The plugin a full key {@code vmapkit.plugin.<plugin>.<key>} belongs to, or empty for any other key. */
    public static Optional<String> pluginOf(String key) {
        String prefix = io.vmapkit.api.spi.PluginSettings.KEY_PREFIX;
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length());
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }
}
