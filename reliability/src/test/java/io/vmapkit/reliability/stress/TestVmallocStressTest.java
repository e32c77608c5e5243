package io.vmapkit.reliability.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.allocator.page.PagePoolSettings;
import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.api.VmapException;
import io.vmapkit.api.event.VmapAllocFailedEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.workloads.testvmalloc.Suite;
import io.vmapkit.workloads.testvmalloc.SuiteConfig;
import io.vmapkit.workloads.testvmalloc.SuiteResult;
import io.vmapkit.workloads.testvmalloc.TestCase;
import io.vmapkit.driver.i915.I915Plugin;
import io.vmapkit.plugins.examples.audit.PressureAudit;
import io.vmapkit.plugins.examples.audit.PressureAuditPlugin;
import io.vmapkit.plugins.examples.balloon.Balloon;
import io.vmapkit.plugins.examples.balloon.BalloonPlugin;
import io.vmapkit.plugins.examples.lru.Lease;
import io.vmapkit.plugins.examples.lru.LruMappingCache;
import io.vmapkit.plugins.examples.lru.LruMappingCachePlugin;
import io.vmapkit.plugins.examples.msm.MsmDriver;
import io.vmapkit.plugins.examples.msm.MsmObject;
import io.vmapkit.plugins.examples.msm.MsmPlugin;
import io.vmapkit.reliability.support.CachingPlugin;
import io.vmapkit.reliability.support.Invariants;
import io.vmapkit.reliability.support.Watchdog;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testsupport.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel's stress style (lib/test_vmalloc.c, "test_vmalloc.sh stress"): N
 * test_vmalloc workers — the cli's port, every modelled test, each worker in its own shuffled order
 * — run at once with the plugins that free under pressure (i915 with its workload, msm, the LRU
 * mapping cache, the balloon, the pressure audit, and a test cache confined to a window of the
 * space), each driven by its own thread, on a 48 MiB space with a 256-page purge threshold, so the
 * overflow path, threshold purges and notifier rounds run constantly. Workers and drivers must all
 * finish (a thread still running at the deadline fails the test with a thread dump); the suite's
 * own per-test checks must pass; after quiescing and a final purge there are no overlapping areas,
 * nothing lies outside its window, live + lazy + free bytes make up the space, the lazy counter is
 * 0; and after closing the system (plugins uninstalled, leftovers freed) and one more purge the
 * whole space and the whole page pool are free again.
 *
 * <p>{@code -Dvmapkit.reliability.stress.loops} sets {@code test_loop_count} (each test repeats 3 times; default 1,000; the
 * {@code reliability-long} profile uses 2,000) and {@code -Dvmapkit.reliability.stress.rounds}
 * how many times each configuration runs (default 1, long 5); {@code -Dvmapkit.seed} replays the
 * seeds (thread scheduling still varies).
 */
class TestVmallocStressTest {

    static final long LOOPS = Seeds.longProperty("vmapkit.reliability.stress.loops", 1000);
    static final long ROUNDS = Seeds.longProperty("vmapkit.reliability.stress.rounds", 1);
    static final int PAGE = 4096;
    static final long SPACE_START = 0x7fff_ff00_0000_0000L;
    static final long SPACE_SIZE = 48L << 20;

    @ParameterizedTest(name = "{0} threads, {1}")
    @CsvSource({"8, free-tree", "32, free-tree", "8, busy-list", "32, busy-list", "8, vmap-nodes", "32, vmap-nodes"})
    void testVmallocWorkersWithPluginsThatFreeUnderPressureKeepEveryInvariant(int threads, String allocator)
            throws Exception {
        for (long round = 0; round < ROUNDS; round++) {
            runOnce(threads, allocator, Seeds.seed("stress " + threads + " threads " + allocator + " round " + round));
        }
    }

