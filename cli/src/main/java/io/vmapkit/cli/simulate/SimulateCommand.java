package io.vmapkit.cli.simulate;

import io.vmapkit.api.Addresses;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.cli.VersionProvider;
import io.vmapkit.cli.common.Allocators;
import io.vmapkit.cli.common.CommandFailure;
import io.vmapkit.cli.common.JfrOption;
import io.vmapkit.cli.common.KernelWarnings;
import io.vmapkit.cli.common.OutputFiles;
import io.vmapkit.cli.common.PluginPathOption;
import io.vmapkit.cli.common.Sizes;
import io.vmapkit.cli.common.Spaces;
import io.vmapkit.cli.common.Suggestions;
import io.vmapkit.cli.figures.FiguresJson;
import io.vmapkit.cli.figures.FiguresTable;
import io.vmapkit.cli.report.HtmlReport;
import io.vmapkit.runtime.InstallFailurePolicy;
import io.vmapkit.runtime.PluginInstallException;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.Findings;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.workloads.figures.RunFigures;
import io.vmapkit.workloads.figures.RunRecord;
import io.vmapkit.workloads.simulate.Policy;
import io.vmapkit.workloads.simulate.PolicyRun;
import io.vmapkit.workloads.simulate.Scenario;
import io.vmapkit.workloads.simulate.Scenarios;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vmapkit simulate}: a workload under several policies, side by side. */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
            "Run a plugin's workload under several policies and compare them.",
            "Each policy runs the seeded workload on a fresh system. The default scenario runs the i915 workload on "
                    + "x86_32 with no mapping cache (pre-4.7), the 4.7 cache without the vmap purge notifier (cache), "
                    + "and the cache with it (cache+notifier).", ""},
        footer = {"", "Scenarios:", "  i915-32bit  the i915 workload on x86_32 (120 MiB); the default",
            "  i915-64bit  the same on x86_64 (32 TiB): the control",
            "", "Policies: pre-4.7, cache, cache+notifier (settings 'era' and 'vmap-notifier' of the workload's plugin).",
            "", "Trace files of --trace-out run.trace with the default policies:",
            "  run-pre-4.7.trace, run-cache.trace, run-cache+notifier.trace",
            "", "Configuration keys for -D (every key: docs/configuration.md), for example:",
            "  -Dvmapkit.kernel=4.7",
            "  -Dvmapkit.allocator.max-notifier-rounds=unlimited",
            "  -Dvmapkit.notifier.callback-timeout=5s"})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginPathOption pluginPath;

    @Mixin
    JfrOption jfr;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = Scenarios.DEFAULT,
            description = "The scenario (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--policies", paramLabel = "POLICY", split = ",",
            description = "The policies to compare, in order (default: the scenario's: pre-4.7,cache,cache+notifier).")
    List<String> policies;

    @Option(names = "--seed", paramLabel = "N", description = "The workload's seed (default: the scenario's, 1).")
    Long seed;

    @Option(names = "--ops", paramLabel = "N", description = "Operations per policy, 1 to 2147483647 (default: the scenario's, 100000).")
    Long ops;

    @Option(names = "--space", paramLabel = "PRESET", description = "Address-space preset: x86_32 or x86_64 (default: the scenario's).")
    String space;

    @Option(names = "--space-size", paramLabel = "SIZE", converter = Sizes.class,
            description = "Size of the vmalloc space, at least 1M, e.g. 64M (x86_32: as the kernel's vmalloc=<size>).")
    Long spaceSize;

    @Option(names = "--ncpus", paramLabel = "N", defaultValue = "" + Scenarios.NCPUS,
            description = "Online CPUs for lazy_max_pages = fls(ncpus) * 32 MiB (default: ${DEFAULT-VALUE}).")
    int ncpus;

    @Option(names = "--allocator", paramLabel = "NAME",
            description = "The allocator: free-tree, busy-list or busy-list-kernel (default: the one a kernel preset names, "
                    + "else the highest-priority one found).")
    String allocator;

    @Option(names = "--era", paramLabel = "ERA", description = "The driver era of the caching policies: 4.7 or 4.9 (default: 4.7).")
    String era;

    @Option(names = "--workload", paramLabel = "PLUGIN:WORKLOAD",
            description = "Run another plugin's workload under the scenario's policies (default: i915:i915).")
    String workloadOverride;

    @Option(names = "--with", paramLabel = "PLUGIN", split = ",",
            description = "Also install these discovered plugins (an observer, say) beside the workload's. "
                    + "Plugins in --plugin-path jars are installed without being named here.")
    List<String> withPlugins = new ArrayList<>();

    @Option(names = {"-D", "--define"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Set a vmapkit configuration key, applied on top of the options (examples below).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--no-progress", description = "Do not show progress bars (none are shown without a console anyway).")
    boolean noProgress;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON, one object per policy.")
    Path json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML report with charts.")
    Path report;

    @Option(names = "--trace-out", paramLabel = "FILE",
            description = "Record each policy's run as a trace for 'vmapkit replay'; with several policies, one file "
                    + "each, the policy's name before FILE's extension (see below).")
    Path traceOut;

    @SuppressWarnings("try") // the JFR recording runs for the command and is written when closed
    @Override
    public Integer call() throws IOException {
        Scenario sc = Scenarios.find(scenario).orElseThrow(() -> usage("unknown scenario '" + scenario + "'"
                + Suggestions.didYouMean(scenario, Scenarios.all().stream().map(Scenario::name).toList()) + " (known: "
                + String.join(", ", Scenarios.all().stream().map(Scenario::name).toList()) + ")"));
        List<Policy> chosen = policies(sc);
        long operations = ops != null ? ops : sc.operations();
        if (operations < 1) {
            throw usage("--ops must be at least 1, not " + operations);
        }
        if (operations > MAX_OPS) {
            throw usage("--ops must be at most " + MAX_OPS + " (a workload's operations parameter is an int), not " + operations);
        }
        if (ncpus < 1) {
            throw usage("--ncpus must be at least 1, not " + ncpus);
        }
        long workloadSeed = seed != null ? seed : sc.seed();
        String plugin = sc.plugin();
        String workload = sc.workload();
        if (workloadOverride != null) {
            int colon = workloadOverride.indexOf(':');
            plugin = colon < 0 ? workloadOverride : workloadOverride.substring(0, colon);
            workload = colon < 0 ? workloadOverride : workloadOverride.substring(colon + 1);
            if (plugin.isBlank() || workload.isBlank()) {
                throw usage("--workload takes PLUGIN:WORKLOAD (or PLUGIN when both are named alike), not '" + workloadOverride + "'");
            }
        }
        AddressSpace as;
        try {
            as = Spaces.of(space != null ? space : sc.space(), spaceSize);
        } catch (IllegalArgumentException e) {
            throw usage((spaceSize != null ? "--space-size: " : "--space: ") + e.getMessage());
        }
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--json", json);
        outputs.put("--report", report);
        if (traceOut != null) {
            outputs.putAll(OutputFiles.each("--trace-out", chosen.stream().map(p -> tracePath(p, chosen.size())).toList()));
        }
        outputs.put("--jfr", jfr.file());
        OutputFiles.check(spec.commandLine(), outputs);
        PrintWriter out = spec.commandLine().getOut();
        try (PluginPathOption.PluginLoader loader = pluginPath.open(); JfrOption.Session recording = jfr.start()) {
            List<String> extras = new ArrayList<>(withPlugins);
            for (String onPath : loader.pluginsOnPath()) {
                if (!extras.contains(onPath) && !onPath.equals(plugin)) {
                    extras.add(onPath);
                }
            }
            VmapConfig base = baseConfig(as, plugin, extras);
            as = base.space(); // what the run uses: -Dvmapkit.space.* and -Dvmapkit.ncpus win over the options
            int cpus = base.ncpus();
            AllocatorProvider provider = Allocators.find(loader.loader(), allocator != null ? allocator
                    : base.allocator().orElse(null), spec.commandLine());
            Settings resolved = base.settingsFor(provider);
            if (traceOut != null && resolved.get(AllocatorSettings.LAZY_PURGE) != AllocatorConfig.LazyPurgeMode.SYNC) {
                throw usage("--trace-out: a trace needs synchronous threshold purges (vmapkit.allocator.lazy-purge=sync), "
                        + "not " + AllocatorSettings.LAZY_PURGE.format(resolved.get(AllocatorSettings.LAZY_PURGE))
                        + ": background drains run at moments a trace does not record");
            }
            checkPlugins(loader.loader(), plugin, workload, extras);
            checkPluginSettings(loader.loader(), provider, base, chosen.get(0), plugin);
            long lazyMaxPages = AllocatorConfig.lazyMaxPages(resolved.get(AllocatorProvider.NCPUS), as.pageSize(),
                    resolved.get(AllocatorSettings.LAZY_MAX_PAGES));
            int maxNotifierRounds = resolved.get(AllocatorSettings.MAX_NOTIFIER_ROUNDS);
            PolicyRun run = new PolicyRun(loader.loader(), provider, base, plugin, workload, workloadSeed, operations, !noProgress);
            String headline = "Scenario " + sc.name() + ": workload '" + workload + "' of plugin '" + plugin + "', "
                    + operations + " operations per policy, seed " + workloadSeed + "; " + as + "; allocator "
                    + provider.name() + "; " + cpus + " CPUs (lazy_max_pages " + lazyMaxPages + ")"
                    + (extras.isEmpty() ? "" : "; also installed: " + String.join(", ", extras));
            List<RunRecord> records = new ArrayList<>();
            List<Path> traces = new ArrayList<>();
            for (Policy p : chosen) {
                Path trace = tracePath(p, chosen.size());
                records.add(run.run(p, trace));
                if (trace != null) {
                    traces.add(trace);
                }
            }
            List<RunFigures> figures = records.stream().map(RunRecord::figures).toList();
            out.println(headline);
            out.println();
            out.print(FiguresTable.render(figures));
            String perPlugin = FiguresTable.renderPlugins(figures);
            if (!perPlugin.isEmpty()) {
                out.println();
                out.print(perPlugin);
            }
            printKernelLog(out, records);
            List<String> unborne = FiguresTable.unborneClaims(figures);
            if (!unborne.isEmpty()) {
                out.println();
                unborne.forEach(out::println);
            }
            if (json != null) {
                OutputFiles.write("--json", json, FiguresJson.render(figures));
            }
            if (report != null) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("scenario", workloadOverride == null ? sc.name() + " — " + sc.description()
                        : sc.name() + "'s space, seed and policies, with another plugin's workload");
                params.put("workload", workload + " (plugin " + plugin + ")");
                params.put("seed", Long.toString(workloadSeed));
                params.put("operations per policy", Long.toString(operations));
                params.put("address space", as.toString());
                params.put("allocator", provider.name());
                params.put("CPUs", cpus + " (lazy_max_pages " + lazyMaxPages + " pages, "
                        + Addresses.human(lazyMaxPages * as.pageSize()) + ")");
                params.put("notifier round cap", AllocatorSettings.MAX_NOTIFIER_ROUNDS.format(maxNotifierRounds));
                for (Policy p : chosen) {
                    params.put("policy " + p.name(), p.description() + " " + p.settings());
                }
                OutputFiles.write("--report", report, tmp -> HtmlReport.write(tmp, "vmapkit simulate: " + sc.name(), params, records));
            }
            List<Path> written = new ArrayList<>();
            Optional.ofNullable(json).ifPresent(written::add);
            Optional.ofNullable(report).ifPresent(written::add);
            written.addAll(traces);
            Optional.ofNullable(jfr.file()).ifPresent(written::add); // written when the recording stops, right after
            if (!written.isEmpty()) {
                out.println();
                written.forEach(w -> out.println("Wrote " + w));
            }
            out.flush();
            return 0;
        }
    }

    /** Lines of the model's kernel log shown per policy; the count says how many there were. */
    static final int KERNEL_LOG_EXCERPT = 3;

    private static void printKernelLog(PrintWriter out, List<RunRecord> records) {
        for (RunRecord r : records) {
            List<String> log = r.kernelLog();
            if (log.isEmpty()) {
                continue;
            }
            out.println();
            out.println("Kernel log of " + r.figures().policy() + ": " + log.size() + (log.size() == 1 ? " line" : " lines")
                    + " (rate-limited like printk_ratelimit)");
            log.stream().limit(KERNEL_LOG_EXCERPT).forEach(l -> out.println("  " + l));
            if (log.size() > KERNEL_LOG_EXCERPT) {
                out.println("  … and " + (log.size() - KERNEL_LOG_EXCERPT) + " more");
            }
        }
    }

    private List<Policy> policies(Scenario sc) {
        List<Policy> list = new ArrayList<>();
        if (policies != null && (policies.isEmpty() || policies.stream().anyMatch(String::isBlank))) {
            throw usage(policies.stream().allMatch(String::isBlank)
                    ? "--policies names no policy (known: " + String.join(", ", sc.policies().stream().map(Policy::name).toList()) + ")"
                    : "--policies has an empty name in '" + String.join(",", policies) + "'");
        }
        if (policies == null || policies.isEmpty()) {
            list.addAll(sc.defaults());
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (String name : policies) {
                if (!seen.add(name)) {
                    throw usage("--policies names '" + name + "' twice");
                }
                list.add(sc.policy(name).orElseThrow(() -> usage("unknown policy '" + name + "' (known: "
                        + String.join(", ", sc.policies().stream().map(Policy::name).toList()) + ")")));
            }
        }
        if (era != null) {
            if (!Scenarios.CACHE_ERAS.contains(era)) {
                throw usage("--era must be one of " + Scenarios.CACHE_ERAS + " (it sets the era of the caching policies; "
                        + "pre-4.7 is a policy of its own), not '" + era + "'");
            }
            list.replaceAll(p -> "pre-4.7".equals(p.settings().get(Scenarios.ERA)) ? p : p.withSetting(Scenarios.ERA, era));
        }
        return list;
    }

    private VmapConfig baseConfig(AddressSpace as, String plugin, List<String> extras) {
        Properties props = new Properties();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("vmapkit.")) {
                throw usage("-D" + key + ": only vmapkit.* configuration keys are accepted (docs/configuration.md)");
            }
            if (key.equals(VmapConfig.ALLOCATOR)) {
                throw usage("-D" + key + ": use --allocator");
            }
            String prefix = VmapConfig.PLUGIN_PREFIX + plugin + ".";
            if (key.equals(prefix + Scenarios.ERA) || key.equals(prefix + Scenarios.VMAP_NOTIFIER)) {
                throw usage("-D" + key + ": this setting is what the policies set; use --policies and --era");
            }
            props.setProperty(key, e.getValue());
        }
        List<String> install = new ArrayList<>();
        install.add(plugin);
        extras.stream().filter(w -> !install.contains(w)).forEach(install::add);
        try {
            return VmapConfig.builder().addressSpace(as).ncpus(ncpus).includePlugins(install).build().overriddenBy(props, Settings.COMMAND_LINE);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** Fails early, before any run, if the workload's plugin (or a --with plugin) cannot be installed. */
    private void checkPlugins(ClassLoader loader, String plugin, String workload, List<String> extras) {
        Findings<VmapPlugin> found = new ServiceDiscovery(loader).find(VmapPlugin.class);
        List<String> names = found.usable().stream().map(Candidate::name).toList();
        List<String> wanted = new ArrayList<>();
        wanted.add(plugin);
        wanted.addAll(extras);
        for (String w : wanted) {
            if (!names.contains(w)) {
                Optional<ReportEntry> refused = found.refused().stream().filter(e -> e.name().equals(w)).findFirst();
                throw new CommandFailure("no usable plugin named '" + w + "' was discovered" + Suggestions.didYouMean(w, names)
                        + refused.map(e -> " (" + e.status().label() + ": " + e.reason() + ")").orElse("")
                        + "; found " + (names.isEmpty() ? "none" : String.join(", ", names))
                        + (w.equals("i915") ? ". The i915 scenarios need the driver-i915 plugin" : "")
                        + ". Add plugin jars with --plugin-path DIR, or run another plugin's workload with --workload PLUGIN:WORKLOAD");
            }
        }
        for (String key : properties.keySet()) {
            if (key.startsWith(VmapConfig.PLUGIN_PREFIX)) {
                String rest = key.substring(VmapConfig.PLUGIN_PREFIX.length());
                String named = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                if (!wanted.contains(named)) {
                    throw usage("-D" + key + ": plugin '" + named + "' is not installed in this run (installed: "
                            + String.join(", ", wanted) + "); a setting for it would be ignored");
                }
            }
        }
        VmapPlugin p = found.usable().stream().filter(c -> c.name().equals(plugin)).findFirst().orElseThrow().instance();
        List<String> offered;
        try {
            offered = p.workloads();
        } catch (RuntimeException e) {
            throw new CommandFailure("plugin '" + plugin + "' failed to list its workloads: " + e, e);
        }
        if (!offered.contains(workload)) {
            throw usage("plugin '" + plugin + "' offers no workload '" + workload + "'" + Suggestions.didYouMean(workload, offered)
                    + " (it offers: "
                    + (offered.isEmpty() ? "none" : String.join(", ", offered)) + ")");
        }
    }

    /** The most operations {@code --ops} accepts: workloads take their operations as an int parameter. */
    static final long MAX_OPS = Integer.MAX_VALUE;

    /**
     * With {@code -Dvmapkit.plugin.*} keys given, installs the plugins once on a throwaway system
     * so that a key or value a plugin refuses is a usage error naming the {@code -D} option, not a
     * failure of the first policy. Without such keys nothing runs here.
     */
    @SuppressWarnings("try") // the capture keeps the trial's log lines off standard error while it runs
    private void checkPluginSettings(ClassLoader loader, AllocatorProvider provider, VmapConfig base, Policy first, String plugin) {
        List<String> pluginKeys = properties.keySet().stream().filter(k -> k.startsWith(VmapConfig.PLUGIN_PREFIX)).toList();
        if (pluginKeys.isEmpty()) {
            return;
        }
        VmapConfig.Builder cb = base.toBuilder().onInstallFailure(InstallFailurePolicy.FAIL);
        first.settings().forEach((k, v) -> cb.pluginSetting(plugin, k, v));
        try (KernelWarnings quiet = KernelWarnings.capture(); VmapSystem trial = VmapKit.builder().ignoreSystemProperties()
                .config(cb.build()).classLoader(loader).allocatorProvider(provider).build()) {
            trial.start();
        } catch (PluginInstallException e) {
            if (!(e.getCause() instanceof IllegalArgumentException refused)) {
                return; // not a settings problem: the run itself reports it, naming the policy
            }
            String why = String.valueOf(refused.getMessage());
            String prefix = VmapConfig.PLUGIN_PREFIX + e.plugin() + ".";
            List<String> given = pluginKeys.stream().filter(k -> k.startsWith(prefix)).toList();
            if (given.isEmpty()) {
                return;
            }
            String named = given.stream().filter(why::contains).findFirst().orElse(null);
            String options = named != null ? "-D" + named + "=" + properties.get(named)
                    : String.join(", ", given.stream().map(k -> "-D" + k + "=" + properties.get(k)).toList());
            throw usage(options + " (command line): plugin '" + e.plugin() + "' refused it: " + why);
        }
    }

    private Path tracePath(Policy p, int policyCount) {
        if (traceOut == null || policyCount == 1) {
            return traceOut;
        }
        String name = traceOut.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String file = dot > 0 ? name.substring(0, dot) + "-" + p.name() + name.substring(dot) : name + "-" + p.name();
        return traceOut.resolveSibling(file);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
