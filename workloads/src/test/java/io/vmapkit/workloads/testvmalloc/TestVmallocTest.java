package io.vmapkit.workloads.testvmalloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test_vmalloc derivations (lib/test_vmalloc.c) and the tests' own behaviour. */
class TestVmallocTest {

    private static VmapAllocator allocator(AddressSpace space, int ncpus) {
        AllocatorProvider p = new ServiceDiscovery(TestVmallocTest.class.getClassLoader()).find(AllocatorProvider.class)
                .usable().stream().filter(c -> c.name().equals("free-tree")).findFirst().orElseThrow().instance();
        return p.create(space, Settings.of(Map.of("vmapkit.ncpus", Integer.toString(ncpus)), "test"), AllocatorContext.defaults());
    }

    @Test
    void fullFitHolesIsFlsOfCpusTimes8192() {
        assertThat(TestVmalloc.fullFitHoles(1)).isEqualTo(8192);
        assertThat(TestVmalloc.fullFitHoles(2)).isEqualTo(16_384);
        assertThat(TestVmalloc.fullFitHoles(3)).isEqualTo(16_384);
        assertThat(TestVmalloc.fullFitHoles(4)).isEqualTo(24_576);
        assertThat(TestVmalloc.fullFitHoles(64)).isEqualTo(57_344);
    }

    @Test
    void randomSizeIsNModHundredPlusOnePagesWithNUnsigned() {
        assertThat(TestVmalloc.randomSizePages(0)).isEqualTo(1);
        assertThat(TestVmalloc.randomSizePages(99)).isEqualTo(100);
        assertThat(TestVmalloc.randomSizePages(100)).isEqualTo(1);
        assertThat(TestVmalloc.randomSizePages(-1)).as("0xffffffff % 100 = 95").isEqualTo(96);
    }

    @Test
    void randomSizeAlignTakesSizeAndAlignmentFromTheSameValue() {
        assertThat(TestVmalloc.randomSizeAlignPages(0)).isEqualTo(1);
        assertThat(TestVmalloc.randomSizeAlignBytes(0)).isEqualTo(1);
        assertThat(TestVmalloc.randomSizeAlignPages(22)).isEqualTo(3);
        assertThat(TestVmalloc.randomSizeAlignBytes(22)).as("the largest alignment, 4 MiB").isEqualTo(4L << 20);
        assertThat(TestVmalloc.randomSizeAlignPages(-1)).as("0xffffffff % 10 = 5").isEqualTo(6);
        assertThat(TestVmalloc.randomSizeAlignBytes(-1)).as("0xffffffff % 23 = 11").isEqualTo(2048);
        VmapRequest r = TestVmalloc.randomSizeAlign(22);
        assertThat(r.size()).isEqualTo(3L * 4096);
        assertThat(r.align()).isEqualTo(4L << 20);
    }

    @Test
    void vmallocOfNPagesReservesNPlusOnePages() {
        VmapAllocator a = allocator(AddressSpace.x86_64(), 2);
        VmapArea area = a.allocate(TestVmalloc.pages(3));
        assertThat(area.size()).isEqualTo(3 * 4096);
        assertThat(area.reservedSize()).isEqualTo(4 * 4096);
        assertThat(TestVmalloc.pointerArray(15_000, 8).size()).as("15,000 pointers of 8 bytes, rounded up to pages")
                .isEqualTo(30 * 4096);
    }

    @Test
    void requestsByPagesAreIndexedByTheirPageCountWithAGuard() {
        VmapRequest[] byPages = TestVmalloc.requestsByPages(100);
        assertThat(byPages[0]).isNull();
        assertThat(byPages[1]).isEqualTo(VmapRequest.of(4096));
        assertThat(byPages[100].size()).isEqualTo(100L * 4096);
        // 100 pages + the one 4096-byte guard page the allocator adds to a request without NO_GUARD = 101 pages
        VmapArea area = allocator(AddressSpace.of("small", 0x100000, 128 * 4096, 4096), 1).allocate(byPages[100]);
        assertThat(area.reservedSize() - area.size()).isEqualTo(4096);
    }

    @Test
    void holdFreesWhatItAllocatedWhenTheSpaceRunsOut() {
        VmapAllocator a = allocator(AddressSpace.of("small", 0x100000, 64 * 4096, 4096), 1);
        assertThatThrownBy(() -> TestVmalloc.hold(a, TestVmalloc.pages(1), 40)).isInstanceOf(VmapAllocationException.class);
        a.purgeLazy();
        assertThat(a.stats().liveAreas()).as("the 32 areas that fitted were freed again").isZero();
        assertThat(a.stats().freeBytes()).isEqualTo(64 * 4096);
    }

