package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.allocator.page.PagePoolSettings;
import io.vmapkit.api.Errno;
import io.vmapkit.api.Registration;
import io.vmapkit.api.event.PurgeVmapAreaLazyEvent;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.RegistrationException;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.testsupport.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * End to end: each kernel preset drives a real {@link VmapSystem} (real providers found by
 * discovery, the allocator chosen by the preset) through a case whose outcome the preset changes,
 * next to the same case under vmapkit's defaults. Tests that use an unlimited round cap run under a
 * timeout, as docs/fidelity.md §5.3 asks.
 */
class KernelPresetSystemTest {

    private static final long PAGE = 4096;
    private static final long START = Fixtures.START;
    private static final long SIZE = Fixtures.SIZE;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A 1024-page system with no allocator named: the preset (or priority) chooses it. */
    private static VmapKit.Builder kit(String kernel) {
        return VmapKit.builder()
                .ignoreSystemProperties()
                .configure(c -> c.addressSpace(AddressSpace.of(START, SIZE)).notifier("default").pagePool("default")
                        .set(PagePoolSettings.PAGES, 1024L).ncpus(1))
                .kernel(kernel);
    }

    private static VmapRequest noGuard(long pages) {
        return VmapRequest.builder(pages * PAGE).flags(AllocFlag.NO_GUARD).build();
    }

    /** Fills all but two pages of the space with one guard-less area. */
    private static VmapArea fill(VmapSystem system) {
        return system.allocator().allocate(noGuard(SIZE / PAGE - 2));
    }

