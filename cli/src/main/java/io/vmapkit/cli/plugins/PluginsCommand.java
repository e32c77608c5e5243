package io.vmapkit.cli.plugins;

import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.cli.common.PluginPathOption;
import io.vmapkit.runtime.VmapBlueprint;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.discovery.DiscoveryException;
import io.vmapkit.runtime.discovery.DiscoveryReport;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.runtime.discovery.Status;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vmapkit plugins}: the runtime's discovery report and the workloads plugins offer. */
@Command(name = "plugins", mixinStandardHelpOptions = true, versionProvider = io.vmapkit.cli.VersionProvider.class,
        description = {
            "List the plugins and providers discovery finds.",
            "Shows name, version, priority, api version, status, class, jar, and why a broken or refused one was "
                    + "skipped; then the workloads each plugin offers to simulate. Providers marked 'installed' are the "
                    + "ones a system uses by default; 'available' ones are found and usable; 'duplicate' ones share a "
                    + "name and none of them is used."})
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
                bp = null;
                // a listing is for finding such problems: list every entry, the duplicates marked, and warn
                spec.commandLine().getErr().println(spec.qualifiedName() + ": warning: " + e.getMessage());
                spec.commandLine().getErr().flush();
                out.print(DiscoveryReport.of(everyEntry(loader.loader())).toTable());
            }
            if (bp != null) {
                out.print(bp.report().toTable());
            }
            out.println();
            out.println("Workloads (vmapkit simulate --workload PLUGIN:WORKLOAD):");
            List<VmapPlugin> plugins = bp != null ? bp.plugins() : usablePlugins(loader.loader());
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

    /** Every entry of every kind, entries sharing a name marked {@link Status#DUPLICATE}. */
    private static List<ReportEntry> everyEntry(ClassLoader loader) {
        List<ReportEntry> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<ReportEntry> entries;
            try {
                entries = new ServiceDiscovery(loader).find(kind.service()).entries();
            } catch (DiscoveryException e) {
                entries = e.report().entries(kind);
            }
            Map<String, Long> perName = entries.stream().filter(x -> !x.name().equals(ReportEntry.UNKNOWN))
                    .collect(Collectors.groupingBy(ReportEntry::name, Collectors.counting()));
            for (ReportEntry x : entries) {
                long n = perName.getOrDefault(x.name(), 0L);
                all.add(n > 1 ? x.with(Status.DUPLICATE, n + " " + kind.label() + "s are named '" + x.name()
                        + "'; none is used until the name is unique") : x);
            }
        }
        return all;
    }

    /** The plugins with a name no other has, for the workloads list when discovery refused duplicates. */
    private static List<VmapPlugin> usablePlugins(ClassLoader loader) {
        List<VmapPlugin> list = new ArrayList<>();
        List<ReportEntry> entries = everyEntry(loader);
        try {
            new ServiceDiscovery(loader).find(VmapPlugin.class).usable().forEach(c -> list.add(c.instance()));
        } catch (DiscoveryException e) {
            Set<String> unique = new HashSet<>();
            entries.stream().filter(x -> x.kind() == Kind.PLUGIN && x.status() == Status.AVAILABLE).forEach(x -> unique.add(x.className()));
            ServiceLoader.load(VmapPlugin.class, loader).stream().forEach(pr -> {
                if (unique.contains(pr.type().getName())) {
                    try {
                        list.add(pr.get());
                    } catch (RuntimeException | java.util.ServiceConfigurationError ignored) {
                        // listed in the table already, with why
                    }
                }
            });
        }
        return list;
    }
}
