package io.vmapkit.workloads.simulate;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.workloads.accounting.PluginAccounting;
import io.vmapkit.workloads.figures.RunFigures;
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
import java.util.regex.Pattern;

/**
 * Runs a workload under one policy on a fresh system and measures it.
 *
 * <p>The system is built with {@link VmapKit#builder()} from {@link #config} plus the policy's
 * plugin settings, with the allocator provider given explicitly (wrapped by a
 * {@link TraceRecorder} when a trace is wanted) and a {@link RunObserver} as listener. The plugin is
 * installed from discovery; its workload is created with the seed and an {@code operations}
 * parameter and stepped on the calling thread. The figures, the allocator's statistics and its map
 * are taken when stepping stops — before the workload's {@code finish()} releases what it holds.
 *
 * <p>Public so that the end-to-end benchmark (bench family 7) measures exactly what {@code simulate}
 * runs, and {@code sweep} runs its cells with it. {@link #run} may be called from several threads
 * at once: each call builds its own system, and the kernel log capture routes records by the thread
 * that logged them (see {@code KernelLog}); show a progress bar ({@code progress}) for one run at a
 * time only.
 *
 * @param loader the class loader discovery uses
 * @param provider the allocator provider
 * @param config the system configuration without the policy's settings; it must install
 *     {@code plugin} from discovery
 * @param plugin the plugin offering the workload
 * @param workload the workload's name
 * @param seed the workload's seed
 * @param operations how many operations to step at most
 * @param progress whether to show a progress bar (when a console is attached)
 */
public record PolicyRun(ClassLoader loader, AllocatorProvider provider, VmapConfig config, String plugin, String workload,
        long seed, long operations, boolean progress) {

    /** The workload parameter that carries {@link #operations}. */
    static final String OPERATIONS = "operations";

    private static final int SAMPLES = 500;

    /** Counter names a trace can hold (others are left out of it). */
    private static final Pattern COUNTER_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** Checks the arguments. */
    public PolicyRun {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(config, "config");
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
        VmapConfig.Builder cb = config.toBuilder();
        policy.settings().forEach((k, v) -> cb.pluginSetting(plugin, k, v));
        RunObserver observer = new RunObserver();
        PluginAccounting accounting = new PluginAccounting();
        Path partial = trace == null ? null : partial(trace);
        TraceRecorder recorder = trace == null ? null
                : new TraceRecorder(trace.toString(), open(trace, partial != null ? partial : trace), policy.name());
        boolean finished = false;
        VmapSystem closed;
        RunRecord result;
        try (KernelLog log = KernelLog.capture();
                VmapSystem system = VmapKit.builder()
                .ignoreSystemProperties()
                .config(cb.build())
                .classLoader(loader)
                .allocatorProvider(recorder == null ? provider : recorder.wrap(provider))
                .listener(observer)
                .listener(accounting)
                .build()) {
            closed = system;
            system.start();
            checkInstalled(system, policy);
            Workload w = system.newWorkload(plugin, workload, seed, Map.of(OPERATIONS, Long.toString(operations)));
            long interval = Math.max(1, operations / SAMPLES);
            long done = 0;
            observer.sample(0, system.allocator().stats());
            long t0 = System.nanoTime();
            try (Progress bar = Progress.start(policy.name(), operations, progress)) {
                while (done < operations) {
                    observer.operation(done + 1);
                    if (!step(w, policy, done + 1)) {
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
            Map<String, Long> counters = w.counters();
            RunFigures figures = RunFigures.measure(policy.name(), done, counters, stats, observer.notifierFreed(),
                    observer.shrinkerFreed(), wall).withPlugins(accounting.accounts());
            if (recorder != null) {
                recorder.finish(traceCounters(figures));
                if (partial != null) {
                    publish(partial, trace);
                }
            }
            finished = true;
            w.finish();
            result = new RunRecord(figures, system.allocator().name(), observer.timeline(), map, log.lines());
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

    private boolean step(Workload w, Policy policy, long n) {
        try {
            return w.step();
        } catch (RuntimeException e) {
            throw new RunFailure("policy " + policy.name() + ": the workload '" + workload + "' of plugin '" + plugin
                    + "' failed at operation " + n + ": " + e, e);
        }
    }

    /**
     * Checks that the workload's plugin and every other plugin the run asked for (--with,
     * --plugin-path) really installed: a plugin whose install threw must not silently drop out.
     */
    private void checkInstalled(VmapSystem system, Policy policy) {
        List<String> wanted = new ArrayList<>(config.includePlugins());
        if (!wanted.contains(plugin)) {
            wanted.add(plugin);
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