    @Test
    void holesLeaveOneExactFitHoleBetweenKeptAreasAndCleanUpOnFailure() {
        VmapAllocator a = allocator(AddressSpace.x86_64(), 1);
        VmapArea[] kept = TestVmalloc.holes(a, TestVmalloc.pages(1), TestVmalloc.pages(1), 100, true);
        assertThat(a.stats().freeBlocks()).as("99 two-page holes between kept areas, the last merged with the rest")
                .isEqualTo(100);
        assertThat(kept[1].start() - kept[0].end()).isEqualTo(2 * 4096);
        VmapAllocator small = allocator(AddressSpace.of("small", 0x100000, 64 * 4096, 4096), 1);
        assertThatThrownBy(() -> TestVmalloc.holes(small, TestVmalloc.pages(1), TestVmalloc.pages(1), 20, false))
                .isInstanceOf(VmapAllocationException.class);
        small.purgeLazy();
        assertThat(small.stats().liveAreas()).isZero();
    }

    private static Worker worker(VmapAllocator a, int loops, AtomicLong notifierCalls) {
        SuiteConfig c = new SuiteConfig(SuiteConfig.ALL_TESTS, loops, 1, 1, true, 1, 1, TestVmalloc.FIX_ALIGN_BYTES,
                a.space(), 1);
        return new Worker(0, a, new SplittableRandom(1), c, notifierCalls::get);
    }

    @Test
    void alignShiftFailsAtTheFirstAlignmentTheSpaceCannotHold() {
        VmapAllocator a = allocator(AddressSpace.x86_64(), 2);
        Worker w = worker(a, 1, new AtomicLong());
        assertThat(TestCase.ALIGN_SHIFT.run(w)).isFalse();
        assertThat(TestCase.ALIGN_SHIFT.expectedToFail()).isTrue();
        assertThat(w.pairs).as("alignments 1 << 0 .. 1 << 45 fit 32 TiB at 0xffffc90000000000").isEqualTo(46);
        assertThat(w.failure).startsWith("one page aligned to 1 << 46 (0x400000000000) does not fit x86_64");
    }

    @Test
    void noBlockFailsIfThePurgeNotifierRunsForANonBlockingRequest() {
        VmapAllocator a = allocator(AddressSpace.x86_64(), 2);
        AtomicLong calls = new AtomicLong();
        Worker quiet = worker(a, 50, calls);
        assertThat(TestCase.NO_BLOCK.run(quiet)).isTrue();
        assertThat(quiet.pairs).isEqualTo(50);
        Worker noisy = new Worker(0, a, new SplittableRandom(1), new SuiteConfig(1, 50, 1, 1, true, 1, 1, 4096,
                a.space(), 1), calls::incrementAndGet);
        assertThat(TestCase.NO_BLOCK.run(noisy)).isFalse();
        assertThat(noisy.failure).isEqualTo("the purge notifier ran 1 time(s) for non-blocking requests");
    }

    @Test
    void kvfreeRcuFreesInBatchesAtEachGracePeriodAndAtTheEnd() {
        VmapAllocator a = allocator(AddressSpace.x86_64(), 2);
        Worker w = worker(a, TestVmalloc.KVFREE_RCU_BATCH + 10, new AtomicLong());
        assertThat(TestCase.KVFREE_RCU_1_ARG.run(w)).isTrue();
        assertThat(a.stats().liveAreas()).as("the queue was drained when the test ended").isZero();
        assertThat(a.stats().frees()).isEqualTo(TestVmalloc.KVFREE_RCU_BATCH + 10L);
        assertThat(TestVmalloc.KVFREE_RCU_BATCH).as("pointers in a 4 KiB page after a 16-byte header").isEqualTo(510);
    }

    @Test
    void unmodelledTestsAreSkippedWithAReason() {
        assertThat(TestCase.PCPU.modelled()).isFalse();
        assertThat(TestCase.VM_MAP_RAM.modelled()).isFalse();
        assertThat(TestCase.PCPU.skipReason()).contains("per-cpu");
        assertThatThrownBy(() -> TestCase.PCPU.run(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(TestCase.values()).extracting(TestCase::bit)
                .containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048);
    }

    @Test
    void loopsRepeatThreadsAndNrPagesBelowOneBecomeOneAsTheKernelForcesThem() {
        SuiteConfig c = new SuiteConfig(7, 0, -3, 0, false, 1, 0, 4096, AddressSpace.x86_64(), 2);
        assertThat(c.loops()).isEqualTo(1);
        assertThat(c.repeat()).isEqualTo(1);
        assertThat(c.threads()).isEqualTo(1);
        assertThat(c.nrPages()).isEqualTo(1);
        assertThat(c.selected()).containsExactly(TestCase.FIX_SIZE, TestCase.FULL_FIT, TestCase.LONG_BUSY_LIST);
    }
}
