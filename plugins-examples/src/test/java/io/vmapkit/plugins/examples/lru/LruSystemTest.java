package io.vmapkit.plugins.examples.lru;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.Kind;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The LRU mapping cache in a real system (the testkit's 4 MiB space of 1024 pages). */
@VmapKitTest(plugins = LruMappingCachePlugin.class)
class LruSystemTest {

    private static final long PAGE = 4096;

    /** Eight 4-page mappings (5 pages each with the guard) at the bottom, released in {@code order}; then the space is filled. */
    private static void cacheEightAndFill(LruMappingCache cache, Pressure pressure, int... order) {
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            leases.add(cache.map("buf-" + i, 4 * PAGE));
        }
        for (int i : order) {
            leases.get(i).close();
        }
        pressure.fillUntilFull(PAGE);
    }

    private static List<Long> lruPagesPerRound(RecordingListener recorder) {
        return recorder.events(VmapEvent.NotifierRound.class).stream()
                .map(r -> r.contributions().getOrDefault(LruMappingCachePlugin.NAME, 0L)).toList();
    }

    /** A 9-page request needs 10 contiguous pages: the two oldest mappings, adjacent, are exactly that. */
    @Test
    void purgeBlockFreesJustEnoughForTheFailingRequestAndKeepsTheRest(LruMappingCache cache, Pressure pressure,
            VmapAllocator allocator, RecordingListener recorder) {
        cacheEightAndFill(cache, pressure, 0, 1, 2, 3, 4, 5, 6, 7);
        recorder.clear();

        VmapArea area = allocator.allocate(9 * PAGE);

        assertThat(area.state()).isEqualTo(AreaState.LIVE);
        assertThat(lruPagesPerRound(recorder)).containsExactly(10L);
        assertThat(cache.evictionOrder()).containsExactly("buf-2", "buf-3", "buf-4", "buf-5", "buf-6", "buf-7");
        assertThat(cache.stats().notifierEvictions()).isEqualTo(2);
    }

    /**
     * Released in the order 0, 2, 4, 6, 1, 3, 5, 7, the oldest pairs are not neighbours: freeing a
     * request's worth of bytes twice leaves 5-page holes, and only the third round, evicting buf-1 and
     * buf-3, joins buf-0 to buf-4 into one block. Just enough per round, and the allocator's repeated
     * rounds do the rest; buf-5 and buf-7 stay cached.
     */
    @Test
    void justEnoughBytesAreNotAlwaysEnoughSpaceAndTheNextRoundFreesAnotherRequestsWorth(LruMappingCache cache,
            Pressure pressure, VmapAllocator allocator, RecordingListener recorder) {
        cacheEightAndFill(cache, pressure, 0, 2, 4, 6, 1, 3, 5, 7);
        recorder.clear();

        VmapArea area = allocator.allocate(9 * PAGE);

        assertThat(area.state()).isEqualTo(AreaState.LIVE);
        assertThat(lruPagesPerRound(recorder)).containsExactly(10L, 10L, 10L);
        assertThat(cache.evictionOrder()).containsExactly("buf-5", "buf-7");
    }

    @Test
    void pinnedMappingsSurviveAnExhaustedSpace(LruMappingCache cache, Pressure pressure) {
        Lease held = cache.map("held", 16 * PAGE);
        pressure.fillUntilFull(PAGE);

        VmapAllocationException e = pressure.expectAllocationFailure(8 * PAGE);

        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(held.area().state()).isEqualTo(AreaState.LIVE);
        held.close();
    }

    @Test
    void reclaimAtTheGentlestPriorityLeavesTheCacheAloneAndTheMostDesperateEmptiesItsUnpinnedPart(
            LruMappingCache cache, Pressure pressure) {
        for (int i = 0; i < 10; i++) {
            cache.map("k" + i, PAGE).close();
        }
        Lease pinned = cache.map("pinned", PAGE);

        assertThat(pressure.shrinkSlab(12)).as("(10 >> 12) * 4 / 2 = 0 to scan").isZero();
        assertThat(cache.stats().entries()).isEqualTo(11);
        assertThat(pressure.shrinkSlab(0)).isEqualTo(10);
        assertThat(cache.stats().entries()).isEqualTo(1);
        assertThat(pinned.area().state()).isEqualTo(AreaState.LIVE);
        pinned.close();
    }

    @Test
    void uninstallLeavesNoRegistrationOrMappingBehind(VmapSystem system, LruMappingCache cache) {
        cache.map("a", PAGE).close();
        Lease open = cache.map("b", 2 * PAGE);
        assertThat(system.purgeChain().blocks()).hasSize(1);
        assertThat(system.shrinkers().shrinkers()).hasSize(1);

        system.close();

        assertThat(system.purgeChain().blocks()).isEmpty();
        assertThat(system.shrinkers().shrinkers()).isEmpty();
        assertThat(system.allocator().snapshot().ranges()).noneMatch(r -> r.kind() == VmapSnapshot.Kind.BUSY);
        assertThat(system.report().find(Kind.PLUGIN, LruMappingCachePlugin.NAME).orElseThrow().reason())
                .doesNotContain("leftover");
        open.close();
        assertThatThrownBy(() -> cache.map("c", PAGE)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Eight threads map and release 40 keys (each key always the same size) through a cache of
     * capacity 16, while a host thread keeps the space nearly full and reclaim runs now and then. A
     * held lease's mapping is always live; afterwards nothing is pinned, the cache is within its
     * capacity, and its entries are exactly the plugin's live areas. Replay with
     * {@code -Dvmapkit.seed=<seed>}.
     */
    @Test
    @VmapKitTest(plugins = LruMappingCachePlugin.class, settings = "lru-mapping-cache.capacity=16")
    void manyThreadsNeverSeeAHeldMappingEvictedAndTheCacheMatchesTheAllocatorAfterwards(VmapSystem system,
            LruMappingCache cache, RecordingListener recorder) throws Exception {
        long seed = Seeds.seed("lru concurrency");
        OpLog log = OpLog.perThread(400);
        SplittableRandom root = new SplittableRandom(seed);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                SplittableRandom rnd = root.split();
                int id = t;
                futures.add(pool.submit(() -> {
                    Thread.currentThread().setName("lru-" + id);
                    List<Lease> held = new ArrayList<>();
                    try {
                        for (int op = 0; op < 400; op++) {
                            int choice = rnd.nextInt(10);
                            if (choice < 5 && held.size() < 3) {
                                int k = rnd.nextInt(40);
                                try {
                                    held.add(cache.map("key-" + k, (1 + k % 4) * PAGE));
                                    log.add("map key-" + k);
                                } catch (VmapAllocationException e) {
                                    log.add("map key-" + k + " " + e.errno());
                                }
                            } else if (choice < 9 && !held.isEmpty()) {
                                Lease l = held.remove(rnd.nextInt(held.size()));
                                if (l.area().state() != AreaState.LIVE || !cache.contains(l.key())) {
                                    throw new AssertionError("held " + l + " was evicted");
                                }
                                l.close();
                                log.add("close " + l.key());
                            } else {
                                log.add("shrinkSlab(0) -> " + system.shrinkers().shrinkSlab(0));
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        held.forEach(Lease::close);
                    }
                    return null;
                }));
            }
            SplittableRandom hostRnd = root.split();
            futures.add(pool.submit(() -> {
                Thread.currentThread().setName("host");
                List<VmapArea> mine = new ArrayList<>();
                try {
                    for (int op = 0; op < 600; op++) {
                        if (hostRnd.nextInt(3) > 0 || mine.isEmpty()) {
                            long size = (1 + hostRnd.nextInt(32)) * PAGE;
                            try {
                                mine.add(system.allocator().allocate(VmapRequest.builder(size).flags(AllocFlag.NO_WARN).build()));
                            } catch (VmapAllocationException e) {
                                log.add("host alloc " + size + " " + e.errno());
                            }
                        } else {
                            system.allocator().free(mine.remove(hostRnd.nextInt(mine.size())));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    mine.forEach(system.allocator()::free);
                }
                return null;
            }));
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as(log.dump(seed)).isEmpty();
        assertThat(recorder.events()).as("no callback threw or misbehaved; " + log.dump(seed))
                .noneMatch(e -> e instanceof VmapEvent.NotifierCallFailed || e instanceof VmapEvent.ShrinkerMisbehaved);
        LruStats stats = cache.stats();
        VmapSnapshot snap = system.allocator().snapshot();
        List<VmapSnapshot.Range> mine = snap.ranges().stream()
                .filter(r -> r.kind() == VmapSnapshot.Kind.BUSY && r.owner().equals(LruMappingCachePlugin.NAME)).toList();
        assertThat(snap.violation()).as(log.dump(seed)).isEmpty();
        assertThat(stats.pinnedEntries()).as(log.dump(seed)).isZero();
        assertThat(stats.entries()).as(log.dump(seed)).isLessThanOrEqualTo(16).isEqualTo(mine.size());
        assertThat(stats.cachedBytes()).as(log.dump(seed))
                .isEqualTo(mine.stream().mapToLong(VmapSnapshot.Range::size).sum());
        assertThat(stats.hits() + stats.misses()).as(log.dump(seed)).isPositive();
    }
}
