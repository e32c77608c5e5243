package io.vmapkit.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.notifier.NotifierSettings;
import io.vmapkit.allocator.page.PagePoolSettings;
import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.api.Errno;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.reliability.support.CachingPlugin;
import io.vmapkit.reliability.support.PluginCache;
import io.vmapkit.reliability.support.Invariants;
import io.vmapkit.reliability.support.Watchdog;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.FaultyNotifierBlock;
import io.vmapkit.testkit.FaultyShrinker;
import io.vmapkit.testkit.FaultyShrinker.Fault;
import io.vmapkit.testkit.InjectedFault;
import io.vmapkit.testkit.RecordingListener;
import io.vmapkit.testkit.SeededFaultInjector;
import io.vmapkit.testkit.VmapEvent;
import io.vmapkit.testsupport.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault injection in the style of the kernel's failslab, through the testkit's
 * {@link SeededFaultInjector} (descriptor, NE node and page-pool sites) and its
 * {@link FaultyNotifierBlock} / {@link FaultyShrinker} wrappers around real plugins' callbacks:
 * the system stays consistent, failures are reported with the guilty plugin's name, the round cap
 * ends lying loops, and quarantine engages as documented ({@code NotifierConfig.quarantineAfter}).
 *
 * <p>Every test prints its seed; {@code -Dvmapkit.seed} replays it. The randomized run's length is
 * {@code -Dvmapkit.reliability.faults.ops} (default 20,000).
 */
class FaultInjectionTest {

    static final int PAGE = 4096;
    static final long FAULT_OPS = Seeds.longProperty("vmapkit.reliability.faults.ops", 20_000);

    /** A small started system: a 4 MiB space, threshold 64 pages, quarantine after 3, these plugins. */
    static VmapSystem system(RecordingListener recorder, FaultInjector faults, String allocator, int maxRounds,
            VmapPlugin... plugins) {
        return VmapKit.builder().ignoreSystemProperties()
                .addressSpace(AddressSpace.of("faults", 0x4000_0000L, 4L << 20, PAGE))
                .allocator(allocator).ncpus(1).set(AllocatorSettings.MAX_NOTIFIER_ROUNDS, maxRounds)
                .configure(c -> c.set(AllocatorSettings.LAZY_MAX_PAGES, 64L).set(NotifierSettings.QUARANTINE_AFTER, 3)
                        .set(PagePoolSettings.PAGES, 2048L))
                .listener(recorder).faults(faults).plugins(List.of(plugins))
                .start();
    }

    /** Fills the space with host areas of {@code pages} pages until the next one would need the overflow path. */
    static List<VmapArea> fill(VmapSystem s, int pages) {
        List<VmapArea> held = new ArrayList<>();
        s.allocator().purgeLazy();
        VmapRequest r = VmapRequest.builder((long) pages * PAGE).flags(AllocFlag.NO_WARN).build();
        while (Long.compareUnsigned(s.allocator().stats().largestFreeBlock(), (long) (pages + 1) * PAGE) >= 0) {
            held.add(s.allocator().allocate(r));
        }
        return held;
    }

    // ---- FaultInjector sites --------------------------------------------------------------------

