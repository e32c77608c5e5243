package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.event.PurgeVmapAreaLazyEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.allocator.AllocatorConfig.LazyPurgeMode;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** docs/fidelity.md §7 and §17 item 10: lazy free, the threshold, purges and the purge lock. */
class LazyPurgeTest {

    static final List<String> NAMES = Allocators.NAMES;

    private final RecordingListener events = new RecordingListener();

    /** §7.1: {@code lazy_max_pages = fls(ncpus) * 32 MiB / PAGE_SIZE}, the table for 1..127 CPUs. */
    @Test
    void lazyMaxPagesIsFlsOfCpusTimes32MiB() {
        long[][] table = {
            {1, 1, 8192}, {2, 3, 16384}, {4, 7, 24576}, {8, 15, 32768},
            {16, 31, 40960}, {32, 63, 49152}, {64, 127, 57344},
        };
        for (long[] row : table) {
            for (int ncpus = (int) row[0]; ncpus <= row[1]; ncpus++) {
                AllocatorConfig config = AllocatorConfig.builder(AddressSpace.x86_64()).ncpus(ncpus).build();
                assertThat(config.lazyMaxPages()).as("ncpus %d", ncpus).isEqualTo(row[2]);
                assertThat(Allocators.create("free-tree", config).stats().lazyMaxPages()).as("ncpus %d", ncpus).isEqualTo(row[2]);
            }
        }
        // MiB column of the table: pages * 4 KiB
        assertThat(AllocatorConfig.builder(AddressSpace.x86_64()).ncpus(64).build().lazyMaxPages() * PAGE).isEqualTo(224L << 20);
    }

