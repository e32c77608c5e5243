package io.vmapkit.plugins.generic;

import com.google.auto.service.AutoService;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.plugins.generic.workload.Workloads;
import java.util.List;

/**
 * The plugin {@value #NAME}: a stateless factory whose installations offer the generic workloads
 * ({@link Workloads#NAMES}). It registers no block or shrinker and allocates nothing at install, so a
 * run that installs it without stepping one of its workloads is unchanged.
 *
 * <p><b>Threading.</b> Stateless and thread-safe, as every {@link VmapPlugin}; {@link #install} may be
 * called for several systems at once.
 */
@AutoService(VmapPlugin.class)
public final class GenericPlugin implements VmapPlugin {

    /** The plugin's name. */
    public static final String NAME = "generic";

    /** Discovery calls this constructor; it does nothing. */
    public GenericPlugin() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "workloads without a driver model: a real vmallocinfo layout, churn, module-load, ioremap, "
                + "page-pool-pressure, leaky-cache";
    }

    @Override
    public List<String> workloads() {
        return Workloads.NAMES;
    }

    /**
     * Creates the installation. The plugin has no settings.
     *
     * @throws IllegalArgumentException naming any {@code vmapkit.plugin.generic.*} key, before
     *     anything is registered
     */
    @Override
    public GenericInstallation install(PluginContext context) {
        PluginSettings.of(context); // no keys: any setting is refused, naming it
        return new GenericInstallation(context);
    }

    @Override
    public String toString() {
        return "GenericPlugin";
    }
}
