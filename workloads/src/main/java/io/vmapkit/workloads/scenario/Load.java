package io.vmapkit.workloads.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One workload of a scenario's load: a plugin's workload with its parameters and its weight in the
 * seeded interleaving of all loads ({@link io.vmapkit.workloads.simulate.PolicyRun}).
 *
 * @param plugin the plugin that offers the workload
 * @param workload the workload's name ({@link io.vmapkit.api.spi.VmapPlugin#workloads()})
 * @param params the workload's parameters (immutable, in order), passed to
 *     {@link io.vmapkit.api.spi.InstalledPlugin#newWorkload}; the run adds {@code operations} unless
 *     given here
 * @param weight the load's share of the operations when several loads run together, at least 1
 * @param where where the load was written ({@code FILE:LINE}, or the option that made it)
 */
public record Load(String plugin, String workload, Map<String, String> params, int weight, String where) {

    /** Checks and copies. */
    public Load {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(where, "where");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (weight < 1) {
            throw new IllegalArgumentException(where + ": weight must be at least 1, not " + weight);
        }
    }

    /** {@code plugin:workload}, the way the table header and {@code --workload} name a load. */
    public String label() {
        return plugin + ":" + workload;
    }
}
