package io.vmapkit.allocator.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.vmapkit.api.Errno;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.event.OomNotifyEvent;
import io.vmapkit.api.event.PageReclaimEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.page.PagePoolStats;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.InOrder;

/** The page pool: allocation, reclaim through shrinkers (priority 12 down to 0), the OOM chain, ENOMEM. */
class DefaultPagePoolTest {

    private final ShrinkerRegistry shrinkers = mock(ShrinkerRegistry.class);
    @SuppressWarnings("unchecked")
    private final NotifierChain<OomEvent> oomChain = mock(NotifierChain.class);

    private static PagePool pool(PagePoolConfig.Builder b) {
        return new DefaultPagePoolProvider().create(b.build());
    }

    @Test
    void allocatesAndFreesRunsAndCountsThem() {
        PagePool pool = pool(PagePoolConfig.builder(100));
        PageRun a = pool.allocate(30, "i915", true);
        PageRun b = pool.allocate(70);
        assertThat(a.nrPages()).isEqualTo(30);
        assertThat(a.owner()).contains("i915");
        assertThat(b.owner()).isEmpty();
        assertThat(pool.freePages()).isZero();
        pool.free(a);
        assertThat(a.isFreed()).isTrue();
        assertThat(pool.stats()).isEqualTo(new PagePoolStats(100, 30, 2, 0, 0, 0, 0, 0));
        assertThat(pool.stats().allocatedPages()).isEqualTo(70);
    }

    @Test
    void shortageRunsShrinkersFromPriority12DownAndStopsOnceEnoughIsFree() {
        PagePool pool = pool(PagePoolConfig.builder(100).shrinkers(shrinkers));
        Deque<PageRun> cached = new ArrayDeque<>();
        for (int i = 0; i < 10; i++) {
            cached.add(pool.allocate(10, "cache", true));
        }
        when(shrinkers.shrinkSlab(anyInt())).thenAnswer(inv -> {
            int priority = inv.getArgument(0);
            if (priority > 10) {
                return 0L; // gentle passes find nothing
            }
            pool.free(cached.poll());
            pool.free(cached.poll());
            return 2L;
        });

        PageRun run = pool.allocate(20, "plugin", true);

        assertThat(run.nrPages()).isEqualTo(20);
        InOrder order = inOrder(shrinkers);
        order.verify(shrinkers).shrinkSlab(12);
        order.verify(shrinkers).shrinkSlab(11);
        order.verify(shrinkers).shrinkSlab(10);
        verify(shrinkers, times(3)).shrinkSlab(anyInt());
        PagePoolStats s = pool.stats();
        assertThat(s.reclaimPasses()).isEqualTo(3);
        assertThat(s.reclaimedObjects()).isEqualTo(2);
        assertThat(s.oomRounds()).isZero();
    }

    @Test
    void whenReclaimFailsTheOomChainRunsAndItsProgressIsRetried() {
        PagePool pool = pool(PagePoolConfig.builder(10).shrinkers(shrinkers).oomChain(oomChain));
        PageRun hog = pool.allocate(10);
        List<Long> requested = new ArrayList<>();
        when(oomChain.call(eq(0L), any())).thenAnswer(inv -> {
            OomEvent e = inv.getArgument(1);
            requested.add(e.requestedPages());
            assertThat(e.freed()).isZero();
            pool.free(hog);
            e.add(10);
            return 0;
        });

        PageRun run = pool.allocate(4, "plugin", true);

        assertThat(run.nrPages()).isEqualTo(4);
        for (int p = 12; p >= 0; p--) {
            verify(shrinkers).shrinkSlab(p);
        }
        assertThat(requested).containsExactly(4L);
        assertThat(pool.stats().oomRounds()).isEqualTo(1);
        assertThat(pool.stats().oomFreed()).isEqualTo(10);
        assertThat(pool.stats().reclaimPasses()).isEqualTo(13);
    }

    @Test
    void oomChainThatClaimsProgressWithoutFreeingIsBoundedThenEnomem() {
        AtomicInteger calls = new AtomicInteger();
        when(oomChain.call(eq(0L), any())).thenAnswer(inv -> {
            calls.incrementAndGet();
            inv.getArgument(1, OomEvent.class).add(1);
            return 0;
        });
        PagePool pool = pool(PagePoolConfig.builder(10).oomChain(oomChain));
        pool.allocate(8);

        PageAllocationException e = catchThrowableOfType(PageAllocationException.class, () -> pool.allocate(4, "plugin", true));

        assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
        assertThat(e.requestedPages()).isEqualTo(4);
        assertThat(e.getMessage()).contains("4 pages").contains("plugin").contains("2 of 10");
        assertThat(calls.get()).isEqualTo(DefaultPagePool.MAX_OOM_ROUNDS);
        assertThat(pool.stats().failures()).isEqualTo(1);
    }

