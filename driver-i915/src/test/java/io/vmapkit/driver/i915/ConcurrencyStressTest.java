package io.vmapkit.driver.i915;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.VmapException;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.ManualClock;
import io.vmapkit.testkit.Pressure;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many threads at once: eight driver threads take struct_mutex and pin, map, bind, submit and close
 * their objects (their pin_maps and page allocations run the notifier and the shrinker, which steal
 * the lock), while four reclaim threads that never hold struct_mutex run shrink passes, vmap purge
 * rounds and OOM rounds (which trylock, give up, or wait on the model clock). Afterwards: no thread
 * failed or hung, pinned objects kept their pages and mappings throughout, the model is consistent,
 * and closing the system leaves nothing behind.
 *
 * <p>Iterations per thread: {@code -Dvmapkit.i915.stress.iterations} (default 1500); seed
 * {@code -Dvmapkit.seed}.
 */
class ConcurrencyStressTest {

    private static final int DRIVER_THREADS = 8;
    private static final int RECLAIM_THREADS = 4;

    @ParameterizedTest(name = "era {0}")
    @ValueSource(strings = {"4.7", "4.9"})
    void driverAndReclaimThreadsRaceWithoutLosingPinnedPagesOrDeadlocking(String era) throws Exception {
        int iterations = Integer.getInteger("vmapkit.i915.stress.iterations", 1500);
        long seed = Long.getLong("vmapkit.seed", new SplittableRandom().nextLong());
        System.out.println("stress era " + era + " seed " + seed + " iterations " + iterations);
        I915Plugin i915 = new I915Plugin();
        VmapSystem s = VmapKit.builder().ignoreSystemProperties().clock(new ManualClock()).plugin(i915)
                .addressSpace(AddressSpace.of("test", 0x1000_0000L, 512L << 10, 4096))
                .configure(c -> c.set("vmapkit.page-pool.pages", "384").pluginSetting("i915", "era", era)).start();
        Device d = Gem.installed(s).device();
        Pressure pressure = new Pressure(s);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong checkedPins = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch driversDone = new CountDownLatch(DRIVER_THREADS);
        List<Thread> threads = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(seed);
        for (int t = 0; t < DRIVER_THREADS; t++) {
            SplittableRandom rnd = root.split();
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    drive(d, rnd, iterations, checkedPins);
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    driversDone.countDown();
                }
            }, "driver-" + t));
        }
        for (int t = 0; t < RECLAIM_THREADS; t++) {
            SplittableRandom rnd = root.split();
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    while (driversDone.getCount() > 0) {
                        switch (rnd.nextInt(3)) {
                            case 0 -> pressure.shrinkSlab(rnd.nextInt(13));
                            case 1 -> pressure.purgeRound(4096L * (1 + rnd.nextInt(16)));
                            default -> pressure.oomRound(8);
                        }
                        Thread.yield();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "reclaim-" + t));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(120));
            assertThat(t.isAlive()).as("%s hung (seed %d)", t.getName(), seed).isFalse();
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("seed " + seed + ": " + failures.size() + " thread(s) failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        assertThat(checkedPins.get()).isPositive();
        Gem.locked(d, () -> Gem.assertConsistent(d));
        System.out.println("  " + d.stats().snapshot());
        assertThat(d.stats().lockSteals.sum()).as("reclaim ran inside driver threads").isPositive();
        s.close();
        assertThat(s.purgeChain().isEmpty()).isTrue();
        assertThat(s.shrinkers().shrinkers()).isEmpty();
        assertThat(s.pagePool().freePages()).isEqualTo(s.pagePool().totalPages());
    }

    private static void drive(Device d, SplittableRandom rnd, int iterations, AtomicLong checkedPins) {
        List<GemObject> mine = new ArrayList<>();
        GemContext ctx = Gem.locked(d, () -> d.createContext(1, 2, 256));
        for (int i = 0; i < iterations; i++) {
            d.structMutex().lock();
            try {
                if (mine.size() < 6 || rnd.nextInt(20) == 0) {
                    mine.add(d.createObject(rnd.nextInt(5) == 0 ? 1 : 2 + rnd.nextInt(20)));
                    continue;
                }
                GemObject o = mine.get(rnd.nextInt(mine.size()));
                if (!d.madvise(o, Madv.WILLNEED)) {
                    d.close(o);
                    mine.remove(o);
                    continue;
                }
                switch (rnd.nextInt(10)) {
                    case 0, 1, 2, 3, 4 -> {
                        try {
                            Mapping m = d.pinMap(o, rnd.nextInt(5) == 0 ? MapType.WC : MapType.WB);
                            PageRun pages = o.pages;
                            Vma vma = d.bind(o);
                            d.pinVma(vma);
                            d.submit(ctx, List.of(o), 1 + rnd.nextInt(20));
                            assertPinned(o, m, pages);
                            d.unpinVma(vma);
                            assertPinned(o, m, pages);
                            d.unpinMap(o);
                            checkedPins.incrementAndGet();
                        } catch (VmapException e) {
                            // EBUSY (space or type clash) or ENOMEM: the ioctl fails
                        }
                    }
                    case 5 -> d.madvise(o, Madv.DONTNEED);
                    case 6, 7 -> {
                        d.advanceGpu(rnd.nextInt(40));
                        d.retireRequests();
                    }
                    case 8 -> {
                        if (o.vma != null) {
                            d.unbind(o.vma);
                        }
                    }
                    default -> {
                        d.close(o);
                        mine.remove(o);
                    }
                }
            } finally {
                d.structMutex().unlock();
            }
        }
        Gem.locked(d, () -> {
            mine.forEach(d::close);
            d.destroyContext(ctx);
        });
    }

    private static void assertPinned(GemObject o, Mapping m, PageRun pages) {
        if (o.pages != pages || pages.isFreed() || o.mapping() != m || (m.isVmap() && m.area().state() != AreaState.LIVE)) {
            throw new AssertionError("pinned " + o + " lost its pages or mapping " + m);
        }
    }
}
