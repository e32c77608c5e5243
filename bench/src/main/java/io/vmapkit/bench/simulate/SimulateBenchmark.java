package io.vmapkit.bench.simulate;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.bench.Providers;
import io.vmapkit.workloads.figures.RunFigures;
import io.vmapkit.workloads.figures.RunRecord;
import io.vmapkit.workloads.scenario.Policy;
import io.vmapkit.workloads.simulate.PolicyRun;
import io.vmapkit.workloads.scenario.Scenario;
import io.vmapkit.workloads.scenario.Scenarios;
import io.vmapkit.runtime.VmapConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Family 7: {@code vmapkit simulate} end to end, in <b>ns per workload operation</b> (operations
 * per second = 10⁹ / score).
 *
 * <p>Each single shot is one whole policy run of the default scenario ({@code i915-32bit}: the i915
 * plugin's {@code i915} workload on x86_32, seed 1, {@value #OPS} operations, 4 CPUs configured),
 * made by the cli's own {@link PolicyRun} exactly as {@code vmapkit simulate} makes it: a fresh
 * system from {@code VmapKit.builder()} with the policy's plugin settings, the i915 plugin installed
 * from discovery (this module sees driver-i915 only at run time), the cli's run observer as listener
 * sampling occupancy 500 times, the kernel-log capture, and the workload's {@code finish()}. So the
 * shot includes what {@code simulate}'s own "operations/s" line leaves out (building and starting the
 * system, installing the plugin, releasing everything at the end); {@link #empty} measures that fixed
 * part alone (a run of one operation) so it can be subtracted.
 *
 * <p>Each shot's teardown checks that the run did all {@value #OPS} operations and, for the policies
 * with the mapping cache, that the cache really was used, so a run that stopped early or took
 * another path fails instead of reporting a time.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar 'simulate.SimulateBenchmark'}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SimulateBenchmark {

    /** Operations per run: the scenario's default, as {@code vmapkit simulate} runs it. */
    public static final int OPS = (int) Scenarios.OPERATIONS;

    /** One policy of the default scenario, on a fresh system per shot. */
    @State(Scope.Thread)
    public static class Run {
        /** The policy, by its {@code --policies} name. */
        @Param({"pre-4.7", "cache", "cache+notifier"})
        public String policy;

        /** The allocator provider. */
        @Param({"free-tree"})
        public String allocator;

        Policy chosen;
        PolicyRun run;
        PolicyRun once;
        RunRecord last;

        /** Builds the runs as {@code simulate} does with its defaults. */
        @Setup(Level.Trial)
        public void setUp() {
            Scenario sc = Scenarios.find(Scenarios.DEFAULT).orElseThrow();
            chosen = sc.policy(policy).orElseThrow(() -> new IllegalArgumentException("no policy " + policy));
            ClassLoader loader = SimulateBenchmark.class.getClassLoader();
            AllocatorProvider provider = Providers.allocatorProvider(allocator);
            VmapConfig base = VmapConfig.builder().addressSpace(AddressSpace.preset(sc.space())).ncpus(Scenarios.NCPUS)
                    .includePlugins(List.of(sc.plugin())).build();
            run = new PolicyRun(loader, provider, base, sc.plugin(), sc.workload(), sc.seed(), OPS, false);
            once = new PolicyRun(loader, provider, base, sc.plugin(), sc.workload(), sc.seed(), 1, false);
        }

        /** Checks the shot's run. */
        @TearDown(Level.Iteration)
        public void check() {
            RunFigures f = last.figures();
            long expected = f.ops() == 1 ? 1 : OPS;
            if (f.ops() != expected || f.counters().getOrDefault("ops", -1L) != expected) {
                throw new IllegalStateException(policy + ": the run did " + f.ops() + " operations, expected " + expected);
            }
            long hits = f.counters().getOrDefault("cacheHits", -1L);
            boolean caching = !"pre-4.7".equals(policy);
            if (expected == OPS && (caching ? hits <= 0 : hits != 0)) {
                throw new IllegalStateException(policy + ": " + hits + " mapping-cache hits");
            }
        }
    }

    /** One whole {@code simulate} policy run of {@value #OPS} operations; reported per operation. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public RunRecord simulate(Run s) {
        return s.last = s.run.run(s.chosen, null);
    }

    /** The fixed part of a run: build, start, install, one operation, finish, close. */
    @Benchmark
    public RunRecord empty(Run s) {
        return s.last = s.once.run(s.chosen, null);
    }
}