    @Test
    void underKernel47ALyingBlockLoopsUntilItReallyFreesWhereTheDefaultStopsAtTheRoundCap() {
        int lies = 20;
        for (String kernel : new String[] {"none", "4.7"}) {
            try (VmapSystem system = kit(kernel).build()) {
                system.start();
                VmapArea big = fill(system);
                AtomicInteger calls = new AtomicInteger();
                system.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("liar", 0, (action, event) -> {
                    if (calls.incrementAndGet() > lies) {
                        system.allocator().free(big);
                    }
                    event.add(1);
                    return Notify.DONE;
                }));
                VmapRequest r = VmapRequest.builder(4 * PAGE).flags(AllocFlag.NO_WARN).build();

                if (kernel.equals("none")) {
                    VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class,
                            () -> system.allocator().allocate(r));
                    assertThat(e.errno()).isEqualTo(Errno.EBUSY);
                    assertThat(e.roundCapReached()).isTrue();
                    assertThat(e.claimedProgress()).containsExactly("liar");
                    assertThat(calls.get()).isEqualTo(8);
                } else {
                    VmapArea a = assertTimeoutPreemptively(TIMEOUT, () -> system.allocator().allocate(r));
                    assertThat(calls.get()).as("the kernel loops while freed > 0").isEqualTo(lies + 1);
                    assertThat(a.start()).isEqualTo(START);
                    assertThat(system.allocator().stats().notifierRounds()).isEqualTo(lies + 1);
                }
            }
        }
    }

    @Test
    void underKernel47ARequestLargerThanItsWindowRunsTheNotifierAndFailsWithEbusy() {
        for (String kernel : new String[] {"none", "4.7"}) {
            try (VmapSystem system = kit(kernel).build()) {
                system.start();
                AtomicInteger calls = new AtomicInteger();
                system.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("cache", 0, (action, event) -> {
                    calls.incrementAndGet();
                    return Notify.DONE;
                }));
                VmapRequest tooBig = VmapRequest.builder(2 * PAGE).window(START, START + 2 * PAGE)
                        .flags(AllocFlag.NO_WARN).build();

                if (kernel.equals("none")) {
                    VmapStats before = system.allocator().stats();
                    assertThatThrownBy(() -> system.allocator().allocate(tooBig)).isInstanceOf(IllegalArgumentException.class);
                    assertThat(calls.get()).isZero();
                    assertThat(system.allocator().stats()).isEqualTo(before);
                } else {
                    VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class,
                            () -> system.allocator().allocate(tooBig));
                    assertThat(e.errno()).isEqualTo(Errno.EBUSY);
                    assertThat(calls.get()).as("purge, then the chain, in vain").isEqualTo(1);
                    assertThat(system.allocator().stats().allocationFailures()).isEqualTo(1);
                }
            }
        }
    }

    /**
     * Kernel 6.9 chooses {@code vmap-nodes} (docs/fidelity.md 18-e, {@code mm/vmalloc.c} v6.9
     * {@code node_pool_add_va} / {@code node_pool_del_va}): on a 64-bit space with 4 CPUs (4 nodes)
     * three purged 1-page areas (2 pages with the guard, at pages 0, 2, 4) sit in the pool of this
     * thread's node, head first 4, 2, 0, and the next 1-page request takes page 4. On a 32-bit
     * space there is one node (18-b, 18-m) and the lowest fit, page 0, is taken.
     */
    @Test
    void underKernel69TheAllocatorIsVmapNodesWhosePoolsHandBackTheHighestPurgedAreaOn64Bit() {
        long start64 = 0xffff_c900_0000_0000L;
        for (long start : new long[] {start64, START}) {
            try (VmapSystem system = VmapKit.builder().ignoreSystemProperties()
                    .configure(c -> c.addressSpace(AddressSpace.of(start, SIZE)).notifier("default").pagePool("default")
                            .set(PagePoolSettings.PAGES, 1024L).ncpus(4))
                    .kernel("6.9").build()) {
                system.start();
                assertThat(system.allocator().name()).isEqualTo("vmap-nodes");
                VmapRequest onePage = VmapRequest.of(PAGE);
                VmapArea[] three = {system.allocator().allocate(onePage), system.allocator().allocate(onePage),
                    system.allocator().allocate(onePage)};
                for (VmapArea a : three) {
                    system.allocator().free(a);
                }
                system.allocator().purgeLazy();
                long expected = start == start64 ? start + 4 * PAGE : start;
                assertThat(system.allocator().allocate(onePage).start()).as(Long.toHexString(start)).isEqualTo(expected);
            }
        }
    }

    @Test
    void underKernel47TheAllocatorIsBusyListKernelWhichSkipsAnExactSizeHoleBelowTheHint() {
        for (String kernel : new String[] {"none", "4.7"}) {
            try (VmapSystem system = kit(kernel).build()) {
                system.start();
                VmapArea x = system.allocator().allocate(noGuard(1));
                system.allocator().allocate(noGuard(1));
                system.allocator().allocate(noGuard(2));
                system.allocator().free(x);
                system.allocator().purgeLazy();               // a one-page hole at page 0
                VmapArea d = system.allocator().allocate(noGuard(2));
                assertThat(d.start()).isEqualTo(START + 4 * PAGE);

                VmapArea one = system.allocator().allocate(noGuard(1));

                if (kernel.equals("none")) {
                    assertThat(system.allocator().name()).isEqualTo("free-tree");
                    assertThat(one.start()).as("lowest fit: the hole").isEqualTo(START);
                } else {
                    assertThat(system.allocator().name()).isEqualTo("busy-list-kernel");
                    assertThat(one.start()).as("size < cached_hole_size is false: the hint stays").isEqualTo(START + 6 * PAGE);
                }
            }
        }
    }

    @Test
    void underKernel52TheFreeTreeSearchesWithSizePlusAlignMinusOneAndSkipsAnExactSizeBlock() {
        for (String kernel : new String[] {"none", "5.2"}) {
            try (VmapSystem system = kit(kernel).build()) {
                system.start();
                VmapArea hole = system.allocator().allocate(noGuard(2));
                system.allocator().allocate(noGuard(1));
                system.allocator().free(hole);
                system.allocator().purgeLazy();

                VmapArea a = system.allocator().allocate(VmapRequest.builder(2 * PAGE).align(PAGE)
                        .flags(AllocFlag.NO_GUARD).build());

                assertThat(system.allocator().name()).isEqualTo("free-tree");
                assertThat(a.start()).as(kernel).isEqualTo(kernel.equals("5.2") ? START + 3 * PAGE : START);
            }
        }
    }

    @Test
    void underKernel52ADuplicateRegistrationWarnsAndIsIgnoredWhereTheDefaultAnd6xFailWithEexist() {
        NotifierBlock<VmapPurgeEvent> block = NotifierBlock.of("twice", 0, (action, event) -> Notify.DONE);
        for (String kernel : new String[] {"none", "5.2", "6.x"}) {
            try (VmapSystem system = kit(kernel).build(); LogCapture log = new LogCapture("io.vmapkit.notifier.chain")) {
                system.start();
                system.purgeChain().register(block);

                if (kernel.equals("5.2")) {
                    Registration again = system.purgeChain().register(block);
                    assertThat(system.purgeChain().blocks()).containsExactly(block);
                    assertThat(log.atLeast(Level.WARNING)).anySatisfy(r ->
                            assertThat(r.getMessage()).contains("double register detected", "twice"));
                    again.close();
                    assertThat(system.purgeChain().blocks()).as("the ignored handle does nothing").containsExactly(block);
                } else {
                    assertThatThrownBy(() -> system.purgeChain().register(block)).as(kernel)
                            .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
                    assertThat(system.purgeChain().blocks()).containsExactly(block);
                }
            }
        }
    }

    @Test
    void underKernel6xANonBlockingRequestCallsTheNotifierWhereTheGfpGuardOfEarlierEraSkipsIt() {
        for (String kernel : new String[] {"none", "4.7", "5.2", "6.x"}) {
            try (VmapSystem system = kit(kernel).build()) {
                system.start();
                VmapArea big = fill(system);
                AtomicInteger calls = new AtomicInteger();
                system.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("cache", 0, (action, event) -> {
                    if (calls.incrementAndGet() == 1) {
                        system.allocator().free(big);
                        event.add(1);
                    }
                    return Notify.DONE;
                }));
                VmapRequest atomic = VmapRequest.builder(4 * PAGE).flags(AllocFlag.NON_BLOCKING, AllocFlag.NO_WARN).build();

                if (kernel.equals("6.x")) {
                    VmapArea a = assertTimeoutPreemptively(TIMEOUT, () -> system.allocator().allocate(atomic));
                    assertThat(a.start()).isEqualTo(START);
                    assertThat(calls.get()).isEqualTo(1);
                } else {
                    VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class,
                            () -> system.allocator().allocate(atomic));
                    assertThat(e.errno()).as(kernel).isEqualTo(Errno.EBUSY);
                    assertThat(calls.get()).as(kernel + ": 4.7 to ≈5.14 skip the chain").isZero();
                }
            }
        }
    }

    @Test
    void underKernel6xThresholdPurgesRunOnTheDrainWorkerNotOnTheFreeingThread() {
        for (String kernel : new String[] {"none", "6.x"}) {
            List<Runnable> drains = new ArrayList<>();
            try (VmapSystem system = kit(kernel).configure(c -> c.set(AllocatorSettings.LAZY_MAX_PAGES, 4L)).drainExecutor(drains::add).build()) {
                system.start();
                List<VmapArea> areas = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    areas.add(system.allocator().allocate(noGuard(2)));
                }

                areas.forEach(system.allocator()::free);          // 6 lazy pages > lazy_max_pages 4

                if (kernel.equals("none")) {
                    assertThat(system.allocator().stats().lazyPages()).as("the freeing thread purged").isZero();
                    assertThat(drains).isEmpty();
                } else {
                    assertThat(system.allocator().stats().lazyPages()).as("still lazy until the worker runs").isEqualTo(6);
                    assertThat(drains).hasSize(1);
                    drains.remove(0).run();
                    assertThat(system.allocator().stats().lazyPages()).isZero();
                    assertThat(system.allocator().stats().purges()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void underAPresetAThrowingBlockIsNeverQuarantinedWhereTheDefaultQuarantinesItAfterThreeFailures() {
        for (String kernel : new String[] {"none", "5.2"}) {
            try (VmapSystem system = kit(kernel).build()) {
                system.start();
                fill(system);
                AtomicInteger calls = new AtomicInteger();
                NotifierBlock<VmapPurgeEvent> broken = NotifierBlock.of("broken", 0, (action, event) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("broken on purpose");
                });
                system.purgeChain().register(broken);

                for (int i = 0; i < 5; i++) {
                    assertThatThrownBy(() -> system.allocator().allocate(VmapRequest.builder(4 * PAGE)
                            .flags(AllocFlag.NO_WARN).build())).isInstanceOf(VmapAllocationException.class);
                }

                if (kernel.equals("none")) {
                    assertThat(calls.get()).isEqualTo(3);
                    assertThat(system.purgeChain().isQuarantined(broken)).isTrue();
                } else {
                    assertThat(calls.get()).as("called on every walk, as in the kernel").isEqualTo(5);
                    assertThat(system.purgeChain().isQuarantined(broken)).isFalse();
                }
            }
        }
    }

    @Test
    void underAPresetThePagePoolRetriesTheOomChainUntilACallbackReallyFreesWhereTheDefaultStopsAtItsCap() {
        int lies = 12;
        for (String kernel : new String[] {"none", "4.7"}) {
            try (VmapSystem system = kit(kernel).build()) {
                system.start();
                PageRun all = system.pagePool().allocate(system.pagePool().totalPages());
                AtomicInteger calls = new AtomicInteger();
                AtomicReference<PageRun> held = new AtomicReference<>(all);
                system.oomChain().register(NotifierBlock.<OomEvent>of("oom-liar", 0, (action, event) -> {
                    if (calls.incrementAndGet() > lies && held.get() != null) {
                        system.pagePool().free(held.getAndSet(null));
                    }
                    event.add(1);
                    return Notify.OK;
                }));

                if (kernel.equals("none")) {
                    PageAllocationException e = catchThrowableOfType(PageAllocationException.class,
                            () -> system.pagePool().allocate(1));
                    assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
                    assertThat(calls.get()).isEqualTo(8);
                } else {
                    PageRun one = assertTimeoutPreemptively(TIMEOUT, () -> system.pagePool().allocate(1));
                    assertThat(one).isNotNull();
                    assertThat(calls.get()).isEqualTo(lies + 1);
                }
            }
        }
    }

    /**
     * The shrinker arithmetic follows the preset (hand-computed in the notifier module's
     * ShrinkArithmeticByEraTest): a 1000-object cache whose first three passes at priority 0 stop at
     * once builds a deferred backlog, then a priority-6 pass scans. 4.7 (the 3.12–4.15 form) and 5.2
     * (4.16–5.12) never cap the backlog: 5644 and 5646 are left; 6.x and the default (5.13+) cap it at
     * 2 * 1000 = 2000.
     */
    @Test
    void eachPresetRunsItsErasShrinkerArithmetic() {
        for (String[] c : new String[][] {{"none", "2000"}, {"4.7", "5644"}, {"5.2", "5646"}, {"6.x", "2000"}}) {
            try (VmapSystem system = kit(c[0]).build()) {
                system.start();
                AtomicInteger scans = new AtomicInteger();
                io.vmapkit.api.shrinker.Shrinker cache = new io.vmapkit.api.shrinker.Shrinker() {
                    @Override
                    public long countObjects(io.vmapkit.api.shrinker.ShrinkControl sc) {
                        return 1000;
                    }

                    @Override
                    public long scanObjects(io.vmapkit.api.shrinker.ShrinkControl sc) {
                        return scans.incrementAndGet() <= 3 ? SHRINK_STOP : sc.nrToScan();
                    }
                };
                system.shrinkers().register(cache);
                for (int i = 0; i < 3; i++) {
                    system.shrinkers().shrinkSlab(0);
                }
                system.shrinkers().shrinkSlab(6);
                assertThat(system.shrinkers().deferred(cache)).as("kernel " + c[0]).isEqualTo(Long.parseLong(c[1]));
            }
        }
    }

    /**
     * 4.7's overflow exit warns whatever the gfp flags (no {@code __GFP_NOWARN} test before ≈4.12);
     * the default and 6.x honour NO_WARN.
     */
    @Test
    void underKernel47NoWarnDoesNotSilenceTheOverflowWarningWhereTheDefaultAnd6xHonourIt() {
        for (String kernel : new String[] {"none", "4.7", "6.x"}) {
            try (VmapSystem system = kit(kernel).build(); LogCapture log = new LogCapture("io.vmapkit.allocator")) {
                system.start();
                fill(system);
                VmapRequest quiet = VmapRequest.builder(4 * PAGE).flags(AllocFlag.NO_WARN).build();
                assertThatThrownBy(() -> system.allocator().allocate(quiet)).isInstanceOf(VmapAllocationException.class);
                List<String> warnings = log.atLeast(Level.WARNING).stream().map(r -> r.getMessage())
                        .filter(m -> m.startsWith("vmap allocation for size")).toList();
                assertThat(warnings).as(kernel).hasSize(kernel.equals("4.7") ? 1 : 0);
            }
        }
    }

    /** 6.x reports an empty purge too (start ULONG_MAX, end 0, npurged 0); the default and 5.2 do not. */
    @Test
    void underKernel6xAnEmptyPurgeIsReportedWhereTheDefaultAnd52StaySilent() {
        for (String kernel : new String[] {"none", "5.2", "6.x"}) {
            List<long[]> purges = new java.util.concurrent.CopyOnWriteArrayList<>();
            io.vmapkit.api.event.VmapListener recorder = new io.vmapkit.api.event.VmapListener() {
                @Override
                public void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
                    long start = event.start();
                    long end = event.end();
                    long npurged = event.npurged();
                    purges.add(new long[] {start, end, npurged});
                }
            };
            try (VmapSystem system = kit(kernel).listener(recorder).build()) {
                system.start();
                assertThat(system.allocator().purgeLazy()).isFalse();
                if (kernel.equals("6.x")) {
                    assertThat(purges).hasSize(1);
                    assertThat(purges.get(0)).containsExactly(-1L, 0L, 0L);
                } else {
                    assertThat(purges).as(kernel).isEmpty();
                }
                assertThat(system.allocator().stats().tlbFlushes()).isZero();
            }
        }
    }
}