    private void runOnce(int threads, String allocator, long seed) throws Exception {
        AddressSpace space = AddressSpace.of("stress", SPACE_START, SPACE_SIZE, PAGE);
        long[] window = {SPACE_START + SPACE_SIZE * 3 / 4, SPACE_START + SPACE_SIZE};
        CachingPlugin windowed = new CachingPlugin("cache-hi", 6, window, UnaryOperator.identity(), UnaryOperator.identity());
        I915Plugin i915 = new I915Plugin();
        MsmPlugin msmPlugin = new MsmPlugin();
        LruMappingCachePlugin lruPlugin = new LruMappingCachePlugin();
        BalloonPlugin balloonPlugin = new BalloonPlugin();
        PressureAuditPlugin auditPlugin = new PressureAuditPlugin();
        AtomicLong failedAllocations = new AtomicLong();
        VmapListener counting = new VmapListener() {
            @Override
            public void vmapAllocFailed(VmapAllocFailedEvent event) {
                failedAllocations.incrementAndGet();
            }
        };
        String ctx = threads + " threads, " + allocator + ", " + Seeds.replay(seed);
        VmapSystem system = VmapKit.builder().ignoreSystemProperties()
                .addressSpace(space).allocator(allocator).ncpus(2)
                .configure(c -> c.set(AllocatorSettings.LAZY_MAX_PAGES, 256L).set(PagePoolSettings.PAGES, 16_384L)
                        .pluginSetting("i915", "lock-timeout-ms", "20")
                        .pluginSetting("i915", "hz", "1000")
                        .pluginSetting("lru-mapping-cache", "capacity", "48")
                        .pluginSetting("balloon", "share", "0.1")
                        .pluginSetting("balloon", "reinflate-after-ms", "5"))
                .listener(counting)
                .plugins(List.of(i915, msmPlugin, lruPlugin, balloonPlugin, auditPlugin, windowed))
                .start();
        try {
            assertThat(system.installedPlugins()).as(ctx)
                    .containsExactlyInAnyOrder("i915", "msm", "lru-mapping-cache", "balloon", "pressure-audit", "cache-hi");
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> crashes = Collections.synchronizedList(new ArrayList<>());
            List<Thread> drivers = new ArrayList<>();
            MsmDriver msm = system.installed(MsmDriver.class).orElseThrow();
            LruMappingCache lru = system.installed(LruMappingCache.class).orElseThrow();
            Balloon balloon = system.installed(Balloon.class).orElseThrow();
            PressureAudit audit = system.installed(PressureAudit.class).orElseThrow();
            Workload i915Work = system.newWorkload(I915Plugin.NAME, I915Plugin.WORKLOAD, seed,
                    Map.of("operations", "1000000000", "clients", "8"));
            drivers.add(driver("i915", stop, crashes, random -> {
                if (!i915Work.step()) {
                    stop.set(true);
                }
            }, seed));
            Workload cacheWork = system.newWorkload(windowed.name(), "cache", seed, Map.of("operations", "1000000000"));
            drivers.add(driver("cache-hi", stop, crashes, random -> cacheWork.step(), seed + 1));
            List<MsmObject> objects = new ArrayList<>();
            drivers.add(driver("msm", stop, crashes, random -> msmStep(msm, objects, random), seed + 2));
            drivers.add(driver("lru", stop, crashes, random -> {
                try (Lease lease = lru.map("buffer-" + random.nextInt(96), (long) (1 + random.nextInt(4)) * PAGE)) {
                    assertThat(lease.key()).startsWith("buffer-");
                } catch (VmapAllocationException | IllegalArgumentException expected) {
                    // EBUSY under pressure; a hit asking another size than the cached mapping's
                }
            }, seed + 3));
            drivers.add(driver("balloon", stop, crashes, random -> {
                balloon.tick();
                Thread.sleep(1);
            }, seed + 4));

            SuiteConfig config = new SuiteConfig(SuiteConfig.ALL_TESTS, (int) LOOPS, 3, threads, false, seed, 1,
                    32 << 10, space, 1);
            SuiteResult[] result = new SuiteResult[1];
            Thread suite = new Thread(() -> {
                try {
                    result[0] = Suite.run(config, system);
                } catch (Throwable e) {
                    crashes.add(e);
                }
            }, "test_vmalloc");
            drivers.forEach(Thread::start);
            suite.start();
            Watchdog.joinAll(List.of(suite), 240, TimeUnit.SECONDS, "test_vmalloc workers, " + ctx);
            stop.set(true);
            Watchdog.joinAll(drivers, 60, TimeUnit.SECONDS, "plugin drivers, " + ctx);
            i915Work.finish();
            assertThat(crashes).as(ctx).isEmpty();
            SuiteResult r = result[0];
            assertThat(r.checkFailures()).as(ctx).isEmpty();
            for (SuiteResult.WorkerResult w : r.workers()) {
                assertThat(w.order()).as(ctx).hasSize((int) config.selected().stream().filter(TestCase::modelled).count());
            }

            // quiesced: a final purge, then every invariant
            system.allocator().purgeLazy();
            Invariants.check(system.allocator(), Map.of("cache-hi", window), ctx);
            VmapStats s = system.allocator().stats();
            assertThat(s.lazyPages()).as(ctx).isZero();
            assertThat(s.tiles()).as(ctx).isTrue();
            assertThat(s.notifierRounds()).as("the notifier ran constantly: %s", ctx).isGreaterThan(50);
            assertThat(s.purges()).as(ctx).isGreaterThan(50);
            System.out.println("stress " + ctx + ": " + r.workers().stream().mapToLong(w -> w.tests().stream()
                    .mapToLong(SuiteResult.TestResult::pairs).sum()).sum() + " test_vmalloc pairs, "
                    + failedAllocations.get() + " failed allocations (EBUSY/ENOMEM), " + s.notifierRounds() + " notifier rounds, "
                    + s.purges() + " purges, peak live " + s.peakLiveBytes() + " B; repeats passed/run per test: "
                    + perTest(r) + "; " + audit.summary());
        } finally {
            system.close();
        }
        system.allocator().purgeLazy();
        VmapStats end = system.allocator().stats();
        assertThat(end.liveAreas()).as("after close: %s, %s", end, ctx).isZero();
        assertThat(end.freeBytes()).as(ctx).isEqualTo(end.spaceBytes());
        assertThat(end.lazyPages()).as(ctx).isZero();
        assertThat(system.pagePool().freePages()).as("every page back in the pool, %s", ctx)
                .isEqualTo(system.pagePool().totalPages());
    }

