package io.vmapkit.reliability.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.event.FreeVmapAreaNoflushEvent;
import io.vmapkit.api.event.PurgeVmapAreaLazyEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.allocator.AllocatorConfig.LazyPurgeMode;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.reliability.support.Invariants;
import io.vmapkit.reliability.support.Providers;
import io.vmapkit.reliability.support.Watchdog;
import io.vmapkit.testsupport.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Targeted races between the lazy counter {@code vmap_lazy_nr} and the purge threshold
 * {@code lazy_max_pages} (docs/fidelity.md §7.1–§7.4): no purge is lost, the counter is never
 * negative, and once every thread has stopped it is not left above the threshold.
 */
class LazyCounterRaceTest {

    static final int PAGE = 4096;

    private static VmapAllocator allocator(String name, long lazyMax, LazyPurgeMode mode, VmapListener listener,
            ExecutorService drains) {
        AllocatorConfig.Builder b = AllocatorConfig.builder(AddressSpace.of("race", 0x10_0000L, 16L << 20, PAGE))
                .ncpus(1).lazyMaxPages(lazyMax).lazyPurgeMode(mode).listener(listener);
        if (drains != null) {
            b.drainExecutor(drains);
        }
        return b.build().createWith(Providers.allocator(name));
    }

    /**
     * The window the kernel's try-purge leaves open (§7.4: "gives up if another purge runs"): a
     * free crosses the threshold while a purge holds the purge lock (here kept busy by a slow
     * listener), so its try-purge gives up. When the running purge finishes it must notice the
     * counter above the threshold and purge again; otherwise the counter stays above the threshold
     * with nothing left to trigger a purge.
     */
    @ParameterizedTest
    @ValueSource(strings = {"free-tree", "busy-list", "vmap-nodes"})
    @Timeout(30)
    void aThresholdPurgeThatGaveUpIsNotLostWhenTheRunningPurgeFinishes(String name) throws Exception {
        CountDownLatch inPurge = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        VmapListener slow = new VmapListener() {
            @Override
            public void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
                if (first.getAndSet(false)) {
                    inPurge.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        VmapAllocator a = allocator(name, 8, LazyPurgeMode.SYNC, slow, null);
        List<VmapArea> areas = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            areas.add(a.allocate(PAGE)); // 2 pages each with the guard
        }
        a.free(areas.get(0));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            var purger = pool.submit(a::purgeLazy); // holds the purge lock inside the slow listener
            assertThat(inPurge.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < 6; i++) {
                a.free(areas.get(i)); // 10 lazy pages > 8: the try-purge finds the lock taken
            }
            assertThat(a.stats().lazyPages()).isEqualTo(10);
            release.countDown();
            assertThat(purger.get(10, TimeUnit.SECONDS)).isTrue();
            VmapStats s = a.stats();
            assertThat(s.lazyPages()).as("nobody frees any more: the counter must not stay above the threshold %s", s)
                    .isLessThanOrEqualTo(s.lazyMaxPages());
            assertThat(s.lazyPages()).isZero();
            assertThat(s.purges()).isEqualTo(2);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /**
     * Eight threads allocate and free at random on a space whose threshold is crossed all the time,
     * while a ninth samples the counter: it is never negative, always matches the lazy areas when
     * the allocator is quiet, every freed area is either purged or still lazy, and once the threads
     * have stopped (and, in BACKGROUND mode, the drains have run) the counter is at or below the
     * threshold.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"free-tree, SYNC", "busy-list, SYNC", "free-tree, BACKGROUND", "busy-list, BACKGROUND", "vmap-nodes, SYNC",
        "vmap-nodes, BACKGROUND"})
    @Timeout(120)
    void lazyCounterIsNeverNegativeNeverLosesAPurgeAndIsNotStuckAboveTheThreshold(String name, LazyPurgeMode mode)
            throws Exception {
        long seed = Seeds.seed("lazy counter race " + name + " " + mode);
        AtomicLong negative = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        VmapListener watch = new VmapListener() {
            @Override
            public void freeVmapAreaNoflush(FreeVmapAreaNoflushEvent event) {
                long nrLazy = event.nrLazy();
                if (nrLazy < 0) {
                    negative.incrementAndGet();
                }
            }
        };
        ExecutorService drains = mode == LazyPurgeMode.BACKGROUND ? Executors.newSingleThreadExecutor() : null;
        long lazyMax = 32;
        VmapAllocator a = allocator(name, lazyMax, mode, watch, drains);
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> crashes = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        // The workers start only once the sampler runs, so sampling overlaps the work even when the
        // scheduler would otherwise let 8 workers finish before the sampler's first step.
        CountDownLatch samplerRunning = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            long tseed = seed + t;
            threads.add(new Thread(() -> {
                SplittableRandom random = new SplittableRandom(tseed);
                List<VmapArea> mine = new ArrayList<>();
                try {
                    samplerRunning.await();
                    for (int i = 0; i < 20_000; i++) {
                        if (!mine.isEmpty() && (random.nextBoolean() || mine.size() > 40)) {
                            a.free(mine.remove(random.nextInt(mine.size())));
                        } else {
                            try {
                                mine.add(a.allocate(VmapRequest.builder((long) (1 + random.nextInt(4)) * PAGE)
                                        .flags(AllocFlag.NO_WARN).build()));
                            } catch (VmapAllocationException busy) {
                                // the space is small
                            }
                        }
                    }
                    mine.forEach(a::free);
                } catch (Throwable e) {
                    crashes.add(e);
                }
            }, "lazy-" + t));
        }
        Thread sampler = new Thread(() -> {
            do {
                VmapStats s = a.stats();
                samples.incrementAndGet();
                if (s.lazyPages() < 0 || s.lazyPages() != s.lazyBytes() / PAGE) {
                    negative.incrementAndGet();
                }
                samplerRunning.countDown();
            } while (!stop.get());
        }, "sampler");
        threads.forEach(Thread::start);
        sampler.start();
        Watchdog.joinAll(threads, 90, TimeUnit.SECONDS, "lazy counter race " + Seeds.replay(seed));
        stop.set(true);
        sampler.join();
        if (drains != null) {
            drains.shutdown();
            assertThat(drains.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        String ctx = name + " " + mode + " " + Seeds.replay(seed);
        assertThat(crashes).as(ctx).isEmpty();
        assertThat(negative).as("negative or inconsistent counter seen, %s", ctx).hasValue(0);
        assertThat(samples.get()).isPositive();
        VmapStats s = a.stats();
        assertThat(s.lazyPages()).as("stuck above the threshold after quiescence: %s, %s", s, ctx)
                .isLessThanOrEqualTo(lazyMax);
        assertThat(s.frees()).as("every freed area was purged or is still lazy: %s", s).isEqualTo(s.purgedAreas() + s.lazyAreas());
        assertThat(s.liveAreas()).isZero();
        Invariants.check(a, ctx);
        a.purgeLazy();
        assertThat(a.stats().freeBytes()).isEqualTo(a.stats().spaceBytes());
    }
}
