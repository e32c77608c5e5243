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
import io.vmapkit.cli.common.ScenarioSource;
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
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.workloads.scenario.Entry;
import io.vmapkit.workloads.scenario.Load;
import io.vmapkit.workloads.scenario.Policy;
import io.vmapkit.workloads.scenario.Scenario;
import io.vmapkit.workloads.scenario.ScenarioCheck;
import io.vmapkit.workloads.scenario.ScenarioException;
import io.vmapkit.workloads.scenario.Scenarios;
import io.vmapkit.workloads.simulate.PolicyRun;
import io.vmapkit.workloads.simulate.RunFailure;
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

/** {@code vmapkit simulate}: a scenario's loads under several policies, side by side. */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
            "Run a scenario's loads under several policies and compare them.",
            "Each policy runs the seeded loads on a fresh system. The default scenario runs the i915 workload on "
                    + "x86_32 with no mapping cache (pre-4.7), the 4.7 cache without the vmap purge notifier (cache), "
                    + "and the cache with it (cache+notifier). A scenario is a YAML file (docs/scenarios.md); "
                    + "'vmapkit scenarios' lists the built-in ones and prints any of them to start from.", ""},
        footer = {"", "Scenarios: i915-32bit (the default), i915-64bit, generic-churn, generic-pressure, from-vmallocinfo, "
                + "or a scenario file ('vmapkit scenarios NAME > mine.yaml' gives a copy to edit).",
            "", "Policies: the scenario's (i915's: pre-4.7, cache, cache+notifier), and any given with --policy, for example:",
            "  --policy no-release:vmapkit.plugin.my-cache.release-on-purge=false",
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

    @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = Scenarios.DEFAULT,
            description = "A built-in scenario or a scenario file (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--policies", paramLabel = "POLICY", split = ",",
            description = "The policies to compare, in order (default: the scenario's default policies, then those of --policy).")
    List<String> policies;

    @Option(names = "--policy", paramLabel = "NAME:KEY=VALUE[,KEY=VALUE]",
            description = "Define a policy (repeatable) with full vmapkit.* keys (example below). It runs beside the "
                    + "scenario's defaults; a scenario policy of the same name is replaced.")
    List<String> policyDefinitions = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "The workloads' seed (default: the scenario's, 1).")
    Long seed;

    @Option(names = "--ops", paramLabel = "N", description = "Operations per policy, 1 to 2147483647 (default: the scenario's, 100000).")
    Long ops;

    @Option(names = "--space", paramLabel = "PRESET", description = "Address-space preset: x86_32 or x86_64 (default: the scenario's).")
    String space;

    @Option(names = "--space-size", paramLabel = "SIZE", converter = Sizes.class,
            description = "Size of the vmalloc space, at least 1M, e.g. 64M (x86_32: as the kernel's vmalloc=<size>).")
    Long spaceSize;

    @Option(names = "--ncpus", paramLabel = "N",
            description = "Online CPUs for lazy_max_pages = fls(ncpus) * 32 MiB (default: the scenario's, else " + Scenarios.NCPUS + ").")
    Integer ncpus;

    @Option(names = "--allocator", paramLabel = "NAME",
            description = "The allocator: free-tree, busy-list or busy-list-kernel (default: the one a kernel preset names, "
                    + "else the highest-priority one found).")
    String allocator;

    @Option(names = "--era", paramLabel = "ERA",
            description = "The driver era of the caching policies (their 'era' setting): 4.7 or 4.9 (default: the scenario's).")
    String era;

    @Option(names = "--workload", paramLabel = "PLUGIN:WORKLOAD",
            description = "Run this plugin's workload instead of the scenario's loads, with the scenario's space, seed and "
                    + "policies; the policies' settings of other plugins are left out (a plugin receives only its own).")
    String workloadOverride;

    @Option(names = "--with", paramLabel = "PLUGIN", split = ",",
            description = "Also install these discovered plugins (an observer, say) beside the scenario's. "
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
        Scenario sc = scenario();
        List<Policy> chosen = policies(sc);
        long operations = ops != null ? ops : sc.operations();
        if (operations < 1) {
            throw usage("--ops must be at least 1, not " + operations);
        }
        if (operations > MAX_OPS) {
            throw usage("--ops must be at most " + MAX_OPS + " (a workload's operations parameter is an int), not " + operations);
        }
        int cpus = ncpus != null ? ncpus : sc.cpus() != null ? sc.cpus() : Scenarios.NCPUS;
        if (cpus < 1) {
            throw usage("--ncpus must be at least 1, not " + cpus);
        }
        long workloadSeed = seed != null ? seed : sc.seed();
        AddressSpace as;
        try {
            as = Spaces.of(space != null ? space : sc.space(), spaceSize != null ? spaceSize : sc.spaceSize());
        } catch (IllegalArgumentException e) {
            throw usage((spaceSize != null ? "--space-size: " : space != null ? "--space: " : sc.origin() + ": ") + e.getMessage());
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
                if (!extras.contains(onPath) && !sc.pluginsToInstall().contains(onPath)) {
                    extras.add(onPath);
                }
            }
            Map<String, List<String>> discovered = checkPlugins(loader.loader(), sc, extras);
            try {
                ScenarioCheck.check(sc, chosen, discovered, extras);
            } catch (ScenarioException e) {
                throw usage(e.getMessage());
            }
            Provenance provenance = new Provenance();
            VmapConfig base = baseConfig(sc, as, cpus, extras, chosen, provenance);
            as = base.space(); // what the run uses: -Dvmapkit.space.* win over the options
            AllocatorProvider provider = Allocators.find(loader.loader(), allocator != null ? allocator
                    : base.allocator().orElse(null), spec.commandLine());
            Settings resolved;
            try {
                resolved = base.settingsFor(provider);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            if (traceOut != null && resolved.get(AllocatorSettings.LAZY_PURGE) != AllocatorConfig.LazyPurgeMode.SYNC) {
                throw usage("--trace-out: a trace needs synchronous threshold purges (vmapkit.allocator.lazy-purge=sync), "
                        + "not " + AllocatorSettings.LAZY_PURGE.format(resolved.get(AllocatorSettings.LAZY_PURGE))
                        + ": background drains run at moments a trace does not record");
            }
            checkPluginSettings(loader.loader(), provider, base);
            int resolvedCpus = resolved.get(AllocatorProvider.NCPUS);
            long lazyMaxPages = AllocatorConfig.lazyMaxPages(resolvedCpus, as.pageSize(),
                    resolved.get(AllocatorSettings.LAZY_MAX_PAGES));
            int maxNotifierRounds = resolved.get(AllocatorSettings.MAX_NOTIFIER_ROUNDS);
            PolicyRun run = new PolicyRun(loader.loader(), provider, base, sc.loads(), sc.layout(), workloadSeed, operations,
                    !noProgress);
            preflight(run, chosen, sc);
            String headline = "Scenario " + sc.name() + ": " + describeLoads(sc) + ", "
                    + operations + " operations per policy, seed " + workloadSeed + "; " + as + "; allocator "
                    + provider.name() + "; " + resolvedCpus + " CPUs (lazy_max_pages " + lazyMaxPages + ")"
                    + (sc.layout() == null ? "" : "; initial layout " + sc.layout().file() + " (" + sc.layout().mode() + ")")
                    + "; from " + sc.origin()
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
                params.put("scenario", sc.name() + " — " + sc.description());
                params.put("scenario file", sc.origin());
                params.put("loads", describeLoads(sc));
                if (sc.layout() != null) {
                    params.put("initial layout", sc.layout().file() + " (mode " + sc.layout().mode() + ", " + sc.layout().where() + ")");
                }
                params.put("seed", workloadSeed + (seed != null ? " (--seed)" : " (" + sc.lines().getOrDefault("seed", "default") + ")"));
                params.put("operations per policy", operations + (ops != null ? " (--ops)"
                        : " (" + sc.lines().getOrDefault("operations", "default") + ")"));
                params.put("address space", as.toString());
                params.put("allocator", provider.name());
                params.put("CPUs", resolvedCpus + " (lazy_max_pages " + lazyMaxPages + " pages, "
                        + Addresses.human(lazyMaxPages * as.pageSize()) + ")");
                params.put("notifier round cap", AllocatorSettings.MAX_NOTIFIER_ROUNDS.format(maxNotifierRounds));
                for (Policy p : chosen) {
                    params.put("policy " + p.name(), (p.description().isEmpty() ? "" : p.description() + " ")
                            + p.settings() + " (" + p.where() + ")");
                }
                provenance.providerSettings(provider, resolved);
                OutputFiles.write("--report", report, tmp -> HtmlReport.write(tmp, "vmapkit simulate: " + sc.name(), params,
                        provenance.rows(chosen), records));
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

    /** The scenario --scenario names, with --workload's load instead of its own. */
    private Scenario scenario() {
        Scenario sc;
        try {
            sc = ScenarioSource.load(scenario);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (workloadOverride == null) {
            return sc;
        }
        int colon = workloadOverride.indexOf(':');
        String plugin = colon < 0 ? workloadOverride : workloadOverride.substring(0, colon);
        String workload = colon < 0 ? workloadOverride : workloadOverride.substring(colon + 1);
        if (plugin.isBlank() || workload.isBlank()) {
            throw usage("--workload takes PLUGIN:WORKLOAD (or PLUGIN when both are named alike), not '" + workloadOverride + "'");
        }
        return sc.withLoads(List.of(new Load(plugin, workload, Map.of(), 1, "--workload"))).withLayout(null)
                .keepingPlugins(Set.of(plugin));
    }

    /** {@code workload 'W' of plugin 'P'} for one load; each load with its weight for several. */
    static String describeLoads(Scenario sc) {
        if (sc.loads().size() == 1) {
            Load l = sc.loads().get(0);
            return "workload '" + l.workload() + "' of plugin '" + l.plugin() + "'"
                    + (l.params().isEmpty() ? "" : " " + l.params());
        }
        List<String> parts = new ArrayList<>();
        for (Load l : sc.loads()) {
            parts.add("'" + l.workload() + "' of plugin '" + l.plugin() + "' (weight " + l.weight() + ")"
                    + (l.params().isEmpty() ? "" : " " + l.params()));
        }
        return "workloads " + String.join(", ", parts) + " interleaved";
    }

    /**
     * Installs every policy's system once before anything runs, so a setting no plugin knows fails
     * now, named with where it was written.
     */
    private void preflight(PolicyRun run, List<Policy> chosen, Scenario sc) {
        for (Policy p : chosen) {
            try {
                run.check(p);
            } catch (RunFailure | IllegalArgumentException e) {
                String message = e.getMessage();
                // the setting the plugin refused, whether a policy or the scenario's plugins: section wrote it
                List<Entry> written = new ArrayList<>(p.entries());
                sc.plugins().values().forEach(written::addAll);
                String where = written.stream()
                        .filter(en -> message.contains("'" + en.key() + "'") || message.contains(en.key() + " = "))
                        .map(Entry::where).findFirst().orElse(null);
                if (e instanceof RunFailure && where == null) {
                    throw e;
                }
                throw usage((where == null ? "" : where + ": ") + message);
            }
        }
    }

    private List<Policy> policies(Scenario sc) {
        List<Policy> defined = new ArrayList<>(sc.policies());
        List<Policy> fromCommandLine = new ArrayList<>();
        for (String text : policyDefinitions) {
            Policy p;
            try {
                p = PolicyOption.parse(text);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            if (fromCommandLine.stream().anyMatch(q -> q.name().equals(p.name()))) {
                throw usage("--policy defines '" + p.name() + "' twice");
            }
            fromCommandLine.add(p);
            defined.removeIf(q -> q.name().equals(p.name()));
            defined.add(p);
        }
        List<String> known = defined.stream().map(Policy::name).toList();
        List<Policy> list = new ArrayList<>();
        if (policies != null && (policies.isEmpty() || policies.stream().anyMatch(String::isBlank))) {
            throw usage(policies.stream().allMatch(String::isBlank)
                    ? "--policies names no policy (known: " + String.join(", ", known) + ")"
                    : "--policies has an empty name in '" + String.join(",", policies) + "'");
        }
        if (policies == null || policies.isEmpty()) {
            for (Policy d : sc.defaults()) {
                list.add(defined.stream().filter(q -> q.name().equals(d.name())).findFirst().orElse(d));
            }
            fromCommandLine.stream().filter(p -> !list.stream().anyMatch(q -> q.name().equals(p.name()))).forEach(list::add);
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (String name : policies) {
                if (!seen.add(name)) {
                    throw usage("--policies names '" + name + "' twice");
                }
                list.add(defined.stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow(() -> usage(
                        "unknown policy '" + name + "'" + PluginSettings.closest(name, known)
                                .map(c -> " (did you mean '" + c + "'?)").orElse("")
                        + " (known: " + String.join(", ", known) + ")")));
            }
        }
        if (era != null) {
            if (!Scenarios.CACHE_ERAS.contains(era)) {
                throw usage("--era must be one of " + Scenarios.CACHE_ERAS + " (it sets the era of the caching policies; "
                        + "pre-4.7 is a policy of its own), not '" + era + "'");
            }
            list.replaceAll(p -> {
                Policy q = p;
                for (Entry e : p.entries()) {
                    if (e.key().endsWith("." + Scenarios.ERA) && Scenario.pluginOf(e.key()).isPresent()
                            && !"pre-4.7".equals(e.value())) {
                        q = q.withSetting(e.key(), era, "--era");
                    }
                }
                return q;
            });
        }
        return list;
    }

    private VmapConfig baseConfig(Scenario sc, AddressSpace as, int cpus, List<String> extras, List<Policy> chosen,
            Provenance provenance) {
        Properties props = new Properties();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("vmapkit.")) {
                throw usage("-D" + key + ": only vmapkit.* configuration keys are accepted (docs/configuration.md)");
            }
            if (key.equals(VmapConfig.ALLOCATOR)) {
                throw usage("-D" + key + ": use --allocator");
            }
            for (Policy p : chosen) {
                if (p.settings().containsKey(key)) {
                    throw usage("-D" + key + ": this setting is what the policies set (policy '" + p.name() + "', "
                            + p.entries().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow().where()
                            + "); use --policy (or --era)");
                }
            }
            props.setProperty(key, e.getValue());
        }
        List<String> install = new ArrayList<>(sc.pluginsToInstall());
        extras.stream().filter(w -> !install.contains(w)).forEach(install::add);
        for (String key : properties.keySet()) {
            Optional<String> named = Scenario.pluginOf(key);
            if (named.isPresent() && !install.contains(named.get())) {
                throw usage("-D" + key + ": plugin '" + named.get() + "' is not installed in this run (installed: "
                        + String.join(", ", install) + "); a setting for it would be ignored");
            }
        }
        try {
            VmapConfig c = VmapConfig.builder().addressSpace(as).ncpus(cpus).includePlugins(install).build();
            provenance.add(VmapConfig.SPACE, as.toString(), space != null || spaceSize != null ? "--space/--space-size"
                    : sc.lines().getOrDefault("space", "default"));
            provenance.add(VmapConfig.NCPUS, Integer.toString(cpus), ncpus != null ? "--ncpus"
                    : sc.lines().getOrDefault("cpus", "default"));
            provenance.add(VmapConfig.PLUGINS, String.join(",", install), "the scenario's plugins and loads"
                    + (extras.isEmpty() ? "" : ", --with and --plugin-path"));
            if (sc.kernel() != null) {
                c = apply(c, new Entry(VmapConfig.KERNEL, sc.kernel(), sc.lines().get("kernel")), provenance);
            }
            for (Entry e : sc.config()) {
                c = apply(c, e, provenance);
            }
            for (List<Entry> es : sc.plugins().values()) {
                for (Entry e : es) {
                    c = apply(c, e, provenance);
                }
            }
            props.forEach((k, v) -> provenance.add((String) k, (String) v, "-D"));
            return c.overriddenBy(props, Settings.COMMAND_LINE);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static VmapConfig apply(VmapConfig c, Entry e, Provenance provenance) {
        Properties one = new Properties();
        one.setProperty(e.key(), e.value());
        provenance.add(e.key(), e.value(), e.where());
        return c.overriddenBy(one, e.where());
    }

    /**
     * Fails early, before any run, if a plugin the run needs was not discovered, and returns what
     * discovery found: each usable plugin with the workloads it offers.
     */
    private Map<String, List<String>> checkPlugins(ClassLoader loader, Scenario sc, List<String> extras) {
        Findings<VmapPlugin> found = new ServiceDiscovery(loader).find(VmapPlugin.class);
        List<String> names = found.usable().stream().map(Candidate::name).toList();
        List<String> wanted = new ArrayList<>();
        if (workloadOverride != null) {
            wanted.add(sc.plugin());
        }
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
        Map<String, List<String>> discovered = new LinkedHashMap<>();
        for (Candidate<VmapPlugin> c : found.usable()) {
            List<String> offered;
            try {
                offered = c.instance().workloads();
            } catch (RuntimeException e) {
                throw new CommandFailure("plugin '" + c.name() + "' failed to list its workloads: " + e, e);
            }
            discovered.put(c.name(), offered == null ? List.of() : List.copyOf(offered));
        }
        if (sc.plugin().equals("i915") && !discovered.containsKey("i915")) {
            throw new CommandFailure("no usable plugin named 'i915' was discovered; found "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ". The i915 scenarios need the driver-i915 plugin"
                    + ". Add plugin jars with --plugin-path DIR, or run another plugin's workload with --workload PLUGIN:WORKLOAD");
        }
        return discovered;
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

    /** The most operations {@code --ops} accepts: workloads take their operations as an int parameter. */
    static final long MAX_OPS = Integer.MAX_VALUE;

    /**
     * With {@code -Dvmapkit.plugin.*} keys given, installs the plugins once on a throwaway system
     * so that a key or value a plugin refuses is a usage error naming the {@code -D} option, not a
     * failure of the first policy. Without such keys nothing runs here.
     */
    @SuppressWarnings("try") // the capture keeps the trial's log lines off standard error while it runs
    private void checkPluginSettings(ClassLoader loader, AllocatorProvider provider, VmapConfig base) {
        List<String> pluginKeys = properties.keySet().stream().filter(k -> k.startsWith(VmapConfig.PLUGIN_PREFIX)).toList();
        if (pluginKeys.isEmpty()) {
            return;
        }
        VmapConfig.Builder cb = base.toBuilder().onInstallFailure(InstallFailurePolicy.FAIL);
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
