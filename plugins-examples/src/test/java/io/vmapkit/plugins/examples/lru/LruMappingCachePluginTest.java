package io.vmapkit.plugins.examples.lru;

import static io.vmapkit.plugins.examples.MockContext.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.plugins.examples.MockContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.junit.jupiter.MockitoExtension;

/** The LRU mapping cache against a mocked context. */
@ExtendWith(MockitoExtension.class)
class LruMappingCachePluginTest {

    private static final long PAGE = 4096;

    private final LruMappingCachePlugin plugin = new LruMappingCachePlugin();
    /** The installation under test: set by each test's install. */
    private LruMappingCache cache;

    /** Maps and releases each key in order, {@code pages[i]} pages for key {@code "k" + i}. */
    private void cached(long... pages) {
        for (int i = 0; i < pages.length; i++) {
            cache.map("k" + i, pages[i] * PAGE).close();
        }
    }

    @Test
    void installRegistersOneShrinkerAndOneBlockWithTheConfiguredSeeksAndPriority() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME, "seeks=0", "priority=5", "capacity=8");
        cache = plugin.install(ctx.context);

        Shrinker shrinker = ctx.shrinker();
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();
        assertThat(shrinker.name()).isEqualTo("lru-mapping-cache");
        assertThat(shrinker.seeks()).isZero();
        assertThat(block.name()).isEqualTo("lru-mapping-cache");
        assertThat(block.priority()).isEqualTo(5);
        assertThat(cache.stats().capacity()).isEqualTo(8);
        verifyNoInteractions(ctx.allocator);
    }

    @Test
    void defaultsAreCapacity256SeeksTwoPriorityZero() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME);
        cache = plugin.install(ctx.context);
        assertThat(cache.stats().capacity()).isEqualTo(256);
        assertThat(ctx.shrinker().seeks()).isEqualTo(2);
        assertThat(ctx.purgeBlock().priority()).isZero();
    }

    @Test
    void aBadSettingRefusesInstallationBeforeAnythingIsRegistered() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME, "capacity=0");
        assertThatThrownBy(() -> plugin.install(ctx.context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vmapkit.plugin.lru-mapping-cache.capacity = 0: must be at least 1");
        verifyNoInteractions(ctx.shrinkers, ctx.purgeChain);
    }

    @Test
    void aMissMapsAndAHitReturnsTheCachedMappingWithoutAllocating() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME);
        cache = plugin.install(ctx.context);
        VmapArea first;
        try (Lease lease = cache.map("frame", 4 * PAGE)) {
            first = lease.area();
            assertThat(lease.size()).isEqualTo(4 * PAGE);
            assertThat(lease.key()).isEqualTo("frame");
        }
        try (Lease again = cache.map("frame", 4 * PAGE)) {
            assertThat(again.area()).isSameAs(first);
        }
        verify(ctx.allocator, times(1)).allocate(any(VmapRequest.class));
        assertThat(cache.stats().hits()).isEqualTo(1);
        assertThat(cache.stats().misses()).isEqualTo(1);
    }

    @Test
    void askingForAnotherSizeUnderACachedKeyIsRefusedWithNothingChanged() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME);
        cache = plugin.install(ctx.context);
        cached(4);
        LruStats before = cache.stats();
        assertThatThrownBy(() -> cache.map("k0", 8 * PAGE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key 'k0' is cached with 16384 bytes, not the 32768 asked for; evict it first");
        assertThatThrownBy(() -> cache.map("k1", PAGE + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4097");
        assertThat(cache.stats()).isEqualTo(before);
        assertThat(cache.evictionOrder()).containsExactly("k0");
    }

    @Test
    void leastRecentlyReleasedIsEvictedFirstWhenOverCapacity() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME, "capacity=3");
        cache = plugin.install(ctx.context);
        Lease a = cache.map("a", PAGE);
        Lease b = cache.map("b", PAGE);
        Lease c = cache.map("c", PAGE);
        c.close();
        a.close();
        b.close();
        assertThat(cache.evictionOrder()).containsExactly("c", "a", "b");

        cache.map("d", PAGE).close();

        assertThat(cache.contains("c")).isFalse();
        assertThat(cache.evictionOrder()).containsExactly("a", "b", "d");
        verify(ctx.allocator).free(c.area());
        assertThat(cache.stats().capacityEvictions()).isEqualTo(1);
    }

    @Test
    void pinnedMappingsAreNeverEvictedAndTheCacheShrinksBackAsLeasesClose() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME, "capacity=2");
        cache = plugin.install(ctx.context);
        Lease a = cache.map("a", PAGE);
        Lease b = cache.map("b", PAGE);
        Lease c = cache.map("c", PAGE);
        assertThat(cache.stats().entries()).as("all pinned: over capacity").isEqualTo(3);
        verify(ctx.allocator, never()).free(any(VmapArea.class));

        c.close(); // the only unpinned one, and the cache is over capacity: c goes
        assertThat(cache.contains("c")).isFalse();
        a.close();
        assertThat(cache.contains("a")).as("back within capacity").isTrue();
        b.close();
        assertThat(cache.stats().entries()).isEqualTo(2);
        assertThat(cache.stats().pinnedEntries()).isZero();
    }

    @Test
    void closingALeaseTwiceDropsOnePin() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME);
        cache = plugin.install(ctx.context);
        Lease one = cache.map("a", PAGE);
        Lease two = cache.map("a", PAGE);
        one.close();
        one.close();
        assertThat(one.isClosed()).isTrue();
        assertThat(cache.stats().pinnedEntries()).as("two still holds it").isEqualTo(1);
        assertThat(cache.evict("a")).isFalse();
        two.close();
        assertThat(cache.evict("a")).isTrue();
        assertThat(cache.stats().explicitEvictions()).isEqualTo(1);
    }

    /**
     * Reserved sizes (guard included) 2, 3, 5 and 9 pages, released in that order; a failing request
     * of 5 pages needs 6. Oldest first: 2 + 3 = 5 is short, + 5 = 10 is enough, so the 9-page
     * mapping stays.
     */
    @Test
    void purgeBlockEvictsOldestUnpinnedUntilTheFailingRequestsNeededBytesAreReached() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME);
        cache = plugin.install(ctx.context);
        cached(1, 2, 4, 8);
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();

        VmapPurgeEvent e = ctx.purgeEvent(5, 1);
        assertThat(e.neededBytes()).isEqualTo(6 * PAGE);
        assertThat(call(block, e)).isEqualTo(Notify.DONE);

        assertThat(e.freed()).as("pages released").isEqualTo(10);
        assertThat(cache.evictionOrder()).containsExactly("k3");
        InOrder order = inOrder(ctx.allocator);
        order.verify(ctx.allocator).free(ctx.areas.get(0));
        order.verify(ctx.allocator).free(ctx.areas.get(1));
        order.verify(ctx.allocator).free(ctx.areas.get(2));
        assertThat(ctx.areas.get(3).state()).isEqualTo(AreaState.LIVE);

        VmapPurgeEvent big = ctx.purgeEvent(100, 2);
        call(block, big);
        assertThat(big.freed()).as("not enough left: all of it").isEqualTo(9);
        VmapPurgeEvent none = ctx.purgeEvent(1, 3);
        call(block, none);
        assertThat(none.contributions()).isEmpty();
        assertThat(cache.stats().notifierEvictions()).isEqualTo(4);
        assertThat(cache.stats().notifierPages()).isEqualTo(19);
    }

    @Test
    void purgeBlockSkipsPinnedMappings() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME);
        cache = plugin.install(ctx.context);
        Lease held = cache.map("held", 8 * PAGE);
        cached(1);
        VmapPurgeEvent e = ctx.purgeEvent(20, 1);
        call(ctx.purgeBlock(), e);
        assertThat(e.freed()).isEqualTo(2);
        assertThat(held.area().state()).isEqualTo(AreaState.LIVE);
        assertThat(cache.contains("held")).isTrue();
    }

    @Test
    void shrinkerCountsUnpinnedEntriesAndScanEvictsTheOldest() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME);
        cache = plugin.install(ctx.context);
        Shrinker shrinker = ctx.shrinker();
        ShrinkControl sc = new ShrinkControl(0, 0, true);
        assertThat(shrinker.countObjects(sc)).isZero();
        cached(1, 1, 1, 1, 1);
        Lease pinned = cache.map("pinned", PAGE);
        assertThat(shrinker.countObjects(sc)).isEqualTo(5);

        sc.setNrToScan(3);
        assertThat(shrinker.scanObjects(sc)).isEqualTo(3);
        assertThat(cache.evictionOrder()).containsExactly("k3", "k4");
        sc.setNrToScan(128);
        assertThat(shrinker.scanObjects(sc)).isEqualTo(2);
        assertThat(shrinker.scanObjects(sc)).isEqualTo(Shrinker.SHRINK_STOP);
        assertThat(cache.contains("pinned")).isTrue();
        assertThat(cache.stats().shrinkerEvictions()).isEqualTo(5);
        pinned.close();
    }

    @Test
    void uninstallUnregistersThenFreesEveryMappingAndLateLeaseClosesAreHarmless() {
        MockContext ctx = new MockContext(LruMappingCachePlugin.NAME);
        cache = plugin.install(ctx.context);
        cached(1, 2);
        Lease open = cache.map("open", PAGE);

        cache.close();

        InOrder order = inOrder(ctx.registrations.get(1), ctx.registrations.get(0), ctx.allocator);
        order.verify(ctx.registrations.get(1)).close();
        order.verify(ctx.registrations.get(0)).close();
        order.verify(ctx.allocator, times(3)).free(any(VmapArea.class));
        assertThat(ctx.areas).allMatch(a -> a.state() == AreaState.LAZY);
        open.close();
        assertThat(cache.stats().entries()).isZero();
        assertThatThrownBy(() -> cache.map("x", PAGE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed when the plugin was uninstalled");
        assertThat(ctx.areas.get(ctx.areas.size() - 1).state()).as("the racing miss gave its area back")
                .isEqualTo(AreaState.LAZY);
        cache = plugin.install(new MockContext(LruMappingCachePlugin.NAME).context); // a fresh start works
        assertThat(cache.map("x", PAGE).key()).isEqualTo("x");
    }

    /**
     * Host calls before install cannot happen: the plugin is a stateless factory with no host methods,
     * and each install returns a cache of its own. Two installs from one plugin share nothing.
     */
    @Test
    void eachInstallReturnsACacheOfItsOwn() {
        LruMappingCache first = plugin.install(new MockContext(LruMappingCachePlugin.NAME).context);
        LruMappingCache second = plugin.install(new MockContext(LruMappingCachePlugin.NAME, "capacity=3").context);
        assertThat(second.evictionOrder()).isEqualTo(List.of());
        first.map("x", PAGE).close();
        assertThat(first.contains("x")).isTrue();
        assertThat(second.contains("x")).isFalse();
        assertThat(first.stats().capacity()).isEqualTo(LruMappingCachePlugin.DEFAULT_CAPACITY);
        assertThat(second.stats().capacity()).isEqualTo(3);
        assertThat(second.evict("x")).isFalse();
    }
}
