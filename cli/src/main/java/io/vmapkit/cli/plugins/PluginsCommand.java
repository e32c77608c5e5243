package io.vmapkit.cli.plugins;

import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.cli.common.CommandFailure;
import io.vmapkit.cli.common.PluginPathOption;
import io.vmapkit.runtime.VmapBlueprint;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.discovery.DiscoveryException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vmapkit plugins}: the runtime's discovery report and the workloads plugins offer. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {
            "List the plugins and providers discovery finds.",
            "Shows name, version, priority, api version, status, class, jar, and why a broken or refused one was",
            "skipped; then the workloads each plugin offers to simulate. Providers marked 'installed' are the ones",
            "a system uses by default."})
public final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginPathOption pluginPath;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PluginPathOption.PluginLoader loader = pluginPath.open()) {
            VmapBlueprint bp;
            try {
                bp = VmapKit.builder().ignoreSystemProperties().classLoader(loader.loader()).discoverPlugins().resolve();
            } catch (DiscoveryException e) {
                out.print(e.report().toTable());
                out.flush();
                throw new CommandFailure(e.getMessage(), e);
            }
            out.print(bp.report().toTable());
            out.println();
            out.println("Workloads (vmapkit simulate --workload PLUGIN:WORKLOAD):");
            List<VmapPlugin> plugins = bp.plugins();
            if (plugins.isEmpty()) {
                out.println("  (no plugins)");
            }
            for (VmapPlugin p : plugins) {
                String list;
                try {
                    List<String> w = p.workloads();
                    list = w.isEmpty() ? "(none)" : String.join(", ", w);
                } catch (RuntimeException e) {
                    list = "(workloads() threw " + e + ")";
                }
                out.println("  " + p.name() + ": " + list);
            }
            if (!loader.entries().isEmpty()) {
                out.println();
                out.println("Plugin path:");
                loader.entries().forEach(e -> out.println("  " + e));
            }
            out.flush();
            return 0; // broken entries are listed with their reason; listing them is a success
        }
    }
}
