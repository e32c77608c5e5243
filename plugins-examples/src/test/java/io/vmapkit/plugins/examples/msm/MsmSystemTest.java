package io.vmapkit.plugins.examples.msm;

import static io.vmapkit.testkit.Events.allocated;
import static io.vmapkit.testkit.Events.notifierRound;
import static io.vmapkit.testkit.Events.overflowPurge;
import static io.vmapkit.testkit.Events.search;
import static io.vmapkit.testkit.VmapAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import io.vmapkit.api.Registration;
import io.vmapkit.api.VmapException;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.testkit.LogCapture;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.Status;
import io.vmapkit.testkit.Pressure;
import io.vmapkit.testkit.RecordingListener;
import io.vmapkit.testkit.VmapEvent;
import io.vmapkit.testkit.VmapKitTest;
import io.vmapkit.testsupport.OpLog;
import io.vmapkit.testsupport.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The msm plugin in a real system (the testkit's 4 MiB space of 1024 pages): bounded progress per
 * notifier round and the allocator's repeated rounds (docs/fidelity.md §15, §5.2–5.3), the shrinker under
 * real page pressure, clean uninstall, and many threads at once.
 */
@VmapKitTest(plugins = MsmPlugin.class)
class MsmSystemTest {

    private static final long PAGE = 4096;

    /**
     * 40 one-page objects, mapped and released in order (each mapping reserves 2 pages with its
     * guard, 80 pages at the bottom of the space), then the host fills the rest of the space.
     */
    private static List<MsmObject> cacheFortyMappingsAndFillTheSpace(MsmDriver msm, Pressure pressure) {
        List<MsmObject> objects = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            MsmObject o = msm.newObject(PAGE);
            msm.getVaddr(o);
            msm.putVaddr(o);
            objects.add(o);
        }
        pressure.fillUntilFull(PAGE);
        assertThat(pressure.nextAllocationWouldFail(PAGE)).isTrue();
        return objects;
    }

    private static List<Long> msmContributionPerRound(RecordingListener recorder) {
        return recorder.events(VmapEvent.NotifierRound.class).stream()
                .map(r -> r.contributions().getOrDefault(MsmPlugin.NAME, 0L)).toList();
    }

    /**
     * A request of 70 pages (71 with its guard) needs 36 of the 2-page mappings unmapped: more than one
     * call's 15. msm frees 15, then 15, then the last 10, and each productive round is followed by a
     * purge and a new search, so the allocation succeeds in round 3.
     */
    @Test
    void msmMakesBoundedProgressPerRoundAndTheAllocatorsRepeatedRoundsFinishTheJob(MsmDriver msm, Pressure pressure,
            VmapAllocator allocator, RecordingListener recorder) {
        List<MsmObject> objects = cacheFortyMappingsAndFillTheSpace(msm, pressure);
        recorder.clear();

        VmapArea big = allocator.allocate(70 * PAGE);

        assertThat(big.state()).isEqualTo(AreaState.LIVE);
        assertThat(msmContributionPerRound(recorder)).containsExactly(15L, 15L, 10L);
        assertThat(recorder.events(VmapEvent.NotifierRound.class)).extracting(VmapEvent.NotifierRound::round)
                .containsExactly(1, 2, 3);
        assertThat(recorder).events().containsSubsequence(search(false), overflowPurge(), search(false), notifierRound(),
                search(false), overflowPurge(true), search(false), notifierRound(), search(false), overflowPurge(true),
                search(false), notifierRound(), search(false), overflowPurge(true), search(true), allocated());
        assertThat(objects).noneMatch(MsmObject::isMapped);
        assertThat(msm.stats().notifierCalls()).isEqualTo(3);
    }

    @Test
    @VmapKitTest(plugins = MsmPlugin.class, maxNotifierRounds = 2)
    void withARoundCapTooSmallTheAllocationFailsWithEbusyNamingMsmAsHavingClaimedProgress(MsmDriver msm,
            Pressure pressure, RecordingListener recorder) {
        cacheFortyMappingsAndFillTheSpace(msm, pressure);
        recorder.clear();

        VmapAllocationException e = pressure.expectAllocationFailure(70 * PAGE);

        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(e.roundCapReached()).isTrue();
        assertThat(e.notifierRounds()).isEqualTo(2);
        assertThat(e.claimedProgress()).containsExactly(MsmPlugin.NAME);
        assertThat(e.getMessage()).contains("cap of 2 purge-notifier rounds").contains("[msm]");
        assertThat(msmContributionPerRound(recorder)).containsExactly(15L, 15L);
        assertThat(msm.stats().vunmappableObjects()).as("the last 10 were never reached").isEqualTo(10);
    }

    @Test
    void whenNothingIsLeftToUnmapMsmAddsNothingAndTheAllocationFailsWithoutClaimants(MsmDriver msm, Pressure pressure) {
        MsmObject pinned = msm.newObject(PAGE);
        msm.getVaddr(pinned);
        pressure.fillUntilFull(PAGE);

        VmapAllocationException e = pressure.expectAllocationFailure(8 * PAGE);

        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(e.roundCapReached()).isFalse();
        assertThat(e.notifierRounds()).isEqualTo(1);
        assertThat(pinned.isMapped()).isTrue();
    }

    // ---- lock modes (D17; docs/fidelity.md §11, §15) ---------------------------------------------

    /** What {@link #mapWhileAnotherThreadAllocates} saw. */
    private record Contended(VmapArea hostArea, VmapAllocationException hostFailure, VmapArea mapped, List<String> log) {}

    /**
     * A "mapper" thread maps a fresh object with {@code getVaddr} into a full space; a test block of
     * higher priority parks it inside its own notifier round, before msm's block runs. Meanwhile this
     * thread allocates one page, which only msm's 40 cached mappings can make room for. Then the mapper
     * is let go and finishes.
     */
    private static Contended mapWhileAnotherThreadAllocates(MsmDriver msm, Pressure pressure, VmapAllocator allocator,
            NotifierChain<VmapPurgeEvent> purgeChain) throws Exception {
        MsmObject target = msm.newObject(PAGE);
        cacheFortyMappingsAndFillTheSpace(msm, pressure);
        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> mapper = new AtomicReference<>();
        Registration parker = purgeChain.register(NotifierBlock.<VmapPurgeEvent>of("parker", 10, (action, e) -> {
            if (Thread.currentThread() == mapper.get() && parked.getCount() > 0) {
                parked.countDown();
                await(release);
            }
            return Notify.DONE;
        }));
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mapper");
            mapper.set(t);
            return t;
        });
        try (LogCapture log = new LogCapture(MsmPlugin.class)) {
            Future<VmapArea> mapped = pool.submit(() -> msm.getVaddr(target));
            VmapArea hostArea = null;
            VmapAllocationException hostFailure = null;
            try {
                assertThat(parked.await(30, TimeUnit.SECONDS)).as("the mapper reached its notifier round").isTrue();
                try {
                    hostArea = allocator.allocate(VmapRequest.of(PAGE));
                } catch (VmapAllocationException e) {
                    hostFailure = e;
                }
            } finally {
                release.countDown();
            }
            return new Contended(hostArea, hostFailure, mapped.get(30, TimeUnit.SECONDS), log.messages());
        } finally {
            pool.shutdownNow();
            parker.close();
        }
    }

    /**
     * The kernel's failure mode (docs/fidelity.md §15, §11): the mapper holds {@code struct_mutex} across its
     * vmap; another thread's allocation runs out of space, msm's block finds the lock held by another
     * thread and gives up, adding nothing, so that allocation fails with EBUSY although 40 unpinned
     * mappings were cached. The mapper's own round then steals the lock and unmaps 15.
     */
    @Test
    @VmapKitTest(plugins = MsmPlugin.class, settings = "msm.lock=trylock")
    void trylockModeGivesUpWhenAnotherThreadHoldsTheLockAndTheAllocationFails(MsmDriver msm, Pressure pressure,
            VmapAllocator allocator, NotifierChain<VmapPurgeEvent> purgeChain) throws Exception {
        Contended c = mapWhileAnotherThreadAllocates(msm, pressure, allocator, purgeChain);

        assertThat(c.hostArea()).isNull();
        assertThat(c.hostFailure()).isNotNull();
        assertThat(c.hostFailure().errno()).isEqualTo(Errno.EBUSY);
        assertThat(c.hostFailure().notifierRounds()).as("msm added nothing: one round, then failure").isEqualTo(1);
        assertThat(c.hostFailure().roundCapReached()).isFalse();
        assertThat(c.log()).contains(
                "INFO vmap notifier gave up: the cache lock (struct_mutex) is held by another thread; nothing unmapped");
        assertThat(c.mapped().state()).isEqualTo(AreaState.LIVE);
        MsmStats stats = msm.stats();
        assertThat(stats.notifierGiveUps()).isEqualTo(1);
        assertThat(stats.lockSteals()).as("the mapper's own round").isEqualTo(1);
        assertThat(stats.notifierCalls()).isEqualTo(1);
        assertThat(stats.notifierUnmaps()).isEqualTo(15);
        assertThat(stats.vunmappableObjects()).isEqualTo(25);
        assertThat(stats.pinnedObjects()).isEqualTo(1);
    }

    /**
     * The same race in the default {@code wait} mode: {@code getVaddr} does not hold the cache lock
     * across its vmap, so the other thread's call of msm's block gets it, unmaps 15, and that
     * allocation succeeds (D17); then the mapper's round unmaps 15 more.
     */
    @Test
    void waitModeNeverHoldsTheLockAcrossTheAllocationSoAConcurrentNotifierStillFrees(MsmDriver msm, Pressure pressure,
            VmapAllocator allocator, NotifierChain<VmapPurgeEvent> purgeChain) throws Exception {
        Contended c = mapWhileAnotherThreadAllocates(msm, pressure, allocator, purgeChain);

        assertThat(c.hostFailure()).isNull();
        assertThat(c.hostArea().state()).isEqualTo(AreaState.LIVE);
        assertThat(c.mapped().state()).isEqualTo(AreaState.LIVE);
        assertThat(c.log()).noneMatch(m -> m.contains("gave up"));
        MsmStats stats = msm.stats();
        assertThat(stats.notifierGiveUps()).isZero();
        assertThat(stats.lockSteals()).isZero();
        assertThat(stats.notifierCalls()).isEqualTo(2);
        assertThat(stats.notifierUnmaps()).isEqualTo(30);
    }

    /**
     * In {@code trylock} mode a {@code getVaddr} that needs 36 of the cached mappings gone runs the
     * allocator's rounds while holding the cache lock: each call of msm's block on that thread steals
     * the lock, unmaps its bounded 15, 15, then 10, never the object being mapped.
     */
    @Test
    @VmapKitTest(plugins = MsmPlugin.class, settings = "msm.lock=trylock")
    void trylockModeStealsTheLockInGetVaddrsOwnRoundsWhichFinishTheJob(MsmDriver msm, Pressure pressure,
            RecordingListener recorder) {
        MsmObject big = msm.newObject(70 * PAGE);
        List<MsmObject> objects = cacheFortyMappingsAndFillTheSpace(msm, pressure);
        recorder.clear();

        VmapArea mapping = msm.getVaddr(big);

        assertThat(mapping.state()).isEqualTo(AreaState.LIVE);
        assertThat(msmContributionPerRound(recorder)).containsExactly(15L, 15L, 10L);
        assertThat(objects).noneMatch(MsmObject::isMapped);
        assertThat(big.isMapped()).isTrue();
        MsmStats stats = msm.stats();
        assertThat(stats.lockSteals()).isEqualTo(3);
        assertThat(stats.notifierGiveUps()).isZero();
        assertThat(msm.lock.isLocked()).isFalse();
    }

    /**
     * Page pool of 1024 pages: msm holds 768 in three objects, two advised DONTNEED. A host request for
     * 512 pages finds 256 free; reclaim runs the shrinkers from priority 12 down and stops as soon as the
     * pages are there, so msm purges only the least recently used DONTNEED object.
     */
    @Test
    void underPagePressureTheShrinkerPurgesTheOldestDontNeedObjectAndTheHostGetsItsPages(MsmDriver msm,
            PagePool pool) {
        MsmObject a = msm.newObject(256 * PAGE);
        MsmObject b = msm.newObject(256 * PAGE);
        MsmObject keep = msm.newObject(256 * PAGE);
        msm.getVaddr(a);
        msm.putVaddr(a);
        msm.madvise(a, MsmObject.Madv.DONTNEED);
        msm.madvise(b, MsmObject.Madv.DONTNEED);

        PageRun run = pool.allocate(512);

        assertThat(run.nrPages()).isEqualTo(512);
        assertThat(a.isPurged()).isTrue();
        assertThat(a.isMapped()).as("purging drops the mapping too").isFalse();
        assertThat(b.isPurged()).isFalse();
        assertThat(keep.isPurged()).isFalse();
        assertThat(msm.stats().shrinkerPages()).isEqualTo(256);
        assertThat(msm.stats().purgeablePages()).isEqualTo(256);
        assertThat(pool.freePages()).isZero();
    }

    @Test
    void uninstallLeavesNoRegistrationMappingOrPageBehind(VmapSystem system, MsmDriver msm) {
        for (int i = 0; i < 10; i++) {
            MsmObject o = msm.newObject(2 * PAGE);
            msm.getVaddr(o);
            if (i % 2 == 0) {
                msm.putVaddr(o);
            }
        }
        assertThat(system.purgeChain().blocks()).extracting(b -> b.name()).containsExactly(MsmPlugin.NAME);
        assertThat(system.shrinkers().shrinkers()).extracting(s -> s.name()).containsExactly(MsmPlugin.SHRINKER_NAME);

        system.close();

        assertThat(system.purgeChain().blocks()).isEmpty();
        assertThat(system.shrinkers().shrinkers()).isEmpty();
        assertThat(system.allocator().snapshot().ranges()).noneMatch(r -> r.kind() == VmapSnapshot.Kind.BUSY);
        assertThat(system.pagePool().freePages()).isEqualTo(system.pagePool().totalPages());
        var entry = system.report().find(Kind.PLUGIN, MsmPlugin.NAME).orElseThrow();
        assertThat(entry.status()).isEqualTo(Status.UNINSTALLED);
        assertThat(entry.reason()).as("the plugin cleaned up itself: the runtime found no leftovers")
                .doesNotContain("leftover");
        assertThatThrownBy(() -> msm.newObject(PAGE)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Eight threads pin, use, release and advise 64 objects while two host threads keep the space
     * nearly full and reclaim runs now and then. Whatever a thread holds pinned stays mapped and live;
     * afterwards the cache and the allocator agree, and in the default {@code wait} mode no callback
     * ever gave up. Replay with {@code -Dvmapkit.seed=<seed>}.
     */
    @Test
    void manyThreadsNeverLoseAPinnedMappingAndTheCacheMatchesTheAllocatorAfterwards(VmapSystem system, MsmDriver msm,
            RecordingListener recorder) throws Exception {
        assertThat(msm.lockMode()).isEqualTo(MsmPlugin.LockMode.WAIT);
        ManyThreads run = manyThreads(system, msm, recorder, "msm concurrency");
        assertThat(run.stats().notifierGiveUps()).as(run.log()).isZero();
        assertThat(run.stats().shrinkerGiveUps()).as(run.log()).isZero();
        assertThat(run.stats().lockSteals()).as(run.log()).isZero();
    }

    /**
     * The same run in {@code trylock} mode, where each {@code getVaddr} holds the cache lock across its
     * vmap and the callbacks steal, try-lock or give up: the same invariants hold, every notifier call
     * either walked the list or gave up, and the lock is free afterwards. Replay with
     * {@code -Dvmapkit.seed=<seed>}.
     */
    @Test
    @VmapKitTest(plugins = MsmPlugin.class, settings = "msm.lock=trylock")
    void manyThreadsInTrylockModeNeverLoseAPinnedMappingAndTheCacheMatchesTheAllocatorAfterwards(VmapSystem system,
            MsmDriver msm, RecordingListener recorder) throws Exception {
        assertThat(msm.lockMode()).isEqualTo(MsmPlugin.LockMode.TRYLOCK);
        ManyThreads run = manyThreads(system, msm, recorder, "msm concurrency, trylock");
        System.out.println("msm trylock run: " + run.stats().notifierCalls() + " notifier calls, "
                + run.stats().notifierGiveUps() + " notifier give-ups, " + run.stats().shrinkerGiveUps()
                + " shrinker give-ups, " + run.stats().lockSteals() + " steals");
        assertThat(msm.lock.isLocked()).as(run.log()).isFalse();
    }

    /** What {@link #manyThreads} leaves for the mode-specific checks. */
    private record ManyThreads(MsmStats stats, String log) {}

    /**
     * The body of the concurrency tests: runs the threads, then checks the invariants both lock modes
     * share. The log is the seed and the last operations, for assertion messages.
     */
    private static ManyThreads manyThreads(VmapSystem system, MsmDriver msm, RecordingListener recorder, String name)
            throws Exception {
        long seed = Seeds.seed(name);
        OpLog log = OpLog.perThread(400);
        SplittableRandom root = new SplittableRandom(seed);
        List<MsmObject> objects = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            objects.add(msm.newObject((1 + root.nextInt(4)) * PAGE));
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10, r -> new Thread(r, "worker"));
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                SplittableRandom rnd = root.split();
                int id = t;
                futures.add(pool.submit(() -> {
                    Thread.currentThread().setName("msm-" + id);
                    await(go);
                    List<MsmObject> held = new ArrayList<>();
                    List<VmapArea> areas = new ArrayList<>();
                    try {
                        for (int op = 0; op < 300; op++) {
                            int choice = rnd.nextInt(10);
                            MsmObject o = objects.get(rnd.nextInt(objects.size()));
                            if (choice < 5 && held.size() < 2) {
                                try {
                                    VmapArea a = msm.getVaddr(o);
                                    log.add("getVaddr " + objects.indexOf(o) + " -> " + a);
                                    held.add(o);
                                    areas.add(a);
                                } catch (VmapException e) { // EBUSY: space exhausted, or advised DONTNEED
                                    if (e.errno() != Errno.EBUSY) {
                                        throw e;
                                    }
                                    log.add("getVaddr " + objects.indexOf(o) + " refused: " + e.getMessage());
                                }
                            } else if (choice < 8 && !held.isEmpty()) {
                                MsmObject h = held.remove(0);
                                VmapArea a = areas.remove(0);
                                if (a.state() != AreaState.LIVE || !h.isMapped()) {
                                    throw new AssertionError("pinned object " + objects.indexOf(h) + " lost its mapping " + a);
                                }
                                msm.putVaddr(h);
                                log.add("putVaddr " + objects.indexOf(h));
                            } else if (choice < 9) {
                                MsmObject.Madv m = rnd.nextBoolean() ? MsmObject.Madv.DONTNEED : MsmObject.Madv.WILLNEED;
                                log.add("madvise " + objects.indexOf(o) + " " + m + " -> " + msm.madvise(o, m));
                            } else {
                                log.add("shrinkSlab(0) -> " + system.shrinkers().shrinkSlab(0));
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        for (MsmObject h : held) {
                            msm.putVaddr(h);
                        }
                    }
                    return null;
                }));
            }
            for (int t = 0; t < 2; t++) {
                SplittableRandom rnd = root.split();
                int id = t;
                futures.add(pool.submit(() -> {
                    Thread.currentThread().setName("host-" + id);
                    await(go);
                    List<VmapArea> mine = new ArrayList<>();
                    try {
                        for (int op = 0; op < 400; op++) {
                            if (rnd.nextInt(3) > 0 || mine.isEmpty()) {
                                long size = (1 + rnd.nextInt(24)) * PAGE;
                                try {
                                    mine.add(system.allocator().allocate(
                                            VmapRequest.builder(size).flags(AllocFlag.NO_WARN).build()));
                                    log.add("host alloc " + size);
                                } catch (VmapAllocationException e) {
                                    log.add("host alloc " + size + " " + e.errno());
                                }
                            } else {
                                system.allocator().free(mine.remove(rnd.nextInt(mine.size())));
                                log.add("host free");
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        mine.forEach(system.allocator()::free);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as(log.dump(seed)).isEmpty();
        // The one report allowed: a scan freeing more pages than nr_to_scan, because msm purges whole
        // objects; the registry accepts it, as the kernel does, and calls it suspicious, not a failure.
        assertThat(recorder.events()).as("no callback threw or misbehaved; " + log.dump(seed))
                .noneMatch(e -> e instanceof VmapEvent.NotifierCallFailed
                        || e instanceof VmapEvent.ShrinkerMisbehaved m && !m.problem().startsWith("suspicious: scan_objects freed"));
        assertThat(recorder.events(VmapEvent.ShrinkSlabEnd.class)).as("the shrinker was exercised")
                .anyMatch(e -> e.shrinker().equals(MsmPlugin.SHRINKER_NAME) && e.retval() > 0);
        MsmStats stats = msm.stats();
        VmapSnapshot snap = system.allocator().snapshot();
        long msmBusy = snap.ranges().stream()
                .filter(r -> r.kind() == VmapSnapshot.Kind.BUSY && r.owner().equals(MsmPlugin.NAME)).count();
        assertThat(snap.violation()).as(log.dump(seed)).isEmpty();
        assertThat(stats.pinnedObjects()).as(log.dump(seed)).isZero();
        assertThat(msmBusy).as("msm's live areas are exactly its cached mappings; " + log.dump(seed))
                .isEqualTo(stats.mappedObjects());
        assertThat(stats.vunmappableObjects()).as(log.dump(seed)).isEqualTo(stats.mappedObjects());
        assertThat(objects).as(log.dump(seed)).filteredOn(MsmObject::isPurged).noneMatch(MsmObject::isMapped);
        assertThat(system.allocator().stats().tiles()).isTrue();
        long msmCalls = recorder.events(VmapEvent.NotifierCall.class).stream()
                .filter(c -> c.block().equals(MsmPlugin.NAME)).count();
        assertThat(stats.notifierCalls() + stats.notifierGiveUps())
                .as("every call of msm's block either walked the list or gave up; " + log.dump(seed)).isEqualTo(msmCalls);
        return new ManyThreads(stats, log.dump(seed));
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
