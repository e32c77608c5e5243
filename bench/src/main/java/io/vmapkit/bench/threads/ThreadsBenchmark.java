package io.vmapkit.bench.threads;

import io.vmapkit.bench.Workloads;
import io.vmapkit.bench.baseline.LockedPageRangeAllocator;
import io.vmapkit.bench.baseline.PairOp;
import io.vmapkit.bench.baseline.TreeMapFirstFit;
import io.vmapkit.workloads.testvmalloc.TestVmalloc;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Family 8: fix_size (1-page alloc+free pairs) from one thread and from two threads sharing one
 * allocator, as <b>aggregate pairs per second</b> (JMH sums throughput over threads). The ratio
 * {@code twoThreads / oneThread} shows what the allocator's locking costs: above 1 the second
 * thread adds work, below 1 the threads mostly wait for each other.
 *
 * <p>Subjects: vmapkit's {@code free-tree} and {@code busy-list} (x86_64, 2 CPUs, lazy free), and
 * {@code treemap-locked}, a {@link TreeMapFirstFit} under one {@link java.util.concurrent.locks.ReentrantLock}
 * ({@link LockedPageRangeAllocator}) — what one global lock around the simplest structure gives.
 *
 * <p>On the project's 2-core machines two benchmark threads saturate the box, so JIT and GC
 * threads compete with them and the OS scheduler is part of the result (workloads D.1); use
 * several forks and compare the two methods within one run. Oversubscription belongs to the stress
 * suite, not here.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -f 5 -wi 3 -i 5 'threads.ThreadsBenchmark'}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 5, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ThreadsBenchmark {

    /** One allocator shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Shared {
        /** free-tree, busy-list, vmap-nodes (2 CPUs: 2 nodes, one per benchmark thread) or treemap-locked. */
        @Param({"free-tree", "busy-list", "vmap-nodes", "treemap-locked"})
        public String impl;

        PairOp op;

        /** Creates the shared allocator. */
        @Setup(Level.Trial)
        public void setUp() {
            op = switch (impl) {
                case "treemap-locked" -> PairOp.on(new LockedPageRangeAllocator(new TreeMapFirstFit(1 << 20)));
                case "free-tree", "busy-list", "vmap-nodes" ->
                        PairOp.on(Workloads.newAllocator(impl, "x86_64"), TestVmalloc.requestsByPages(1));
                default -> throw new IllegalArgumentException("unknown impl '" + impl + "' (free-tree, busy-list, vmap-nodes, treemap-locked)");
            };
        }
    }

    /** fix_size pairs from one thread. */
    @Benchmark
    @Threads(1)
    public long oneThread(Shared s) {
        return s.op.pair(1);
    }

    /** fix_size pairs from two threads on the same allocator; the score is the sum of both. */
    @Benchmark
    @Threads(2)
    public long twoThreads(Shared s) {
        return s.op.pair(1);
    }
}