    /** Deviation D21's switch: the OOM-round cap is a {@link PagePoolConfig} value. */
    @Test
    void oomRoundCapIsConfigurable() {
        AtomicInteger calls = new AtomicInteger();
        when(oomChain.call(eq(0L), any())).thenAnswer(inv -> {
            calls.incrementAndGet();
            inv.getArgument(1, OomEvent.class).add(1);
            return 0;
        });
        PagePool pool = pool(PagePoolConfig.builder(10).oomChain(oomChain).maxOomRounds(3));
        pool.allocate(8);

        PageAllocationException e = catchThrowableOfType(PageAllocationException.class, () -> pool.allocate(4, "plugin", true));

        assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
        assertThat(e.getMessage()).contains("the cap of 3 OOM rounds was reached");
        assertThat(calls.get()).isEqualTo(3);
        assertThat(pool.stats().oomRounds()).isEqualTo(3);
        assertThat(pool.stats().oomFreed()).isEqualTo(3);
        assertThat(pool.stats().failures()).isEqualTo(1);

        calls.set(0);
        PagePool once = pool(PagePoolConfig.builder(10).oomChain(oomChain).maxOomRounds(1));
        once.allocate(8);
        assertThatThrownBy(() -> once.allocate(4)).isInstanceOf(PageAllocationException.class)
                .hasMessageContaining("the cap of 1 OOM rounds");
        assertThat(calls.get()).isEqualTo(1);
    }

    /** "unlimited" is the kernel's retry: the loop ends only when a callback really frees enough. */
    @Test
    @Timeout(20)
    void unlimitedOomRoundsLoopLikeTheKernelUntilACallbackReallyFrees() {
        AtomicInteger calls = new AtomicInteger();
        PagePool pool = pool(PagePoolConfig.builder(10).oomChain(oomChain).maxOomRounds(PagePoolConfig.UNLIMITED_OOM_ROUNDS));
        PageRun hog = pool.allocate(8);
        when(oomChain.call(eq(0L), any())).thenAnswer(inv -> {
            if (calls.incrementAndGet() == 50) {
                pool.free(hog);
            }
            inv.getArgument(1, OomEvent.class).add(1);
            return 0;
        });

        PageRun run = pool.allocate(4, "plugin", true);

        assertThat(run.nrPages()).isEqualTo(4);
        assertThat(calls.get()).isEqualTo(50);
        assertThat(pool.stats().oomRounds()).isEqualTo(50);
        assertThat(pool.stats().failures()).isZero();
    }

    @Test
    void unlimitedOomRoundsStillStopWhenARoundFreesNothing() {
        AtomicInteger calls = new AtomicInteger();
        when(oomChain.call(eq(0L), any())).thenAnswer(inv -> {
            if (calls.incrementAndGet() < 20) {
                inv.getArgument(1, OomEvent.class).add(1);
            }
            return 0;
        });
        PagePool pool = pool(PagePoolConfig.builder(10).oomChain(oomChain).maxOomRounds(PagePoolConfig.UNLIMITED_OOM_ROUNDS));
        pool.allocate(10);

        PageAllocationException e = catchThrowableOfType(PageAllocationException.class, () -> pool.allocate(1));

        assertThat(calls.get()).isEqualTo(20);
        assertThat(e.getMessage()).doesNotContain("cap");
    }

    @Test
    void oomChainThatFreesNothingEndsAfterOneRound() {
        when(oomChain.call(eq(0L), any())).thenReturn(0);
        PagePool pool = pool(PagePoolConfig.builder(10).shrinkers(shrinkers).oomChain(oomChain));
        pool.allocate(10);
        assertThatThrownBy(() -> pool.allocate(1)).isInstanceOf(PageAllocationException.class);
        verify(oomChain, times(1)).call(eq(0L), any());
        assertThat(pool.stats().reclaimPasses()).isEqualTo(13);
    }

    @Test
    void withoutReclaimAShortageFailsAtOnce() {
        PagePool pool = pool(PagePoolConfig.builder(10).shrinkers(shrinkers).oomChain(oomChain));
        pool.allocate(10);
        assertThatThrownBy(() -> pool.allocate(1, "atomic", false)).isInstanceOf(PageAllocationException.class)
                .hasMessageContaining("reclaim not allowed");
        verifyNoInteractions(shrinkers, oomChain);
    }

