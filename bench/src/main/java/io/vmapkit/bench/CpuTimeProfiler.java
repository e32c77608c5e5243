package io.vmapkit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting the CPU time the benchmark's worker threads spent per operation,
 * {@code cpu.time.norm} in ns/op: {@code -prof io.vmapkit.bench.CpuTimeProfiler}.
 *
 * <p>Why: JMH's primary score is wall time, which on a machine shared with other processes also
 * counts the time a worker waited in the run queue for a CPU — with ten runnable processes on two
 * cores, five to twenty times the work itself. A thread's own CPU time does not count that wait, so
 * this figure stays close to the quiet-machine score under load (what remains is the others'
 * pollution of caches and branch predictors). It is a secondary figure: compare it across subjects of
 * one run like the score.
 *
 * <p>How: before and after each iteration, the CPU time of every live thread whose name contains
 * {@code jmh-worker} ({@link ThreadMXBean#getThreadCpuTime(long)}), the difference summed over those
 * threads and divided by the iteration's operations ({@code allOps}: every operation the workers
 * made during the iteration, warm-down included, multiplied by {@code @OperationsPerInvocation}).
 * With several worker threads it is the CPU time per operation summed over the threads, not a
 * latency. {@code NaN} if the JVM cannot measure thread CPU time.
 *
 * <p>Runs inside the benchmark's JVM; one instance per fork, used by JMH's control thread only.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> before = Map.of();

    @Override
    public String getDescription() {
        return "CPU time of the benchmark's worker threads per operation (ns/op), unaffected by run-queue waits";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = workerCpuNanos();
    }

    @Override
    public Collection<ScalarResult> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        Map<Long, Long> after = workerCpuNanos();
        long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
        double perOp = Double.NaN;
        if (!after.isEmpty() && ops > 0) {
            long cpu = 0;
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                cpu += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            perOp = (double) cpu / ops;
        }
        return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }

    /** CPU nanoseconds of each live JMH worker thread, by thread id; empty if not measurable. */
    private Map<Long, Long> workerCpuNanos() {
        Map<Long, Long> cpu = new HashMap<>();
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return cpu;
        }
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("jmh-worker")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }
}
