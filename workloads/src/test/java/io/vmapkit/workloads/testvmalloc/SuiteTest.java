package io.vmapkit.workloads.testvmalloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness: orders, seeds, workers, and its checks. */
class SuiteTest {

    private static final ClassLoader LOADER = SuiteTest.class.getClassLoader();

    private static AllocatorProvider provider(String name) {
        return new ServiceDiscovery(LOADER).find(AllocatorProvider.class).usable().stream()
                .filter(c -> c.name().equals(name)).findFirst().orElseThrow().instance();
    }

    private static SuiteResult run(int mask, int threads, boolean sequential, long seed) throws InterruptedException {
        SuiteConfig c = new SuiteConfig(mask, 20, 1, threads, sequential, seed, 1, 32768, AddressSpace.x86_64(), 1);
        return Suite.run(c, LOADER, provider("free-tree"));
    }

    @Test
    void eachWorkerShufflesItsOwnOrderReproduciblyFromTheSeed() throws InterruptedException {
        int mask = 1 | 8 | 16 | 32 | 256 | 512 | 2048;
        SuiteResult a = run(mask, 3, false, 42);
        SuiteResult b = run(mask, 3, false, 42);
        List<List<TestCase>> orders = a.workers().stream().map(SuiteResult.WorkerResult::order).toList();
        assertThat(orders).isEqualTo(b.workers().stream().map(SuiteResult.WorkerResult::order).toList());
        assertThat(orders).as("three workers rarely draw one order").doesNotHaveDuplicates();
        for (List<TestCase> o : orders) {
            assertThat(o).containsExactlyInAnyOrder(TestCase.FIX_SIZE, TestCase.RANDOM_SIZE, TestCase.FIX_ALIGN,
                    TestCase.RANDOM_SIZE_ALIGN, TestCase.KVFREE_RCU_1_ARG, TestCase.KVFREE_RCU_2_ARG, TestCase.NO_BLOCK);
        }
        SuiteResult other = run(mask, 3, false, 43);
        assertThat(other.workers().stream().map(SuiteResult.WorkerResult::order).toList()).isNotEqualTo(orders);
        assertThat(a.checkFailures()).isEmpty();
        assertThat(a.unexpectedFailures()).isEmpty();
    }

    @Test
    void sequentialOrderIsBitOrderAndSkippedTestsDoNotRun() throws InterruptedException {
        SuiteResult r = run(1 | 128 | 1024 | 2048, 1, true, 1);
        assertThat(r.workers().get(0).order()).containsExactly(TestCase.FIX_SIZE, TestCase.NO_BLOCK);
        assertThat(r.workers().get(0).tests()).extracting(SuiteResult.TestResult::test)
                .containsExactly(TestCase.FIX_SIZE, TestCase.NO_BLOCK);
        assertThat(r.kernelLog()).contains("Skipped: pcpu_alloc_test: not modelled", "Skipped: vm_map_ram_test: not modelled");
    }

    @Test
    void everyTestLeavesTheAllocatorWithEverythingReturned() throws InterruptedException {
        SuiteConfig c = new SuiteConfig(SuiteConfig.ALL_TESTS, 30, 2, 1, true, 5, 2, 32768, AddressSpace.x86_64(), 1);
        SuiteResult r = Suite.run(c, LOADER, provider("busy-list"));
        assertThat(r.checkFailures()).isEmpty();
        assertThat(r.unexpectedFailures()).isEmpty();
        SuiteResult.WorkerResult w = r.workers().get(0);
        assertThat(w.tests()).hasSize(10);
        for (SuiteResult.TestResult t : w.tests()) {
            assertThat(t.passed() + t.failed()).as(t.test().kernelName()).isEqualTo(2);
            assertThat(t.totalNanos()).isPositive();
        }
        assertThat(w.totalNanos()).isEqualTo(w.tests().stream().mapToLong(SuiteResult.TestResult::totalNanos).sum());
    }

    @Test
    void aLeakingAllocatorFailsTheChecksNamingTestAndWorker() throws InterruptedException {
        SuiteConfig c = new SuiteConfig(1 | 8, 120, 1, 1, true, 5, 1, 32768, AddressSpace.x86_64(), 1);
        SuiteResult r = Suite.run(c, LOADER, provider("leaky"));
        assertThat(r.checkFailures()).hasSize(2);
        assertThat(r.checkFailures().get(0)).startsWith("after fix_size_alloc_test on worker0: 2 area(s) still live");
        assertThat(r.kernelLog()).contains("Check failed: after fix_size_alloc_test on worker0: 2 area(s) still live");
    }

    @Test
    void withSeveralWorkersTheFullCheckWaitsUntilAllHaveFinished() throws InterruptedException {
        SuiteConfig c = new SuiteConfig(1, 200, 1, 2, true, 5, 1, 32768, AddressSpace.x86_64(), 1);
        SuiteResult r = Suite.run(c, LOADER, provider("leaky"));
        assertThat(r.checkFailures()).as("2 workers x 200 frees, every 50th lost")
                .containsExactly("after all workers finished: 8 area(s) still live (64.0 KiB)");
    }

    @Test
    void onACallersSystemTheSuiteLeavesTheFinalCheckToTheCallerAndUnregistersItsProbe() throws InterruptedException {
        SuiteConfig c = new SuiteConfig(1 | 8 | 2048, 40, 1, 3, false, 9, 1, 32768, AddressSpace.x86_64(), 1);
        try (io.vmapkit.runtime.VmapSystem system = io.vmapkit.runtime.VmapKit.builder().ignoreSystemProperties()
                .addressSpace(AddressSpace.x86_64()).ncpus(1).start()) {
            io.vmapkit.api.vmap.VmapArea kept = system.allocator().allocate(4096); // the caller's own area
            SuiteResult r = Suite.run(c, system);
            assertThat(r.checkFailures()).isEmpty();
            assertThat(r.workers()).hasSize(3);
            assertThat(system.purgeChain().blocks()).as("the probe is gone").isEmpty();
            assertThat(system.allocator().stats().liveAreas()).as("the caller's area is not the suite's business").isEqualTo(1);
            system.allocator().free(kept);
        }
    }
}
