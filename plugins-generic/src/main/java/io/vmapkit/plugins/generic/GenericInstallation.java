package io.vmapkit.plugins.generic;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.plugins.generic.workload.Workloads;
import java.util.Map;
import java.util.Objects;

/**
 * The plugin {@value GenericPlugin#NAME} installed into one system: it creates that system's
 * generic workloads. It holds nothing itself; each workload holds what it allocates until its
 * {@code finish()}, and the runtime frees whatever is left when the plugin is uninstalled.
 *
 * <p><b>Ownership and threading.</b> The runtime owns and closes it. {@link #newWorkload} may be
 * called from any thread; each workload it returns is stepped by one thread.
 */
public final class GenericInstallation implements InstalledPlugin {

    private final PluginContext context;

    GenericInstallation(PluginContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * A new generic workload.
     *
     * @throws IllegalArgumentException naming the workload if there is none of that name (with the
     *     nearest name), or naming a bad parameter and its value
     */
    @Override
    public Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
        return Workloads.create(context, workload, seed, parameters);
    }
}
