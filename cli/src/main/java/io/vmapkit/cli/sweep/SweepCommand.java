package io.vmapkit.cli.sweep;

import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.cli.common.CommandFailure;
import io.vmapkit.cli.common.OutputFiles;
import io.vmapkit.cli.common.PluginPathOption;
import io.vmapkit.cli.common.ScenarioSource;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.workloads.scenario.Policy;
import io.vmapkit.workloads.scenario.Scenario;
import io.vmapkit.workloads.scenario.ScenarioCheck;
import io.vmapkit.workloads.scenario.ScenarioException;
import io.vmapkit.workloads.scenario.Scenarios;
import io.vmapkit.workloads.sweep.Axis;
import io.vmapkit.workloads.sweep.ResultLine;
import io.vmapkit.workloads.sweep.ResultsFile;
import io.vmapkit.workloads.sweep.Shard;
import io.vmapkit.workloads.sweep.Sweep;
import io.vmapkit.workloads.sweep.SweepException;
import io.vmapkit.workloads.sweep.SweepHeader;
import io.vmapkit.workloads.sweep.SweepPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vmapkit sweep}: a scenario over the combinations of some axes, many seeds, in parallel. */
@Command(name = "sweep", mixinStandardHelpOptions = true, versionProvider = io.vmapkit.cli.VersionProvider.class, sortOptions = false,
        subcommands = {SweepMergeCommand.class},
        description = {
            "Run a scenario over every combination of the axes' values and seeds: one independent, seeded run per "
                    + "cell, several at once, each cell's figures appended to the results file (one JSON line) as it "
                    + "finishes. An interrupted sweep continues with --resume; --shard I/N runs a part of it on a batch "
                    + "scheduler and 'vmapkit sweep merge' combines the parts (docs/sweep.md).", ""},
        footer = {"", "Axis keys: policy (the scenario's policies; all its default ones when not given), ncpus, "
                    + "space-size, space, any vmapkit configuration key, and any plugin setting:",
            "  vmapkit.allocator.lazy-max-pages",
            "  vmapkit.plugin.PLUGIN.KEY",
            "", "Example:",
            "  vmapkit sweep i915-32bit --axis space-size=56M,72M,88M,104M,120M --axis ncpus=1,2,4,8 \\",
            "      --seeds 1..5 --out sweep.jsonl --report sweep.html"})
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginPathOption pluginPath;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", defaultValue = Scenarios.DEFAULT,
            description = "The scenario: a built-in one's name or a scenario file (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--axis", paramLabel = "KEY=V1,V2,...", description = "An axis and its values (repeatable; the first varies slowest).")
    List<String> axes = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "SEEDS", description = "Seeds: 1..20, 1,5,9 or a mix (default: the scenario's, 1).")
    String seeds;

    @Option(names = "--ops", paramLabel = "N", description = "Operations per cell (default: the scenario's, 100000).")
    Long ops;

    @Option(names = "--jobs", paramLabel = "N", description = "Cells run at once (default: the available processors).")
    Integer jobs;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "sweep.jsonl",
            description = "The results file, one JSON line per cell (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Continue the sweep in --out: run only the cells it lacks (a torn last line is redone).")
    boolean resume;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only the cells whose index ≡ I mod N; auto/N takes I from JOB_COMPLETION_INDEX (Kubernetes) "
                    + "or SLURM_ARRAY_TASK_ID (Slurm).")
    String shard;

    @Option(names = {"-D", "--define"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A vmapkit configuration key for every cell (docs/configuration.md).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the results file's cells as CSV.")
    Path csv;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write a self-contained HTML report (needs every cell).")
    Path report;

    @Option(names = "--no-progress", description = "Do not show a progress bar (none is shown without a console anyway).")
    boolean noProgress;

    /** The environment {@code --shard auto/N} reads (tests replace it). */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws IOException {
        ScenarioSource.Loaded loaded;
        try {
            loaded = ScenarioSource.read(scenario);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Scenario sc = loaded.scenario();
        long operations = ops != null ? ops : sc.operations();
        if (operations < 1) {
            throw usage("--ops must be at least 1, not " + operations);
        }
        int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw usage("--jobs must be at least 1, not " + threads);
        }
        Properties fixed = new Properties();
        properties.forEach((k, v) -> {
            if (!k.startsWith("vmapkit.")) {
                throw usage("-D" + k + ": only vmapkit.* configuration keys are accepted (docs/configuration.md)");
            }
            fixed.setProperty(k, v);
        });
        SweepPlan plan;
        Shard part;
        try {
            List<Axis> parsed = new ArrayList<>();
            for (String a : axes) {
                parsed.add(Axis.parse(a, "--axis"));
            }
            if (parsed.stream().noneMatch(a -> a.key().equals(ScenarioCells.POLICY))) {
                parsed.add(new Axis(ScenarioCells.POLICY, sc.defaults().stream().map(Policy::name).toList()));
            }
            plan = new SweepPlan(parsed, seeds == null ? List.of(sc.seed()) : SweepPlan.parseSeeds(seeds, "--seeds"));
            part = shard == null ? Shard.ALL : Shard.parse(shard, environment);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--out", out);
        outputs.put("--csv", csv);
        outputs.put("--report", report);
        OutputFiles.check(spec.commandLine(), Map.of(), outputs);
        checkOut();
        PrintWriter stdout = spec.commandLine().getOut();
        try (PluginPathOption.PluginLoader loader = pluginPath.open()) {
            List<String> extras = loader.pluginsOnPath().stream().filter(p -> !p.equals(sc.plugin())).toList();
            check(sc, plan, loader.loader(), extras);
            ScenarioCells cells = new ScenarioCells(sc, loaded.fileText(), loader.loader(), operations, fixed, extras);
            for (Axis a : plan.axes()) {
                String bad = cells.checkKey(a.key());
                if (bad != null) {
                    throw usage("--axis " + a + ": " + bad);
                }
            }
            SweepHeader header = new SweepHeader(sc.name(), cells.digest(), version(), plan);
            ResultsFile.Contents existing = existing(header);
            Set<Integer> done = new HashSet<>();
            existing.lines().forEach(l -> done.add(l.cell().index()));
            long owned = plan.cells().stream().filter(part::owns).count();
            Sweep.Outcome outcome;
            try (ResultsFile file = ResultsFile.openForAppend(out, existing.goodLength());
                    ProgressBar bar = bar(owned, owned - plan.cells().stream().filter(part::owns)
                            .filter(c -> !done.contains(c.index())).count())) {
                outcome = Sweep.run(header, part, done, cells, file, threads, (c, f) -> {
                    if (bar != null) {
                        bar.step();
                    }
                });
            } catch (SweepException e) {
                if (e.getCause() instanceof IllegalArgumentException && !e.getMessage().contains(" failed: ")) {
                    throw usage(e.getMessage()); // a bad axis value, found by the checks before any cell ran
                }
                throw new CommandFailure(e.getMessage() + " (the cells that finished are in " + out
                        + "; fix the cause and run again with --resume)", e);
            }
            double secs = outcome.wallNanos() / 1e9;
            stdout.println("Sweep " + sc.name() + ": " + plan.size() + " cells (" + describe(plan) + "), " + operations
                    + " operations per cell" + (part.equals(Shard.ALL) ? "" : "; shard " + part + ": " + outcome.owned()
                    + " cells"));
            stdout.println(String.format(Locale.ROOT, "ran %d cells in %.1f s (%.2f cells/s, %d jobs)%s", outcome.ran(), secs,
                    secs > 0 ? outcome.ran() / secs : 0.0, threads,
                    outcome.skipped() > 0 ? "; " + outcome.skipped() + " were already in " + out : ""));
            if (existing.torn() != null) {
                stdout.println("the torn last line of " + out + " (an interrupted write) was cut off and its cell run again");
            }
            List<ResultLine> all = ResultsFile.read(out).lines();
            stdout.println();
            stdout.print(SummaryTable.render(all));
            SweepOutputs.write(stdout, all, header, csv, report, all.size() == plan.size());
            stdout.println("Results: " + out);
            stdout.flush();
            return 0;
        }
    }

    /** The results already in {@code --out}: none without {@code --resume}; they must be of this sweep. */
    private ResultsFile.Contents existing(SweepHeader header) throws IOException {
        ResultsFile.Contents c;
        try {
            c = ResultsFile.read(out);
        } catch (IllegalArgumentException e) {
            throw usage("--resume: " + e.getMessage());
        }
        if (!resume) {
            return new ResultsFile.Contents(List.of(), List.of(), 0, null);
        }
        for (int i = 0; i < c.lines().size(); i++) {
            SweepHeader h = c.lines().get(i).header();
            if (!h.scenarioDigest().equals(header.scenarioDigest()) || !h.plan().equals(header.plan())) {
                throw usage("--resume: " + out + ":" + c.lineNumbers().get(i) + " is a result of another sweep ("
                        + (h.scenarioDigest().equals(header.scenarioDigest()) ? "its axes or seeds differ"
                                : "scenario " + h.scenario() + ", digest " + h.scenarioDigest() + "; this sweep's is "
                                        + header.scenarioDigest())
                        + "); give the same scenario, options, axes and seeds, or another --out");
            }
        }
        return c;
    }

    private void checkOut() throws IOException {
        if (!resume && Files.exists(out) && Files.size(out) > 0) {
            throw usage("--out " + out + " already holds results; continue it with --resume, or remove it");
        }
    }

    private ProgressBar bar(long max, long already) {
        if (noProgress || System.console() == null) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("sweep").setInitialMax(max).startsFrom(already, java.time.Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250).build();
    }

    static String describe(SweepPlan plan) {
        List<String> parts = new ArrayList<>();
        plan.axes().forEach(a -> parts.add(a.toString()));
        parts.add("seeds " + plan.record().get("seeds"));
        return String.join("; ", parts);
    }

    /** The version of the running vmapkit: the jar's, or {@code dev} when run from classes. */
    static String version() {
        String v = SweepCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Checks the scenario as {@code simulate} does before any cell runs: its plugins and loads exist,
     * and the policies on the plan's policy axis set only settings some installed plugin knows.
     */
    private void check(Scenario sc, SweepPlan plan, ClassLoader loader, List<String> extras) {
        Map<String, List<String>> discovered = new LinkedHashMap<>();
        for (Candidate<VmapPlugin> c : new ServiceDiscovery(loader).find(VmapPlugin.class).usable()) {
            List<String> offered;
            try {
                offered = c.instance().workloads();
            } catch (RuntimeException e) {
                throw new CommandFailure("plugin '" + c.name() + "' failed to list its workloads: " + e, e);
            }
            discovered.put(c.name(), offered == null ? List.of() : List.copyOf(offered));
        }
        List<Policy> policies = plan.axes().stream().filter(a -> a.key().equals(ScenarioCells.POLICY))
                .flatMap(a -> a.values().stream()).map(sc::policy).flatMap(Optional::stream).toList();
        try {
            ScenarioCheck.check(sc, policies, discovered, extras);
        } catch (ScenarioException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
