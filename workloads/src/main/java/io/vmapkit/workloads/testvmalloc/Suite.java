package io.vmapkit.workloads.testvmalloc;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The test_vmalloc harness (lib/test_vmalloc.c): {@code nr_threads} workers
 * ({@code vmalloc_test/N}, unpinned threads) wait on a gate that opens when all are ready, then each
 * runs the selected tests — shuffled with its own seeded generator unless sequential — repeating
 * each {@code test_repeat_count} times and timing every repeat (wall time, and the worker thread's own CPU
 * time where the JVM measures it).
 *
 * <p>The port's checks (A.4): after each test, the allocator's snapshot must be consistent (no
 * overlapping areas, the ranges tile the space); with one worker, a final purge must also return
 * every byte of the address space and bring the lazy counter to 0. With several workers that last
 * check waits until all have finished, since the others still hold areas. The checks are not timed.
 * A probe block on the purge chain counts notifier calls per thread for no_block_alloc_test.
 *
 * <p>{@link #run(SuiteConfig, ClassLoader, AllocatorProvider)} builds the system with the runtime:
 * no plugins, the given allocator provider, synchronous threshold purges (the freeing worker
 * purges, as in the kernel, so the purge is part of the time). {@link #run(SuiteConfig, VmapSystem)}
 * runs on a system the caller built, plugins and all (the reliability stress tests do).
 */
public final class Suite {

    /** Measures each worker's own CPU time per test, where the JVM can. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final SuiteConfig config;
    private final ClassLoader loader;
    private final AllocatorProvider provider;
    private final Map<Long, AtomicLong> notifierCalls = new ConcurrentHashMap<>();
    private final List<String> checkFailures = Collections.synchronizedList(new ArrayList<>());

    private Suite(SuiteConfig config, ClassLoader loader, AllocatorProvider provider) {
        this.config = Objects.requireNonNull(config, "config");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.provider = provider; // null when the suite runs on the caller's system
    }

    /**
     * Runs the suite on a fresh system.
     *
     * @param loader the class loader for the notifier and page-pool providers
     * @param provider the allocator provider under test
     * @throws InterruptedException if interrupted while waiting for the workers
     */
    public static SuiteResult run(SuiteConfig config, ClassLoader loader, AllocatorProvider provider)
            throws InterruptedException {
        return new Suite(config, loader, Objects.requireNonNull(provider, "provider")).run();
    }

    /**
     * Runs the suite on a started system the caller owns: its allocator, with whatever plugins,
     * listeners and configuration it has (the stress tests install plugins that free under
     * pressure). The per-test consistency checks run as usual; the final "every byte returned"
     * check is left to the caller, since plugins may still hold areas. {@code config.space()} and
     * {@code config.ncpus()} should describe the system (they size full_fit and the pointer arrays).
     *
     * @throws InterruptedException if interrupted while waiting for the workers
     */
    public static SuiteResult run(SuiteConfig config, VmapSystem system) throws InterruptedException {
        Objects.requireNonNull(system, "system");
        return new Suite(config, Suite.class.getClassLoader(), null).runOn(system, false);
    }

    private SuiteResult run() throws InterruptedException {
        try (VmapSystem system = VmapKit.builder()
                .ignoreSystemProperties()
                .classLoader(loader)
                .addressSpace(config.space())
                .ncpus(config.ncpus())
                .allocatorProvider(provider)
                .configure(c -> c.set(AllocatorSettings.LAZY_PURGE, AllocatorConfig.LazyPurgeMode.SYNC))
                .start()) {
            return runOn(system, true);
        }
    }

    @SuppressWarnings("try") // the probe block stays registered for the whole run; the body never names it
    private SuiteResult runOn(VmapSystem system, boolean finalCheck) throws InterruptedException {
        VmapAllocator vmap = system.allocator();
        try (Registration probe = system.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("test_vmalloc-probe",
                Integer.MIN_VALUE, (action, event) -> {
                    notifierCalls.computeIfAbsent(Thread.currentThread().getId(), k -> new AtomicLong()).incrementAndGet();
                    return Notify.DONE;
                }))) {
            List<TestCase> tests = config.selected().stream().filter(TestCase::modelled).toList();
            SplittableRandom root = new SplittableRandom(config.seed());
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch ready = new CountDownLatch(config.threads());
            SuiteResult.WorkerResult[] results = new SuiteResult.WorkerResult[config.threads()];
            Throwable[] crashes = new Throwable[config.threads()];
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < config.threads(); i++) {
                int index = i;
                SplittableRandom random = root.split();
                Thread t = new Thread(() -> {
                    try {
                        Worker w = new Worker(index, vmap, random, config, () -> calls(Thread.currentThread().getId()));
                        List<TestCase> order = new ArrayList<>(tests);
                        if (!config.sequential()) {
                            shuffle(order, random);
                        }
                        ready.countDown();
                        gate.await();
                        results[index] = work(w, order, vmap, finalCheck);
                    } catch (Throwable e) {
                        crashes[index] = e;
                    }
                }, "vmalloc_test/" + i);
                threads.add(t);
                t.start();
            }
            ready.await();
            gate.countDown();
            for (Thread t : threads) {
                t.join();
            }
            for (int i = 0; i < crashes.length; i++) {
                if (crashes[i] != null) {
                    throw new IllegalStateException("worker" + i + " crashed: " + crashes[i], crashes[i]);
                }
            }
            if (finalCheck && config.threads() > 1) {
                checkReturned(vmap, "after all workers finished");
            }
            return new SuiteResult(config, vmap.name(), vmap.stats().lazyMaxPages(), List.of(results), checkFailures);
        }
    }

    private SuiteResult.WorkerResult work(Worker w, List<TestCase> order, VmapAllocator vmap, boolean finalCheck) {
        SuiteResult.TestResult[] byTest = new SuiteResult.TestResult[TestCase.values().length];
        long testNanos = 0;
        for (TestCase test : order) {
            int passed = 0;
            int failed = 0;
            long total = 0;
            long pairs = 0;
            long cpu = cpuTimeMeasured() ? 0 : -1;
            String reason = "";
            for (int r = 0; r < config.repeat(); r++) {
                w.pairs = 0;
                w.failure = null;
                boolean ok;
                long c0 = cpu >= 0 ? THREADS.getCurrentThreadCpuTime() : -1;
                long t0 = System.nanoTime();
                try {
                    ok = test.run(w);
                } catch (RuntimeException e) {
                    ok = false;
                    w.fail("threw " + e);
                }
                total += System.nanoTime() - t0;
                if (cpu >= 0) {
                    long c1 = THREADS.getCurrentThreadCpuTime();
                    cpu = c0 < 0 || c1 < 0 ? -1 : cpu + (c1 - c0);
                }
                pairs += w.pairs;
                if (ok) {
                    passed++;
                } else {
                    failed++;
                    if (reason.isEmpty()) {
                        reason = w.failure == null ? "failed" : w.failure;
                    }
                }
            }
            testNanos += total;
            byTest[test.ordinal()] = new SuiteResult.TestResult(test, passed, failed, total, pairs, reason, cpu);
            String where = "after " + test.kernelName() + " on worker" + w.index;
            checkConsistent(vmap, where);
            if (finalCheck && config.threads() == 1) {
                checkReturned(vmap, where);
            }
        }
        List<SuiteResult.TestResult> inBitOrder = new ArrayList<>();
        for (SuiteResult.TestResult t : byTest) {
            if (t != null) {
                inBitOrder.add(t);
            }
        }
        return new SuiteResult.WorkerResult(w.index, order, inBitOrder, testNanos);
    }

    /** Whether the worker's CPU time can be measured (the JVM supports it and it is switched on). */
    private static boolean cpuTimeMeasured() {
        return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    /** No overlapping areas: the snapshot's ranges are ordered and tile the space. */
    private void checkConsistent(VmapAllocator vmap, String where) {
        vmap.snapshot().violation().ifPresent(v -> checkFailures.add(where + ": " + v));
    }

    /** After a final purge, every byte is free again and the lazy counter is 0. */
    private void checkReturned(VmapAllocator vmap, String where) {
        checkConsistent(vmap, where);
        vmap.purgeLazy();
        VmapStats s = vmap.stats();
        if (s.liveAreas() != 0) {
            checkFailures.add(where + ": " + s.liveAreas() + " area(s) still live (" + Addresses.human(s.liveBytes()) + ")");
        }
        if (s.lazyPages() != 0 || s.lazyAreas() != 0) {
            checkFailures.add(where + ": lazy counter " + s.lazyPages() + " pages (" + s.lazyAreas()
                    + " lazy areas) after a final purge, not 0");
        }
        if (s.liveAreas() == 0 && s.freeBytes() != s.spaceBytes()) {
            checkFailures.add(where + ": " + Addresses.human(s.freeBytes()) + " of " + Addresses.human(s.spaceBytes())
                    + " free after a final purge; the rest was not returned");
        }
    }

    private long calls(long threadId) {
        AtomicLong n = notifierCalls.get(threadId);
        return n == null ? 0 : n.get();
    }

    /** Fisher–Yates with the worker's generator, as the kernel's shuffle_array. */
    private static void shuffle(List<TestCase> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }
}
