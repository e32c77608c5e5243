package io.vmapkit.workloads.simulate;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.workloads.accounting.PluginAccounting;
import io.vmapkit.workloads.figures.RunFigures;
import io.vmapkit.workloads.scenario.Entry;
import io.vmapkit.workloads.scenario.Layout;
import io.vmapkit.workloads.scenario.Load;
import io.vmapkit.workloads.scenario.Policy;
import io.vmapkit.workloads.figures.RunRecord;
import io.vmapkit.trace.TraceRecorder;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ReportEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Runs a scenario's loads under one policy on a fresh system and measures it.
 *
 * <p>The system is built with {@link VmapKit#builder()} from {@link #config} plus the policy's
 * settings (each a full {@code vmapkit.*} key, so a plugin receives only the settings in its own
 * namespace), with the allocator provider given explicitly (wrapped by a {@link TraceRecorder}
 * when a trace is wanted) and a {@link RunObserver} as listener. The plugins are installed from
 * discovery. If the scenario has a {@link Layout}, the {@value Layout#PLUGIN} plugin's
 * {@value Layout#WORKLOAD} workload is stepped to completion first (not counted as operations) and
 * holds its areas for the whole run. Then each load's workload is created — load {@code i} with
 * seed {@code seed + i} and an {@code operations} parameter unless the load gives one — and the
 * loads are stepped on the calling thread, interleaved by {@link LoadScheduler} (seeded with
 * {@code seed}; one load is simply stepped every operation). The figures, the allocator's
 * statistics and its map are taken when stepping stops — before the workloads' {@code finish()}
 * releases what they hold. With several loads the workloads' counters are summed by name.
 *
 * <p>Public so that the end-to-end benchmark (bench family 7) measures exactly what {@code simulate}
 * runs, and {@code sweep} runs its cells with it. {@link #run} may be called from several threads
 * at once: each call builds its own system, and the kernel log capture routes records by the thread
 * that logged them (see {@code KernelLog}); show a progress bar ({@code progress}) for one run at a
 * time only.
 *
 * @param loader the class loader discovery uses
 * @param provider the allocator provider
 * @param config the system configuration without the policy's settings; it must install every
 *     plugin the loads and the layout name from discovery
 * @param loads the workloads to run together, at least one
 * @param layout the initial layout, or {@code null}
 * @param seed the workloads' seed (load {@code i} gets {@code seed + i}) and the scheduler's
 * @param operations how many operations to step at most, over all loads
 * @param progress whether to show a progress bar (when a console is attached)
 */
public record PolicyRun(ClassLoader loader, AllocatorProvider provider, VmapConfig config, List<Load> loads, Layout layout,
        long seed, long operations, boolean progress) {

    /** The workload parameter that carries {@link #operations}. */
    static final String OPERATIONS = "operations";

    private static final int SAMPLES = 500;

    /** Counter names a trace can hold (others are left out of it). */
    private static final Pattern COUNTER_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** Steps a layout may take at most before the run gives up on it (a layout workload that never completes). */
    static final long MAX_LAYOUT_STEPS = 10_000_000L;

    /** Checks the arguments. */
    public PolicyRun {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(config, "config");
        loads = List.copyOf(loads);
        if (loads.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one load");
        }
    }

    /**
     * One plugin's workload, as before scenarios had several loads: the plugin {@code plugin}'s
     * workload {@code workload} with no parameters but {@code operations}, and no layout.
     */
    public PolicyRun(ClassLoader loader, AllocatorProvider provider, VmapConfig config, String plugin, String workload,
            long seed, long operations, boolean progress) {
        this(loader, provider, config, List.of(new Load(plugin, workload, Map.of(), 1, "the run")), null, seed, operations,
                progress);
    }

    /** The first load's plugin. */
    public String plugin() {
        return loads.get(0).plugin();
    }

    /** The first load's workload. */
    public String workload() {
        return loads.get(0).workload();
    }

    /**
     * The configuration a policy's system is built from: {@link #config} with the policy's settings
     * on top, each under the source it was written at.
     *
     * @throws IllegalArgumentException naming the key, value and source of a bad or unknown setting
     */
    public VmapConfig configFor(Policy policy) {
        VmapConfig c = config;
        for (Entry e : policy.entries()) {
            Properties one = new Properties();
            one.setProperty(e.key(), e.value());
            c = c.overriddenBy(one, e.where());
        }
        return c;
    }

    /**
     * Builds and starts {@code policy}'s system and checks that every plugin installed, then closes
     * it: the check {@code simulate} makes for every policy before anything runs, so that a setting
     * no plugin knows fails before the first run rather than after an hour.
     *
     * @return what the model's kernel log recorded while the system started and stopped (usually
     *     nothing), so a caller may show it
     * @throws RunFailure naming the policy and the plugin that refused, with its reason
     * @throws IllegalArgumentException for a bad or unknown configuration key
     */
    public List<String> check(Policy policy) {
        try (KernelLog log = KernelLog.capture()) {
            try (VmapSystem system = VmapKit.builder().ignoreSystemProperties().config(configFor(policy)).classLoader(loader)
                    .allocatorProvider(provider).build()) {
                system.start();
                checkInstalled(system, policy);
            }
            return log.lines();
        }
    }

    /**
     * Runs {@code policy}.
     *
     * @param trace where to record the run's trace, or {@code null}; written to a temporary file in the
     *     same directory and moved into place when the run succeeds, so a failed or killed run leaves
     *     a previous file there as it was
     * @throws RunFailure if the plugin is missing or failed to install, the workload fails, or a
     *     plugin's uninstall threw or overran the callback timeout (after the run, naming the plugin)
     */
    public RunRecord run(Policy policy, Path trace) {
        VmapConfig policyConfig = configFor(policy);
        RunObserver observer = new RunObserver();
        PluginAccounting accounting = new PluginAccounting();
        Path partial = trace == null ? null : partial(trace);
        TraceRecorder recorder = trace == null ? null
                : new TraceRecorder(trace.toString(), open(trace, partial != null ? partial : trace), policy.name());
        boolean finished = false;
        VmapSystem closed;
        RunRecord result;
        List<Workload> workloads = new ArrayList<>();
        Workload layoutWorkload = null;
        try (KernelLog log = KernelLog.capture();
                VmapSystem system = VmapKit.builder()
                .ignoreSystemProperties()
                .config(policyConfig)
                .classLoader(loader)
                .allocatorProvider(recorder == null ? provider : recorder.wrap(provider))
                .listener(observer)
                .listener(accounting)
                .build()) {
            closed = system;
            system.start();
            checkInstalled(system, policy);
            // who registered each block and shrinker: read now and at the end (registrations end with the system)
            Map<String, String> registrants = new LinkedHashMap<>(system.registrants());
            VmapSnapshot layoutMap = null;
            if (layout != null) {
                layoutWorkload = layout(system, policy);
                layoutMap = system.allocator().snapshot();
            }
            for (int i = 0; i < loads.size(); i++) {
                Load l = loads.get(i);
                Map<String, String> params = new LinkedHashMap<>();
                params.put(OPERATIONS, Long.toString(operations));
                params.putAll(l.params());
                try {
                    workloads.add(system.newWorkload(l.plugin(), l.workload(), seed + i, params));
                } catch (IllegalArgumentException e) {
                    throw new RunFailure("policy " + policy.name() + ": " + l.where() + ": the workload '" + l.workload()
                            + "' of plugin '" + l.plugin() + "' refused its parameters " + l.params() + ": " + e.getMessage(), e);
                }
            }
            LoadScheduler scheduler = new LoadScheduler(loads.stream().mapToInt(Load::weight).toArray(), seed);
            long interval = Math.max(1, operations / SAMPLES);
            long done = 0;
            observer.sample(0, system.allocator().stats());
            long t0 = System.nanoTime();
            try (Progress bar = Progress.start(policy.name(), operations, progress)) {
                while (done < operations) {
                    observer.operation(done + 1);
                    int next = scheduler.next();
                    while (next >= 0 && !step(workloads.get(next), loads.get(next), policy, done + 1)) {
                        scheduler.finished(next);
                        next = scheduler.next();
                    }
                    if (next < 0) {
                        break;
                    }
                    done++;
                    bar.step();
                    if (done % interval == 0) {
                        observer.sample(done, system.allocator().stats());
                    }
                }
            }
            long wall = System.nanoTime() - t0;
            VmapStats stats = system.allocator().stats();
            VmapSnapshot map = system.allocator().snapshot();
            if (done % interval != 0) {
                observer.sample(done, stats);
            }
            Map<String, Long> counters = counters(workloads);
            RunFigures figures = RunFigures.measure(policy.name(), done, counters, stats, observer.notifierFreed(),
                    observer.shrinkerFreed(), wall);
            system.registrants().forEach(registrants::putIfAbsent);
            figures = figures.withPlugins(accounting.accounts(registrants));
            if (recorder != null) {
                recorder.finish(traceCounters(figures));
                if (partial != null) {
                    publish(partial, trace);
                }
            }
            finished = true;
            for (Workload w : workloads) {
                w.finish();
            }
            if (layoutWorkload != null) {
                layoutWorkload.finish();
            }
            result = new RunRecord(figures, system.allocator().name(), observer.timeline(), map, log.lines(), layoutMap);
        } finally {
            if (recorder != null && !finished) {
                recorder.abandon();
            }
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial); // gone after publish; after a failure the old trace stays as it was
                } catch (IOException ignored) {
                    // the run's own failure matters more than a leftover temporary file
                }
            }
        }
        checkUninstalled(closed, policy);
        return result;
    }

    /**
     * A plugin whose uninstall threw (or overran the callback timeout) fails the run: closing the
     * system never throws for it, so without this check the failure would be lost.
     */
    private static void checkUninstalled(VmapSystem system, Policy policy) {
        Map<String, Throwable> failures = system.closeFailures();
        if (!failures.isEmpty()) {
            List<String> each = new ArrayList<>();
            failures.forEach((name, why) -> each.add("plugin '" + name + "' failed to uninstall: " + why));
            RunFailure f = new RunFailure("policy " + policy.name() + ": " + String.join("; ", each),
                    failures.values().iterator().next());
            throw f;
        }
    }

    /** Places the layout: steps the layout workload until it says it is complete. */
    private Workload layout(VmapSystem system, Policy policy) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("file", layout.file());
        params.put("mode", layout.mode());
        Workload w;
        try {
            w = system.newWorkload(Layout.PLUGIN, Layout.WORKLOAD, seed, params);
        } catch (IllegalArgumentException e) {
            throw new RunFailure("policy " + policy.name() + ": " + layout.where() + ": the layout " + layout.file()
                    + " was refused: " + e.getMessage(), e);
        }
        Load as = new Load(Layout.PLUGIN, Layout.WORKLOAD, params, 1, layout.where());
        for (long n = 1; step(w, as, policy, 0); n++) {
            if (n >= MAX_LAYOUT_STEPS) {
                throw new RunFailure("policy " + policy.name() + ": " + layout.where() + ": the layout " + layout.file()
                        + " was not complete after " + MAX_LAYOUT_STEPS + " steps");
            }
        }
        return w;
    }

    /** One workload's counters as they are; several workloads' summed by name, in order of first appearance. */
    private static Map<String, Long> counters(List<Workload> workloads) {
        if (workloads.size() == 1) {
            return workloads.get(0).counters();
        }
        Map<String, Long> sum = new LinkedHashMap<>();
        for (Workload w : workloads) {
            w.counters().forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        return sum;
    }

    private static boolean step(Workload w, Load load, Policy policy, long n) {
        try {
            return w.step();
        } catch (RuntimeException e) {
            throw new RunFailure("policy " + policy.name() + ": the workload '" + load.workload() + "' of plugin '"
                    + load.plugin() + "' failed " + (n == 0 ? "placing the layout" : "at operation " + n) + ": " + e, e);
        }
    }

    /**
     * Checks that the loads' plugins, the layout's and every other plugin the run asked for
     * (the scenario's, --with, --plugin-path) really installed: a plugin whose install threw must not silently drop out.
     */
    private void checkInstalled(VmapSystem system, Policy policy) {
        List<String> wanted = new ArrayList<>(config.includePlugins());
        for (Load l : loads) {
            if (!wanted.contains(l.plugin())) {
                wanted.add(l.plugin());
            }
        }
        if (layout != null && !wanted.contains(Layout.PLUGIN)) {
            wanted.add(Layout.PLUGIN);
        }
        for (String name : wanted) {
            if (!system.installedPlugins().contains(name)) {
                String why = system.report().find(Kind.PLUGIN, name)
                        .map(ReportEntry::reason).filter(r -> !r.isEmpty()).orElse("it was not discovered");
                throw new RunFailure("policy " + policy.name() + ": plugin '" + name + "' is not installed: " + why);
            }
        }
    }

    /** The trace's counters line: ops, the workload's counters, and what the figures took from elsewhere. */
    private static Map<String, Long> traceCounters(RunFigures f) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("ops", f.ops());
        f.counters().forEach((k, v) -> {
            if (!k.equals("ops") && COUNTER_KEY.matcher(k).matches()) {
                c.put(k, v);
            }
        });
        c.putIfAbsent(RunFigures.FREED_BY_NOTIFIER, f.freedByNotifier());
        c.putIfAbsent(RunFigures.FREED_BY_SHRINKER, f.freedByShrinker());
        return c;
    }

    /**
     * The temporary file the trace is written to, in the trace's directory, so that moving it into
     * place is atomic and a run that fails or is killed leaves the previous trace as it was.
     */
    private static Path partial(Path trace) {
        Path target = trace.toAbsolutePath();
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            return null; // a device or a pipe (e.g. /dev/stdout) is written as it is
        }
        try {
            return Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + trace + ": " + describe(e), e);
        }
    }

    private static Writer open(Path trace, Path partial) {
        try {
            return Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + trace + ": " + describe(e), e);
        }
    }

    private static void publish(Path partial, Path trace) {
        try {
            try {
                Files.move(partial, trace.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, trace.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + trace + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException n ? "no such file or directory: " + n.getFile()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