    @Test
    void pagePoolFaultBehavesAsAShortage() {
        AtomicInteger failures = new AtomicInteger();
        FaultInjector faults = site -> FaultInjector.PAGE_POOL.equals(site) && failures.getAndDecrement() > 0;
        PagePool pool = pool(PagePoolConfig.builder(10).shrinkers(shrinkers).oomChain(oomChain).faults(faults));

        failures.set(1);
        PageRun run = pool.allocate(2);
        assertThat(run.nrPages()).isEqualTo(2);
        verify(shrinkers, times(1)).shrinkSlab(12); // enough was free after the first pass
        verify(oomChain, never()).call(any(Long.class), any());

        failures.set(Integer.MAX_VALUE);
        assertThatThrownBy(() -> pool.allocate(2)).isInstanceOf(PageAllocationException.class);
        verify(oomChain, times(1)).call(eq(0L), any());
        assertThat(pool.freePages()).isEqualTo(8);
    }

    @Test
    void reclaimAndTheOomChainRunWithoutThePoolLock() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            PagePool pool = pool(PagePoolConfig.builder(10).shrinkers(shrinkers));
            PageRun cached = pool.allocate(10);
            when(shrinkers.shrinkSlab(anyInt())).thenAnswer(inv -> {
                other.submit(() -> pool.free(cached)).get(10, TimeUnit.SECONDS);
                return 1L;
            });
            assertThat(pool.allocate(5).nrPages()).isEqualTo(5);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void listenerHearsReclaimAndOomRounds() {
        List<String> heard = new ArrayList<>();
        VmapListener listener = new VmapListener() {
            @Override
            public void pageReclaim(PageReclaimEvent event) {
                long requestedPages = event.requestedPages();
                long reclaimed = event.reclaimed();
                heard.add("reclaim " + requestedPages + " " + reclaimed);
            }

            @Override
            public void oomNotify(OomNotifyEvent event) {
                long requestedPages = event.requestedPages();
                long freed = event.freed();
                heard.add("oom " + requestedPages + " " + freed);
            }
        };
        when(shrinkers.shrinkSlab(anyInt())).thenReturn(1L);
        when(oomChain.call(eq(0L), any())).thenReturn(0);
        PagePool pool = pool(PagePoolConfig.builder(4).shrinkers(shrinkers).oomChain(oomChain).listener(listener));
        pool.allocate(4);
        assertThatThrownBy(() -> pool.allocate(1)).isInstanceOf(PageAllocationException.class);
        assertThat(heard).containsExactly("reclaim 1 13", "oom 1 0");
    }

    @Test
    void foreignAndDoubleFreesAreRejectedAndChangeNothing() {
        PagePool pool = pool(PagePoolConfig.builder(10));
        PagePool other = pool(PagePoolConfig.builder(10));
        PageRun mine = pool.allocate(3);
        PageRun theirs = other.allocate(3);
        PageRun forged = new PageRun() {
            @Override
            public long nrPages() {
                return 3;
            }

            @Override
            public Optional<String> owner() {
                return Optional.empty();
            }

            @Override
            public boolean isFreed() {
                return false;
            }

            @Override
            public String toString() {
                return "forged-run";
            }
        };
        PagePoolStats before = pool.stats();
        assertThatThrownBy(() -> pool.free(theirs)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.free(forged)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forged-run");
        assertThat(pool.stats()).isEqualTo(before);
        pool.free(mine);
        PagePoolStats freed = pool.stats();
        assertThatThrownBy(() -> pool.free(mine)).isInstanceOf(IllegalStateException.class).hasMessageContaining("double free");
        assertThat(pool.stats()).isEqualTo(freed);
    }

    @Test
    void badSizesAreRejectedAndChangeNothing() {
        PagePool pool = pool(PagePoolConfig.builder(10).shrinkers(shrinkers));
        PagePoolStats before = pool.stats();
        assertThatThrownBy(() -> pool.allocate(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 pages");
        assertThatThrownBy(() -> pool.allocate(-3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
        assertThatThrownBy(() -> pool.allocate(11)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11");
        assertThatThrownBy(() -> pool.allocate(1, null, true)).isInstanceOf(NullPointerException.class);
        assertThat(pool.stats()).isEqualTo(before);
        verifyNoInteractions(shrinkers);
    }
}