    /** §7.2: a freed area is LAZY and its range unusable until a purge; the lazy counter counts its pages. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void freedAreaStaysUnusableUntilAPurge(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(16).listener(events).build());
        VmapArea first = a.allocate(3L * PAGE);
        a.allocate(11L * PAGE);
        a.free(first);

        assertThat(first.state()).isEqualTo(AreaState.LAZY);
        VmapStats s = a.stats();
        assertThat(s.lazyBytes()).isEqualTo(4L * PAGE);
        assertThat(s.lazyPages()).isEqualTo(4);
        assertThat(s.freeBytes()).isZero();
        assertThat(a.snapshot().ranges().get(0).kind()).isEqualTo(VmapSnapshot.Kind.LAZY);
        assertThat(events.events()).contains("lazy-free 100000 nr_lazy 4/8192");

        events.clear();
        VmapArea again = a.allocate(3L * PAGE);
        assertThat(again.start()).isEqualTo(first.start());
        assertThat(events.overflowSteps()).containsExactly("search failed", "purge purged", "search found");
        assertThat(first.state()).isEqualTo(AreaState.PURGED);
        assertThat(a.stats().lazyPages()).isZero();
    }

    /** §7.1: crossing the threshold (strictly greater) triggers a purge on the freeing thread. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void crossingLazyMaxPagesStrictlyTriggersAPurge(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(8).listener(events).build());
        List<VmapArea> areas = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            areas.add(a.allocate(PAGE)); // 2 pages each with the guard
        }
        for (int i = 0; i < 4; i++) {
            a.free(areas.get(i));
        }
        assertThat(a.stats().lazyPages()).isEqualTo(8);
        assertThat(a.stats().purges()).isZero();

        a.free(areas.get(4));

        VmapStats s = a.stats();
        assertThat(s.purges()).isEqualTo(1);
        assertThat(s.tlbFlushes()).isEqualTo(1);
        assertThat(s.purgedAreas()).isEqualTo(5);
        assertThat(s.lazyPages()).isZero();
        assertThat(events.events()).contains("lazy-free 108000 nr_lazy 10/8");
    }

    /** §7.3: one flush per non-empty purge over [min start, max end), live areas in between included; none for an empty one. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void onePurgeFlushesOnceOverTheUnionRangeAndAnEmptyPurgeNever(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).listener(events).build());
        VmapArea x = a.allocate(PAGE);      // [0x100000, 0x102000)
        VmapArea live = a.allocate(PAGE);   // stays live in the middle
        VmapArea y = a.allocate(2L * PAGE);
        VmapArea z = a.allocate(PAGE);
        a.free(z);
        a.free(x);
        a.free(y);
        events.clear();

        assertThat(a.purgeLazy()).isTrue();

        assertThat(events.purges).hasSize(1);
        assertThat(events.purges.get(0)).containsExactly(x.start(), z.end(), 3);
        assertThat(live.state()).isEqualTo(AreaState.LIVE);
        assertThat(a.stats().tlbFlushes()).isEqualTo(1);
        assertThat(a.stats().purges()).isEqualTo(1);

        assertThat(a.purgeLazy()).isFalse();
        assertThat(events.purges).hasSize(1);
        assertThat(a.stats().tlbFlushes()).isEqualTo(1);
        assertThat(a.stats().purges()).isEqualTo(1);
        assertThat(a.snapshot().violation()).isEmpty();
    }

    /** §7.3 step 5: a purge subtracts what it purged, so a free that happens meanwhile keeps its pages counted. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void purgeSubtractsOnlyThePagesItPurged(String name) {
        VmapArea[] late = new VmapArea[1];
        VmapAllocatorCore[] allocator = new VmapAllocatorCore[1];
        VmapListener freesDuringPurge = new VmapListener() {
            @Override
            public void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
                if (late[0].state() == AreaState.LIVE) {
                    allocator[0].free(late[0]);
                }
            }
        };
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).listener(freesDuringPurge).build());
        allocator[0] = a;
        VmapArea early = a.allocate(3L * PAGE);
        late[0] = a.allocate(PAGE);
        a.free(early);

        a.purgeLazy();

        assertThat(late[0].state()).isEqualTo(AreaState.LAZY);
        assertThat(a.stats().lazyPages()).isEqualTo(2);
        a.purgeLazy();
        assertThat(a.stats().lazyPages()).isZero();
    }

    /**
     * vmapkit's re-check on unlock (no lost threshold purge): the frees that crossed the threshold
     * while a purge held the lock gave up; the holder purges them when it unlocks, and then releases
     * the purge lock, so a threshold purge on another thread afterwards still runs.
     */
    @ParameterizedTest
    @FieldSource("NAMES")
    @Timeout(60)
    void rePurgeOnUnlockRunsTheLostPurgeAndReleasesThePurgeLock(String name) throws Exception {
        PurgeGate gate = new PurgeGate();
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(4).listener(gate).build());
        VmapArea first = a.allocate(PAGE);
        List<VmapArea> more = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            more.add(a.allocate(PAGE));
        }
        a.free(first);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> holder = pool.submit(a::purgeLazy);
            assertThat(gate.awaitPurging()).isTrue();
            for (VmapArea m : more.subList(0, 3)) {
                a.free(m); // 3 x 2 pages = 6 > 4: each try-purge finds the lock taken and gives up
            }
            assertThat(a.stats().lazyPages()).isEqualTo(6);
            gate.open();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
            // the holder's own purge (first) and its re-purge on unlock (the 3 areas): 2 flushes
            assertThat(a.stats().tlbFlushes()).as("the holder re-purged on unlock").isEqualTo(2);
            assertThat(a.stats().lazyPages()).isZero();

            for (VmapArea m : more.subList(3, 6)) {
                a.free(m); // 6 > 4 again, now on this thread: the try-purge must find the lock free
            }
            assertThat(a.stats().lazyPages()).as("the purge lock was released after the re-purge").isZero();
            assertThat(a.stats().tlbFlushes()).isEqualTo(3);
            assertThat(a.purgeLockQueueLength()).isZero();
        } finally {
            gate.open();
            pool.shutdownNow();
        }
    }

    /** §7.4: the threshold purge try-locks and gives up while another purge runs; the synchronous purge waits. */
    @ParameterizedTest
    @FieldSource("NAMES")
    @Timeout(30)
    void thresholdPurgeGivesUpWhileAPurgeRunsAndSynchronousPurgeWaits(String name) throws Exception {
        PurgeGate gate = new PurgeGate();
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(4).listener(gate).build());
        VmapArea first = a.allocate(PAGE);
        List<VmapArea> more = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            more.add(a.allocate(PAGE));
        }
        a.free(first);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> holder = pool.submit(a::purgeLazy);
            assertThat(gate.awaitPurging()).isTrue();

            for (VmapArea m : more) {
                a.free(m); // 6 lazy pages > 4: the try-purge finds the purge lock taken and gives up
            }
            assertThat(a.stats().lazyPages()).isEqualTo(6);
            assertThat(more).allSatisfy(m -> assertThat(m.state()).isEqualTo(AreaState.LAZY));

            Future<Boolean> waiter = pool.submit(a::purgeLazy);
            // poll until the waiter is queued on the purge lock: a fixed sleep would prove nothing
            // if the waiter had not started yet
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (a.purgeLockQueueLength() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(a.purgeLockQueueLength()).as("the synchronous purge waits for the purge lock").isEqualTo(1);
            assertThat(waiter.isDone()).as("the synchronous purge waits for the running one").isFalse();

            gate.open();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(a.stats().lazyPages()).isZero();
            assertThat(a.stats().tlbFlushes()).isEqualTo(2);
        } finally {
            gate.open();
            pool.shutdownNow();
        }
    }

    /**
     * vmapkit improvement over §7.4: a threshold purge that gave up because a purge held the lock is
     * not lost; the running purge re-checks the counter when it releases the lock and purges again.
     */
    @ParameterizedTest
    @FieldSource("NAMES")
    @Timeout(30)
    void thresholdPurgeThatGaveUpIsRunByThePurgeThatHeldTheLock(String name) throws Exception {
        PurgeGate gate = new PurgeGate();
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(4).listener(gate).build());
        VmapArea first = a.allocate(PAGE);
        List<VmapArea> more = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            more.add(a.allocate(PAGE));
        }
        a.free(first);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> holder = pool.submit(a::purgeLazy);
            assertThat(gate.awaitPurging()).isTrue();
            for (VmapArea m : more) {
                a.free(m); // 6 lazy pages > 4: the try-purge gives up
            }
            assertThat(a.stats().lazyPages()).isEqualTo(6);
            gate.open();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(a.stats().lazyPages()).as("nobody else will purge: the holder did").isZero();
            assertThat(a.stats().tlbFlushes()).isEqualTo(2);
            assertThat(more).allSatisfy(m -> assertThat(m.state()).isEqualTo(AreaState.PURGED));
        } finally {
            gate.open();
            pool.shutdownNow();
        }
    }

    /** §7.2, 5.4+: in BACKGROUND mode the free schedules one drain on the executor, which purges. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void backgroundModeSchedulesOneDrainThatPurgesWhileOverTheThreshold(String name) {
        List<Runnable> queued = new ArrayList<>();
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(4)
                .lazyPurgeMode(LazyPurgeMode.BACKGROUND).drainExecutor(queued::add).build());
        List<VmapArea> areas = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            areas.add(a.allocate(PAGE));
        }
        for (VmapArea x : areas) {
            a.free(x);
        }
        assertThat(a.stats().lazyPages()).isEqualTo(10);
        assertThat(a.stats().purges()).isZero();
        assertThat(queued).hasSize(1);

        queued.remove(0).run();

        assertThat(a.stats().lazyPages()).isZero();
        assertThat(a.stats().purges()).isEqualTo(1);
        assertThat(queued).isEmpty();
        a.free(a.allocate(PAGE));
        assertThat(queued).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    @Timeout(30)
    void backgroundModeDefaultsToTheCommonPool(String name) throws InterruptedException {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(2)
                .lazyPurgeMode(LazyPurgeMode.BACKGROUND).build());
        VmapArea x = a.allocate(PAGE);
        VmapArea y = a.allocate(PAGE);
        a.free(x);
        a.free(y);
        while (a.stats().lazyPages() != 0) {
            Thread.sleep(5);
        }
        assertThat(y.state()).isEqualTo(AreaState.PURGED);
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void backgroundModeFallsBackToATryPurgeWhenTheExecutorRejects(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(2)
                .lazyPurgeMode(LazyPurgeMode.BACKGROUND).drainExecutor(task -> {
                    throw new java.util.concurrent.RejectedExecutionException("shut down");
                }).build());
        VmapArea x = a.allocate(PAGE);
        VmapArea y = a.allocate(PAGE);
        a.free(x);
        a.free(y);
        assertThat(a.stats().lazyPages()).isZero();
        assertThat(a.stats().purges()).isEqualTo(1);
    }

    /** §6 / §17 item 4: the guard page is in the lazy counter too. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void lazyCounterCountsTheGuardPage(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).build());
        VmapArea guarded = a.allocate(PAGE);
        VmapArea bare = a.allocate(VmapRequest.builder(PAGE).flags(io.vmapkit.api.vmap.AllocFlag.NO_GUARD).build());
        a.free(guarded);
        assertThat(a.stats().lazyPages()).isEqualTo(2);
        a.free(bare);
        assertThat(a.stats().lazyPages()).isEqualTo(3);
    }
}
