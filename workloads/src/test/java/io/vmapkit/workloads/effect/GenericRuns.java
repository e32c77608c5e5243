package io.vmapkit.workloads.effect;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.workloads.figures.PluginAccount;
import io.vmapkit.workloads.figures.RunRecord;
import io.vmapkit.workloads.scenario.Policy;
import io.vmapkit.workloads.simulate.PolicyRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a generic workload as {@code simulate} does ({@link PolicyRun}: a fresh system, the figures
 * and accounts measured when stepping stops) in a 4 MiB space at 0x10000000 (1024 pages), one CPU,
 * a page pool of 1024 pages, with the plugin {@code generic} and the given third-party plugins.
 */
final class GenericRuns {

    private GenericRuns() {}

    /**
     * @param workload the generic workload
     * @param operations its operations
     * @param settings extra configuration keys, full names
     * @param plugins third-party plugins to install besides {@code generic}
     */
    static RunRecord run(String workload, long operations, Map<String, String> settings, String... plugins) {
        ClassLoader loader = GenericRuns.class.getClassLoader();
        AllocatorProvider provider = new ServiceDiscovery(loader).find(AllocatorProvider.class).usable().stream()
                .filter(c -> c.name().equals("free-tree")).findFirst().orElseThrow().instance();
        List<String> install = new ArrayList<>(List.of("generic"));
        install.addAll(List.of(plugins));
        VmapConfig.Builder b = VmapConfig.builder().addressSpace(AddressSpace.of(0x1000_0000L, 4L << 20)).ncpus(1)
                .includePlugins(install).set("vmapkit.page-pool.pages", "1024");
        settings.forEach((k, v) -> {
            if (k.startsWith("vmapkit.plugin.")) { // vmapkit.plugin.<plugin>.<key>
                String rest = k.substring("vmapkit.plugin.".length());
                b.pluginSetting(rest.substring(0, rest.indexOf('.')), rest.substring(rest.indexOf('.') + 1), v);
            } else {
                b.set(k, v);
            }
        });
        return new PolicyRun(loader, provider, b.build(), "generic", workload, 1, operations, false)
                .run(new Policy("as-is", "no settings", List.of(), "GenericRuns"), null);
    }

    /** The account named {@code name}, or a failure listing the ones there are. */
    static PluginAccount account(RunRecord r, String name) {
        return r.figures().plugins().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no account '" + name + "' in " + r.figures().plugins()));
    }
}
