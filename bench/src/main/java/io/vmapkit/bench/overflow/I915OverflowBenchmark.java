package io.vmapkit.bench.overflow;

import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.bench.Providers;
import io.vmapkit.bench.Workloads;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Family 6, i915 variant: the overflow path with the i915 plugin installed on x86_32, reached
 * through the api only — a system from {@code VmapKit.builder()} that discovers the plugin
 * {@code i915} by name (driver-i915 is on this module's class path at run time and never imported).
 *
 * <p>Setup of each single shot: a fresh system (era 4.7, vmap purge notifier registered, as the
 * {@code cache+notifier} policy of {@code vmapkit simulate}); {@value #WORKLOAD_STEPS} steps of the
 * plugin's {@code i915} workload (seed 1), which leave the driver holding cached kernel mappings of
 * idle buffers; a purge; then host fillers in every free block until no block can hold a 1-page area
 * (as {@link OverflowPathBenchmark} fills). The measured host allocation of {@code pages} pages then
 * fails its search, purges (nothing lazy), fails again, calls the purge notifier chain — i915's
 * {@code i915_gem_shrinker_vmap} takes struct_mutex, shrinks unbound, bound and vmapped objects,
 * vunmapping their cached mappings lazily, and reports the pages — fails again (the space is only
 * lazy), purges, and succeeds. Teardown checks that path from the allocator's counters: one notifier
 * round, four searches, one non-empty purge, no failure.
 *
 * <p>Compare with {@link OverflowPathBenchmark} (one generic block releasing one area) run in the
 * same JMH invocation: the difference is what the i915 notifier does.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar 'overflow.*Benchmark'}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 30)
@Measurement(iterations = 50)
@Fork(value = 10, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class I915OverflowBenchmark {

    /** Workload steps before the space is filled: enough for the driver to cache mappings. */
    public static final int WORKLOAD_STEPS = 2_000;

    /** A fresh system with the i915 plugin, its mappings cached, the rest of the space filled. */
    @State(Scope.Thread)
    public static class I915Filled {
        /** The allocator's provider name. */
        @Param({"free-tree", "busy-list"})
        public String allocator;

        /** The measured request, in pages (without guard): the i915 workload's usual batch size. */
        @Param({"8"})
        public int pages;

        VmapSystem system;
        VmapAllocator vmap;
        VmapRequest request;
        List<VmapArea> fillers;
        VmapStats before;
        VmapArea result;

        /** Builds, runs and fills a fresh system for the next single shot. */
        @Setup(Level.Iteration)
        public void setUp() {
            VmapConfig config = VmapConfig.builder().addressSpace(AddressSpace.x86_32()).ncpus(Workloads.NCPUS)
                    .includePlugins(List.of("i915"))
                    .pluginSetting("i915", "era", "4.7").pluginSetting("i915", "vmap-notifier", "true").build();
            system = VmapKit.builder().ignoreSystemProperties().config(config)
                    .classLoader(I915OverflowBenchmark.class.getClassLoader())
                    .allocatorProvider(Providers.allocatorProvider(allocator)).build();
            system.start();
            if (system.installed("i915").isEmpty()) {
                throw new IllegalStateException("plugin i915 not installed: " + system.report());
            }
            Workload w = system.newWorkload("i915", "i915", 1, Map.of("operations", Integer.toString(WORKLOAD_STEPS)));
            for (int i = 0; i < WORKLOAD_STEPS; i++) {
                w.step();
            }
            vmap = system.allocator();
            vmap.purgeLazy();
            fillers = new ArrayList<>(OverflowPathBenchmark.fillEveryBlock(vmap));
            request = VmapRequest.of((long) pages * vmap.space().pageSize());
            result = null;
            before = vmap.stats();
        }

        /** Checks the path, then closes the system. */
        @TearDown(Level.Iteration)
        public void checkPath() {
            try {
                VmapStats after = vmap.stats();
                List<String> wrong = new ArrayList<>();
                OverflowPathBenchmark.Filled.expect(wrong, "allocations", after.allocations() - before.allocations(), 1);
                OverflowPathBenchmark.Filled.expect(wrong, "allocationFailures",
                        after.allocationFailures() - before.allocationFailures(), 0);
                OverflowPathBenchmark.Filled.expect(wrong, "notifierRounds", after.notifierRounds() - before.notifierRounds(), 1);
                OverflowPathBenchmark.Filled.expect(wrong, "searches", after.searches() - before.searches(), 4);
                OverflowPathBenchmark.Filled.expect(wrong, "purges (non-empty)", after.purges() - before.purges(), 1);
                if (result == null) {
                    wrong.add("no area");
                }
                if (!wrong.isEmpty()) {
                    throw new IllegalStateException("i915 overflow on " + allocator + " did not take the intended path: "
                            + wrong + "; before " + before + ", after " + after);
                }
            } finally {
                system.close();
            }
        }
    }

    /** One host allocation through purge, the i915 vmap notifier, purge and retry. */
    @Benchmark
    public VmapArea i915Overflow(I915Filled s) {
        return s.result = s.vmap.allocate(s.request);
    }
}