    /** "fix_size_alloc_test 21/24, ..." over all workers. */
    private static String perTest(SuiteResult r) {
        java.util.Map<String, int[]> counts = new java.util.LinkedHashMap<>();
        for (SuiteResult.WorkerResult w : r.workers()) {
            for (SuiteResult.TestResult t : w.tests()) {
                int[] c = counts.computeIfAbsent(t.test().kernelName(), k -> new int[2]);
                c[0] += t.passed();
                c[1] += t.passed() + t.failed();
            }
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(c[0]).append('/').append(c[1]));
        return sb.toString();
    }

    /** One msm step: create, map and unmap, or free objects; pressure failures are part of the game. */
    private static void msmStep(MsmDriver msm, List<MsmObject> objects, SplittableRandom random) {
        int d = random.nextInt(10);
        try {
            if (d < 3 || objects.isEmpty()) {
                if (objects.size() < 64) {
                    objects.add(msm.newObject((long) (1 + random.nextInt(8)) * PAGE));
                }
            } else if (d < 8) {
                MsmObject o = objects.get(random.nextInt(objects.size()));
                msm.getVaddr(o);
                msm.putVaddr(o);
            } else {
                msm.free(objects.remove(random.nextInt(objects.size())));
            }
        } catch (VmapAllocationException | PageAllocationException expected) {
            // EBUSY / ENOMEM under pressure
        } catch (VmapException e) {
            if (e.errno() != io.vmapkit.api.Errno.EBUSY) {
                throw e;
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(SplittableRandom random) throws Exception;
    }

    private static Thread driver(String name, AtomicBoolean stop, List<Throwable> crashes, Step step, long seed) {
        return new Thread(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            try {
                while (!stop.get()) {
                    step.run(random);
                }
            } catch (Throwable e) {
                crashes.add(new AssertionError("driver " + name + " crashed: " + e, e));
            }
        }, "driver-" + name);
    }
}