    /** docs/fidelity.md §1.2: a failed descriptor allocation is ENOMEM at once — no purge, no notifier, nothing changed. */
    @Test
    void descriptorFaultsFailWithEnomemWithoutPurgeOrNotifierAndChangeNothing() {
        long seed = Seeds.seed("descriptor faults");
        SeededFaultInjector faults = SeededFaultInjector.builder(seed).rate(FaultInjector.VMAP_AREA_DESCRIPTOR, 0.3)
                .armed(false).build();
        RecordingListener rec = new RecordingListener();
        CachingPlugin cachePlugin = new CachingPlugin("cache", 4);
        try (VmapSystem s = system(rec, faults, "free-tree", 8, cachePlugin)) {
            PluginCache cache = PluginCache.in(s, cachePlugin.name());
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < 300; i++) {
                cache.createCached(1 + random.nextInt(4), false);
            }
            List<VmapArea> mine = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                mine.add(s.allocator().allocate(PAGE));
            }
            for (int i = 0; i < 40; i += 2) {
                s.allocator().free(mine.get(i)); // lazy areas the overflow path would purge
            }
            faults.arm();
            int enomem = 0;
            for (int i = 0; i < 400; i++) {
                VmapSnapshot before = s.allocator().snapshot();
                VmapStats statsBefore = s.allocator().stats();
                rec.clear();
                VmapRequest r = VmapRequest.builder((long) (1 + random.nextInt(64)) * PAGE).flags(AllocFlag.NO_WARN).build();
                try {
                    mine.add(s.allocator().allocate(r));
                } catch (VmapAllocationException e) {
                    if (e.errno() != Errno.ENOMEM) {
                        continue;
                    }
                    enomem++;
                    String ctx = Seeds.replay(seed) + ", request " + r;
                    assertThat(e.notifierRounds()).as(ctx).isZero();
                    assertThat(rec.events()).as(ctx).noneMatch(ev -> ev instanceof VmapEvent.OverflowPurge
                            || ev instanceof VmapEvent.NotifierRound || ev instanceof VmapEvent.NotifierCall
                            || ev instanceof VmapEvent.PurgeVmapAreaLazy || ev instanceof VmapEvent.VmapSearch);
                    assertThat(rec.events(VmapEvent.VmapAllocFailed.class)).as(ctx)
                            .singleElement().extracting(VmapEvent.VmapAllocFailed::errno).isEqualTo(Errno.ENOMEM);
                    assertThat(s.allocator().snapshot()).as(ctx).isEqualTo(before);
                    VmapStats after = s.allocator().stats();
                    assertThat(after.allocationFailures()).as(ctx).isEqualTo(statsBefore.allocationFailures() + 1);
                    assertThat(after.searches()).as(ctx).isEqualTo(statsBefore.searches());
                    assertThat(after.purges()).as(ctx).isEqualTo(statsBefore.purges());
                    assertThat(after.notifierRounds()).as(ctx).isEqualTo(statsBefore.notifierRounds());
                }
            }
            assertThat(enomem).as(Seeds.replay(seed)).isEqualTo(faults.injected(FaultInjector.VMAP_AREA_DESCRIPTOR))
                    .isGreaterThan(50);
            Invariants.check(s.allocator(), Seeds.replay(seed));
        }
    }

    /** docs/fidelity.md §3.3: no spare node for an NE split sends the request into the overflow path; the tree stays intact. */
    @Test
    void neFitNodeFaultsSendSplitsIntoTheOverflowPathAndKeepTheTreeConsistent() {
        long seed = Seeds.seed("NE node faults");
        SeededFaultInjector faults = SeededFaultInjector.builder(seed).rate(FaultInjector.NE_FIT_NODE, 0.5).build();
        RecordingListener rec = new RecordingListener();
        CachingPlugin cachePlugin = new CachingPlugin("cache", 8);
        try (VmapSystem s = system(rec, faults, "free-tree", 8, cachePlugin)) {
            PluginCache cache = PluginCache.in(s, cachePlugin.name());
            SplittableRandom random = new SplittableRandom(seed);
            List<VmapArea> held = new ArrayList<>();
            int placed = 0;
            int failed = 0;
            for (int i = 0; i < 3000; i++) {
                if (!held.isEmpty() && random.nextInt(3) == 0) {
                    s.allocator().free(held.remove(random.nextInt(held.size())));
                } else if (random.nextInt(4) == 0) {
                    cache.createCached(1 + random.nextInt(4), false);
                } else {
                    // aligned requests land inside free blocks: NE splits
                    VmapRequest r = VmapRequest.builder((long) (1 + random.nextInt(8)) * PAGE)
                            .align(1L << (12 + random.nextInt(8))).flags(AllocFlag.NO_WARN).build();
                    try {
                        VmapArea a = s.allocator().allocate(r);
                        assertThat(Long.remainderUnsigned(a.start(), r.align())).isZero();
                        held.add(a);
                        placed++;
                    } catch (VmapAllocationException e) {
                        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
                        failed++;
                    }
                }
                if (i % 50 == 0) {
                    Invariants.check(s.allocator(), Seeds.replay(seed) + " after op " + i);
                }
            }
            Invariants.check(s.allocator(), Seeds.replay(seed));
            assertThat(faults.injected(FaultInjector.NE_FIT_NODE)).as(Seeds.replay(seed)).isGreaterThan(100);
            assertThat(placed).isGreaterThan(failed);
            assertThat(rec.events(VmapEvent.OverflowPurge.class)).isNotEmpty();
        }
    }

    /** A page-pool fault is a shortage: reclaim runs (the shrinkers), then the OOM chain, then ENOMEM; the pool stays balanced. */
    @Test
    void pagePoolFaultsRunReclaimThenTheOomChainThenFailWithEnomem() {
        long seed = Seeds.seed("page pool faults");
        SeededFaultInjector faults = SeededFaultInjector.builder(seed).rate(FaultInjector.PAGE_POOL, 1.0).armed(false).build();
        RecordingListener rec = new RecordingListener();
        CachingPlugin cachePlugin = new CachingPlugin("cache", 4);
        try (VmapSystem s = system(rec, faults, "free-tree", 8, cachePlugin)) {
            PluginCache cache = PluginCache.in(s, cachePlugin.name());
            for (int i = 0; i < 50; i++) {
                assertThat(cache.createCached(2, true)).isTrue();
            }
            long freeBefore = s.pagePool().freePages();
            s.oomChain().register(NotifierBlock.of("oom-observer", 0, (action, event) -> 0));
            faults.arm();
            rec.clear();
            assertThatThrownBy(() -> s.pagePool().allocate(4, "host", true))
                    .isInstanceOf(PageAllocationException.class)
                    .hasMessageContaining("page allocation of 4 pages for host failed (ENOMEM)")
                    .extracting(e -> ((PageAllocationException) e).errno()).isEqualTo(Errno.ENOMEM);
            assertThat(rec.events(VmapEvent.PageReclaim.class)).as("reclaim ran").hasSize(1);
            assertThat(rec.events(VmapEvent.OomNotify.class)).as("the OOM chain ran").isNotEmpty();
            assertThat(rec.events(VmapEvent.ShrinkSlabStart.class)).extracting(VmapEvent.ShrinkSlabStart::shrinker)
                    .contains("cache");
            faults.disarm();
            // what reclaim freed really went back to the pool, and nothing was lost
            assertThat(s.pagePool().freePages()).isEqualTo(freeBefore + 2L * cache.evictedByShrinker());
            assertThat(s.pagePool().stats().freePages() + 2L * cache.cached()).isEqualTo(s.pagePool().totalPages());
            PageRun ok = s.pagePool().allocate(4, "host", true);
            s.pagePool().free(ok);
        }
    }

    // ---- notifier blocks that throw, lie or sleep -----------------------------------------------

    /** A throwing block is contained (the walk goes on), reported with its plugin's name, and quarantined after 3. */
    @Test
    void throwingBlockIsContainedReportedByNameAndQuarantinedAfterQuarantineAfterFailures() {
        long seed = Seeds.seed("throwing block");
        RecordingListener rec = new RecordingListener();
        CachingPlugin throwerPlugin = new CachingPlugin("thrower", 4, null,
                b -> FaultyNotifierBlock.wrap(b, seed).throwing(1.0).build(), UnaryOperator.identity());
        CachingPlugin goodPlugin = new CachingPlugin("good", 1);
        try (VmapSystem s = system(rec, FaultInjector.NONE, "free-tree", 8, throwerPlugin, goodPlugin)) {
            PluginCache thrower = PluginCache.in(s, throwerPlugin.name());
            PluginCache good = PluginCache.in(s, goodPlugin.name());
            for (int i = 0; i < 20; i++) {
                good.createCached(1, false);
            }
            List<VmapArea> filler = fill(s, 1);
            rec.clear();
            for (int i = 0; i < 6; i++) {
                s.allocator().allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_WARN).build());
            }
            List<VmapEvent.NotifierCallFailed> failures = rec.events(VmapEvent.NotifierCallFailed.class);
            assertThat(failures).hasSize(3).allSatisfy(f -> {
                assertThat(f.block()).isEqualTo("thrower");
                assertThat(f.chain()).isEqualTo(VmapSystem.PURGE_CHAIN);
                assertThat(f.failure()).isInstanceOf(InjectedFault.class).hasMessageContaining("'thrower'");
            });
            assertThat(failures).extracting(VmapEvent.NotifierCallFailed::consecutiveFailures).containsExactly(1, 2, 3);
            assertThat(rec.events(VmapEvent.NotifierBlockQuarantined.class)).singleElement()
                    .satisfies(q -> {
                        assertThat(q.block()).isEqualTo("thrower");
                        assertThat(q.consecutiveFailures()).isEqualTo(3);
                    });
            assertThat(s.purgeChain().isQuarantined(thrower.block())).isTrue();
            assertThat(s.purgeChain().isQuarantined(good.block())).isFalse();
            assertThat(rec.events(VmapEvent.NotifierBlockSkipped.class)).extracting(VmapEvent.NotifierBlockSkipped::block)
                    .containsOnly("thrower").hasSize(3);
            assertThat(good.evictedByNotifier()).as("the good block ran in every round").isEqualTo(6);
            assertThat(s.purgeChain().blocks()).as("quarantined blocks stay registered").contains(thrower.block());
            FaultyNotifierBlock<?> faulty = (FaultyNotifierBlock<?>) thrower.block();
            long calls = faulty.calls();
            assertThat(s.purgeChain().release(thrower.block())).isTrue();
            s.allocator().allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_WARN).build());
            assertThat(faulty.calls()).as("released, it is called again").isEqualTo(calls + 1);
            Invariants.check(s.allocator(), "after the throwing block");
            assertThat(filler).isNotEmpty();
        }
    }

    /** docs/fidelity.md §5.3: a block that claims progress without freeing is stopped by the round cap; EBUSY names it. */
    @Test
    void lyingBlockIsEndedByTheRoundCapAndNamedInTheFailure() {
        long seed = Seeds.seed("lying block");
        RecordingListener rec = new RecordingListener();
        CachingPlugin liarPlugin = new CachingPlugin("liar", 4, null,
                b -> FaultyNotifierBlock.wrap(b, seed).lying(1.0, 1).build(), UnaryOperator.identity());
        CachingPlugin honestPlugin = new CachingPlugin("honest", 4);
        try (VmapSystem s = system(rec, FaultInjector.NONE, "busy-list", 5, liarPlugin, honestPlugin)) {
            PluginCache liar = PluginCache.in(s, liarPlugin.name());
            PluginCache honest = PluginCache.in(s, honestPlugin.name());
            fill(s, 1);
            VmapSnapshot before = s.allocator().snapshot();
            rec.clear();
            VmapRequest r = VmapRequest.builder(PAGE).flags(AllocFlag.NO_WARN).build();
            assertThatThrownBy(() -> s.allocator().allocate(r))
                    .isInstanceOfSatisfying(VmapAllocationException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
                        assertThat(e.roundCapReached()).isTrue();
                        assertThat(e.notifierRounds()).isEqualTo(5);
                        assertThat(e.claimedProgress()).containsExactly("liar");
                        assertThat(e.getMessage()).contains("cap of 5 purge-notifier rounds").contains("liar");
                    });
            assertThat(rec.events(VmapEvent.NotifierRound.class)).hasSize(5)
                    .allSatisfy(round -> assertThat(round.contributions()).containsOnlyKeys("liar"));
            assertThat(rec.events(VmapEvent.VmapAllocFailed.class)).singleElement()
                    .satisfies(f -> assertThat(f.claimedProgress()).containsExactly("liar"));
            assertThat(s.allocator().snapshot()).isEqualTo(before);
            assertThat(((FaultyNotifierBlock<?>) liar.block()).lied()).isEqualTo(5);
        }
    }

    /**
     * Slow blocks on many allocating threads, while another thread unregisters and re-registers a
     * block and uninstall-like churn happens: nothing deadlocks, every thread finishes, the state is
     * consistent.
     */
    @Test
    @Timeout(120)
    void sleepingBlocksUnderConcurrentAllocationNeitherDeadlockNorCorrupt() throws Exception {
        long seed = Seeds.seed("sleeping blocks");
        RecordingListener rec = new RecordingListener();
        CachingPlugin sleeperPlugin = new CachingPlugin("sleeper", 2, null,
                b -> FaultyNotifierBlock.wrap(b, seed).sleeping(0.5, Duration.ofMillis(2)).build(), UnaryOperator.identity());
        CachingPlugin flakyPlugin = new CachingPlugin("flaky", 2, null,
                b -> FaultyNotifierBlock.wrap(b, seed + 1).throwing(0.2).lying(0.1, 3).build(), UnaryOperator.identity());
        try (VmapSystem s = system(rec, FaultInjector.NONE, "free-tree", 4, sleeperPlugin, flakyPlugin)) {
            PluginCache sleeper = PluginCache.in(s, sleeperPlugin.name());
            PluginCache flaky = PluginCache.in(s, flakyPlugin.name());
            List<Thread> threads = new ArrayList<>();
            List<Throwable> crashes = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 8; t++) {
                long tseed = seed + 17 * t;
                threads.add(new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(tseed);
                    List<VmapArea> mine = new ArrayList<>();
                    try {
                        for (int i = 0; i < 400; i++) {
                            int d = random.nextInt(10);
                            if (d < 3) {
                                (d == 0 ? sleeper : flaky).createCached(1 + random.nextInt(8), false);
                            } else if (d < 6 && !mine.isEmpty()) {
                                s.allocator().free(mine.remove(random.nextInt(mine.size())));
                            } else {
                                try {
                                    mine.add(s.allocator().allocate(VmapRequest.builder((long) (1 + random.nextInt(32)) * PAGE)
                                            .flags(AllocFlag.NO_WARN).build()));
                                } catch (VmapAllocationException expected) {
                                    // the space is tiny: EBUSY is part of the game
                                }
                            }
                        }
                        mine.forEach(s.allocator()::free);
                    } catch (Throwable e) {
                        crashes.add(e);
                    }
                }, "alloc-" + t));
            }
            NotifierBlock<VmapPurgeEvent> churn = NotifierBlock.of("churn", -5, (a, e) -> 0);
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        s.purgeChain().register(churn);
                        s.purgeChain().unregister(churn); // waits for calls in flight (slow ones included)
                    }
                } catch (Throwable e) {
                    crashes.add(e);
                }
            }, "churn"));
            threads.forEach(Thread::start);
            Watchdog.joinAll(threads, 90, TimeUnit.SECONDS, "sleeping blocks " + Seeds.replay(seed));
            assertThat(crashes).as(Seeds.replay(seed)).isEmpty();
            s.allocator().purgeLazy();
            Invariants.check(s.allocator(), Seeds.replay(seed));
            assertThat(((FaultyNotifierBlock<?>) sleeper.block()).slept()).isPositive();
            assertThat(rec.events(VmapEvent.NotifierCallFailed.class)).extracting(VmapEvent.NotifierCallFailed::block)
                    .containsOnly("flaky");
            assertThat(s.purgeChain().blocks()).doesNotContain(churn);
        }
    }

    // ---- shrinkers that throw or return nonsense --------------------------------------------------

    /**
     * Each kind of shrinker misbehaviour is contained (the good shrinker still frees), reported
     * with the shrinker's name, and — where it counts as a failure — quarantines the shrinker after
     * three consecutive failing passes; {@code release} brings it back.
     */
    @ParameterizedTest
    @EnumSource(Fault.class)
    @Timeout(60)
    void misbehavingShrinkerIsContainedReportedByNameAndQuarantinedWhenItFails(Fault fault) {
        long seed = Seeds.seed("shrinker " + fault);
        RecordingListener rec = new RecordingListener();
        String name = "bad-" + fault.name().toLowerCase(java.util.Locale.ROOT);
        CachingPlugin badPlugin = new CachingPlugin(name, 1, null, UnaryOperator.identity(),
                sh -> FaultyShrinker.wrap(sh, seed).fault(fault, 1.0).build());
        CachingPlugin goodPlugin = new CachingPlugin("good", 1);
        try (VmapSystem s = system(rec, FaultInjector.NONE, "free-tree", 8, badPlugin, goodPlugin)) {
            PluginCache bad = PluginCache.in(s, badPlugin.name());
            PluginCache good = PluginCache.in(s, goodPlugin.name());
            for (int i = 0; i < 150; i++) {
                assertThat(bad.createCached(1, true)).isTrue();
                assertThat(good.createCached(1, true)).isTrue();
            }
            rec.clear();
            long freed = 0;
            for (int pass = 0; pass < 5; pass++) {
                freed += s.shrinkers().shrinkSlab(0);
            }
            assertThat(good.evictedByShrinker()).as("the good shrinker is not held up").isEqualTo(150);
            assertThat(good.cached()).isZero();
            assertThat(freed).isGreaterThanOrEqualTo(150);
            Shrinker sh = bad.shrinker();
            // a huge count is caught when 1024 batches in a row free nothing; a scan that claims what it
            // did not free cannot be told from an honest one
            boolean failure = fault != Fault.SCAN_LIES;
            List<VmapEvent.ShrinkerMisbehaved> reports = rec.events(VmapEvent.ShrinkerMisbehaved.class);
            if (failure) {
                assertThat(reports).isNotEmpty().allSatisfy(m -> assertThat(m.shrinker()).isEqualTo(name));
                assertThat(s.shrinkers().isQuarantined(sh)).as(fault + " quarantines after 3 failing passes").isTrue();
                assertThat(reports.get(reports.size() - 1).problem()).contains("quarantined after 3");
                assertThat(bad.context().shrinkers().isQuarantined(sh)).as("the plugin sees it through its context").isTrue();
                assertThat(good.context().shrinkers().isQuarantined(good.shrinker())).isFalse();
                assertThat(s.shrinkers().release(sh)).isTrue();
                assertThat(s.shrinkers().isQuarantined(sh)).isFalse();
            } else {
                assertThat(s.shrinkers().isQuarantined(sh)).as(fault + " is not a detectable failure").isFalse();
            }
            assertThat(s.shrinkers().shrinkers()).contains(sh);
            // every page is either free or held by a cached object (one page each)
            assertThat(s.pagePool().freePages() + bad.cached() + good.cached()).isEqualTo(s.pagePool().totalPages());
            Invariants.check(s.allocator(), fault.name());
        }
    }

    // ---- everything at once ---------------------------------------------------------------------

    /**
     * Faults at every site at once (descriptor, NE node and page-pool rates), a block that throws,
     * lies and sleeps, a shrinker that returns nonsense, on four threads allocating, freeing, caching
     * objects with pages, reclaiming and purging: afterwards the allocator's invariants hold, every
     * page of the pool is free or held by a live object, and after closing the system and a purge
     * the whole space is free again.
     */
    @Test
    @Timeout(300)
    void randomFaultsEverywhereLeaveTheSystemConsistent() throws Exception {
        long seed = Seeds.seed("random faults everywhere");
        SeededFaultInjector faults = SeededFaultInjector.builder(seed)
                .rate(FaultInjector.VMAP_AREA_DESCRIPTOR, 0.02).rate(FaultInjector.NE_FIT_NODE, 0.05)
                .rate(FaultInjector.PAGE_POOL, 0.05).build();
        RecordingListener rec = new RecordingListener();
        CachingPlugin wildPlugin = new CachingPlugin("wild", 3, null,
                b -> FaultyNotifierBlock.wrap(b, seed).throwing(0.05).lying(0.05, 2).sleeping(0.01, Duration.ofMillis(1)).build(),
                sh -> FaultyShrinker.wrap(sh, seed).fault(Fault.COUNT_NEGATIVE, 0.05).fault(Fault.SCAN_THROWS, 0.05)
                        .fault(Fault.SCAN_ZERO_NR_SCANNED, 0.05).build());
        CachingPlugin tamePlugin = new CachingPlugin("tame", 8);
        int threads = 4;
        long perThread = Math.max(1_000, FAULT_OPS / threads);
        VmapSystem s = system(rec, faults, "free-tree", 6, wildPlugin, tamePlugin);
        PluginCache wild = PluginCache.in(s, wildPlugin.name());
        PluginCache tame = PluginCache.in(s, tamePlugin.name());
        try {
            List<Thread> workers = new ArrayList<>();
            List<Throwable> crashes = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicLong heldPages = new java.util.concurrent.atomic.AtomicLong();
            for (int t = 0; t < threads; t++) {
                long tseed = seed ^ (0x9E3779B97F4A7C15L * (t + 1));
                workers.add(new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(tseed);
                    List<VmapArea> areas = new ArrayList<>();
                    List<PageRun> runs = new ArrayList<>();
                    try {
                        for (long i = 0; i < perThread; i++) {
                            int d = random.nextInt(100);
                            if (d < 20) {
                                (d % 2 == 0 ? wild : tame).createCached(1 + random.nextInt(6), random.nextBoolean());
                            } else if (d < 45 && !areas.isEmpty()) {
                                s.allocator().free(areas.remove(random.nextInt(areas.size())));
                            } else if (d < 50) {
                                try {
                                    runs.add(s.pagePool().allocate(1 + random.nextInt(16), "", true));
                                } catch (PageAllocationException expected) {
                                    // injected or real shortage
                                }
                            } else if (d < 55 && !runs.isEmpty()) {
                                s.pagePool().free(runs.remove(random.nextInt(runs.size())));
                            } else if (d < 57) {
                                s.shrinkers().shrinkSlab(random.nextInt(13));
                            } else if (d < 58) {
                                s.allocator().purgeLazy();
                            } else {
                                VmapRequest r = VmapRequest.builder((long) (1 + random.nextInt(24)) * PAGE)
                                        .align(random.nextInt(4) == 0 ? 1L << (12 + random.nextInt(6)) : 1)
                                        .flags(AllocFlag.NO_WARN).build();
                                try {
                                    areas.add(s.allocator().allocate(r));
                                } catch (VmapAllocationException expected) {
                                    assertThat(expected.errno()).isIn(Errno.EBUSY, Errno.ENOMEM);
                                }
                            }
                        }
                        areas.forEach(s.allocator()::free);
                        heldPages.addAndGet(runs.stream().mapToLong(PageRun::nrPages).sum());
                    } catch (Throwable e) {
                        crashes.add(e);
                    }
                }, "faulty-" + t));
            }
            workers.forEach(Thread::start);
            Watchdog.joinAll(workers, 240, TimeUnit.SECONDS, "random faults " + Seeds.replay(seed));
            assertThat(crashes).as(Seeds.replay(seed)).isEmpty();
            faults.disarm();
            s.allocator().purgeLazy();
            String ctx = Seeds.replay(seed) + ", " + faults;
            Invariants.check(s.allocator(), ctx);
            assertThat(s.allocator().stats().lazyPages()).as(ctx).isZero();
            assertThat(s.pagePool().freePages() + heldPages.get() + wild.cachedPages() + tame.cachedPages())
                    .as("every page is free or held: %s", ctx).isEqualTo(s.pagePool().totalPages());
            assertThat(faults.injected(FaultInjector.VMAP_AREA_DESCRIPTOR)).as(ctx).isPositive();
            assertThat(faults.injected(FaultInjector.PAGE_POOL)).as(ctx).isPositive();
            assertThat(rec.events(VmapEvent.NotifierCallFailed.class)).extracting(VmapEvent.NotifierCallFailed::block)
                    .as(ctx).containsOnly("wild");
            assertThat(rec.events(VmapEvent.ShrinkerMisbehaved.class)).extracting(VmapEvent.ShrinkerMisbehaved::shrinker)
                    .as(ctx).containsOnly("wild");
            System.out.println("random faults: " + threads + " threads x " + perThread + " ops; " + ctx + "; "
                    + s.allocator().stats() + "; " + s.pagePool().stats());
        } finally {
            s.close();
        }
        s.allocator().purgeLazy();
        VmapStats end = s.allocator().stats();
        assertThat(end.freeBytes()).as("after close and a purge the whole space is free: %s", end).isEqualTo(end.spaceBytes());
    }
}
