/**
 * JMH benchmarks of vmapkit's allocators, notifier chains and overflow path, measured side by
 * side with what a Java user would write instead.
 *
 * <p><b>Contract.</b> Every benchmark is written against the api ({@code io.vmapkit.api..}) only
 * and obtains implementations by name through {@link java.util.ServiceLoader}
 * ({@link io.vmapkit.bench.Providers}), exactly as a host would; nothing here imports an
 * implementation module. Allocators are configured alike ({@link io.vmapkit.bench.Workloads#config}:
 * 2 CPUs, synchronous threshold purges) and filled to their steady state in trial or iteration
 * setup, never per invocation; random inputs come from fixed seeds ({@code -p seed=…}) and are
 * drawn before measurement. Results are returned to JMH's blackhole.
 *
 * <p><b>One definition of test_vmalloc.</b> The workload parameters and derivations (sizes,
 * alignments, hole counts) and the fills ({@code hold}, {@code holes}) are those of
 * {@link io.vmapkit.workloads.testvmalloc.TestVmalloc} in the workloads module, which
 * {@code vmapkit bench test-vmalloc} runs too; the benchmarks add only their input rings.
 *
 * <p><b>Families</b>, one sub-package each (numbers as in issue 9):
 * <ol>
 *   <li>{@code testvmalloc} — the test_vmalloc workloads, {@code free-tree} vs {@code busy-list};</li>
 *   <li>{@code scaling} — pair cost at 1 k … 1 M busy areas;</li>
 *   <li>{@code baseline} — TreeMap and two-level-bitmap first fits vs {@code free-tree};</li>
 *   <li>{@code memory} — heap bytes per live area (a program, not a JMH benchmark);</li>
 *   <li>{@code notifier} — blocking-chain dispatch vs Guava EventBus and a hand-written
 *       {@code CopyOnWriteArrayList} listener loop;</li>
 *   <li>{@code overflow} — single-shot latency of the purge → notifier → purge → retry path;</li>
 *   <li>end-to-end {@code simulate} throughput — not yet: needs the i915 plugin and the cli;</li>
 *   <li>{@code threads} — one vs two threads on fix_size.</li>
 * </ol>
 *
 * <p><b>Running.</b> Build the jar once, then run families by regular expression; always
 * {@code -Xms} = {@code -Xmx}, several forks, and {@code -prof gc} for allocation rates
 * (the annotations already carry forks and heap flags; command-line options override them):
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -f 3 -wi 3 -i 5 -prof gc 'testvmalloc.TestVmallocBenchmark'
 * java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -f 3 -wi 3 -i 5 'scaling.ScalingBenchmark'
 * java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -f 3 -wi 3 -i 5 -prof gc 'baseline.BaselineBenchmark'
 * java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.vmapkit.bench.memory.MemoryFootprint 100000
 * java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -f 3 -wi 3 -i 5 -prof gc 'notifier.NotifierDispatchBenchmark'
 * java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar 'overflow.OverflowPathBenchmark'
 * java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -f 5 -wi 3 -i 5 'threads.ThreadsBenchmark'
 * </pre>
 * On a machine shared with other processes, add {@code -prof io.vmapkit.bench.CpuTimeProfiler}: its
 * {@code cpu.time.norm} is the workers' own CPU time per operation, which waiting for a CPU does
 * not inflate ({@link io.vmapkit.bench.CpuTimeProfiler}).
 * Narrow a run with {@code -p}, e.g. {@code -p allocator=free-tree} or {@code -p impl=treemap,bitmap};
 * list everything with {@code -l} and the parameters with {@code -lp}. Results and the exact
 * commands that produced them are recorded in {@code docs/benchmarks.md}.
 *
 * <p>{@code mvn verify} only compiles the benchmarks, checks the generated benchmark list and runs
 * one 100 ms in-process smoke measurement of a baseline; benchmark numbers are never a build gate.
 */
package io.vmapkit.bench;
