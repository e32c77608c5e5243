package io.vmapkit.workloads.testvmalloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.vmap.AddressSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CPU time per pair of a run's results, and the lines and note the log prints for it. */
class SuiteResultCpuTest {

    private static final SuiteConfig FIX_SIZE_ONLY =
            new SuiteConfig(1, 10, 1, 2, true, 1, 1, 32768, AddressSpace.x86_64(), 1);

    private static SuiteResult twoWorkers(long cpu0, long cpu1) {
        // Worker 0: 2 pairs, 1,000 ns wall; worker 1: 6 pairs, 3,000 ns wall.
        SuiteResult.TestResult w0 = new SuiteResult.TestResult(TestCase.FIX_SIZE, 1, 0, 1_000, 2, "", cpu0);
        SuiteResult.TestResult w1 = new SuiteResult.TestResult(TestCase.FIX_SIZE, 1, 0, 3_000, 6, "", cpu1);
        return new SuiteResult(FIX_SIZE_ONLY, "free-tree", 16384,
                List.of(new SuiteResult.WorkerResult(0, List.of(TestCase.FIX_SIZE), List.of(w0), 1_000),
                        new SuiteResult.WorkerResult(1, List.of(TestCase.FIX_SIZE), List.of(w1), 3_000)),
                List.of());
    }

    @Test
    void cpuPerPairIsTheWorkersCpuTimeOverAllTheirPairs() {
        SuiteResult r = twoWorkers(300, 500);
        // (300 + 500) ns / (2 + 6) pairs = 100 ns; wall (1,000 + 3,000) / 8 = 500 ns.
        assertThat(r.cpuNanosPerPair(TestCase.FIX_SIZE)).hasValue(100.0);
        assertThat(r.nanosPerPair(TestCase.FIX_SIZE)).hasValue(500.0);
        assertThat(r.kernelLog()).contains(
                "Per pair: fix_size_alloc_test 500.0 ns per alloc+free pair (8 pairs)\n"
                        + "CPU per pair: fix_size_alloc_test 100.0 ns of the worker thread's CPU time\n"
                        + SuiteResult.PER_PAIR_NOTE + "\n");
    }

    @Test
    void withoutAWorkersCpuTimeThereIsNoCpuLineButStillTheNote() {
        SuiteResult r = twoWorkers(300, -1);
        assertThat(r.cpuNanosPerPair(TestCase.FIX_SIZE)).isEmpty();
        assertThat(r.kernelLog()).doesNotContain("CPU per pair: ").contains(
                "Per pair: fix_size_alloc_test 500.0 ns per alloc+free pair (8 pairs)\n" + SuiteResult.PER_PAIR_NOTE);
        // The six-argument constructor means "not measured".
        assertThat(new SuiteResult.TestResult(TestCase.FIX_SIZE, 1, 0, 1, 1, "").cpuNanos()).isEqualTo(-1);
    }

    @Test
    void aRealRunMeasuresTheWorkersCpuTime() throws InterruptedException {
        SuiteConfig c = new SuiteConfig(1, 2_000, 1, 1, true, 1, 1, 32768, AddressSpace.x86_64(), 1);
        SuiteResult r = Suite.run(c, getClass().getClassLoader(),
                new io.vmapkit.runtime.discovery.ServiceDiscovery(getClass().getClassLoader())
                        .find(io.vmapkit.api.spi.AllocatorProvider.class).usable().stream()
                        .filter(p -> p.name().equals("free-tree")).findFirst().orElseThrow().instance());
        // 2,000 pairs cost CPU time (more than 0) and at most the run's wall time plus the clocks'
        // granularity (a thread cannot run longer than the time that passed; 1 ms of slack).
        double cpu = r.cpuNanosPerPair(TestCase.FIX_SIZE).orElseThrow();
        double wall = r.nanosPerPair(TestCase.FIX_SIZE).orElseThrow();
        assertThat(cpu).isPositive().isLessThanOrEqualTo(wall + 1_000_000.0 / 2_000);
    }
}
