package io.vmapkit.plugins.examples;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.testkit.ManualClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mockito.ArgumentCaptor;

/**
 * A Mockito-mocked {@link PluginContext} for pure unit tests of a plugin: every part is a mock, areas
 * and page runs are small fakes handed out in address order, and registrations are captured so a test
 * can call the plugin's callbacks directly. Stubs are lenient: a test uses the parts it needs.
 */
public final class MockContext {

    /** A fake area: a range with a state the mocked allocator moves to LAZY on free. */
    public static final class FakeArea implements VmapArea {
        private final long start;
        private final long size;
        private final long guard;
        private final String owner;
        private volatile AreaState state = AreaState.LIVE;

        FakeArea(long start, long size, long guard, String owner) {
            this.start = start;
            this.size = size;
            this.guard = guard;
            this.owner = owner;
        }

        @Override
        public long start() {
            return start;
        }

        @Override
        public long end() {
            return start + size + guard;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public long guardSize() {
            return guard;
        }

        @Override
        public AreaState state() {
            return state;
        }

        @Override
        public Optional<String> owner() {
            return Optional.of(owner);
        }

        @Override
        public String toString() {
            return "FakeArea[0x" + Long.toHexString(start) + "+" + size + ", " + state + "]";
        }
    }

    public final PluginContext context = mock(PluginContext.class);
    public final VmapAllocator allocator = mock(VmapAllocator.class);
    public final PagePool pagePool = mock(PagePool.class);
    @SuppressWarnings("unchecked")
    public final NotifierChain<VmapPurgeEvent> purgeChain = mock(NotifierChain.class);
    @SuppressWarnings("unchecked")
    public final NotifierChain<OomEvent> oomChain = mock(NotifierChain.class);
    public final ShrinkerRegistry shrinkers = mock(ShrinkerRegistry.class);
    public final ManualClock clock = new ManualClock();
    public final AddressSpace space = AddressSpace.of("mock", 0x1000_0000L, 4L << 20, 4096);
    /** Every registration handle given out, in order. */
    public final List<Registration> registrations = new ArrayList<>();
    /** Every area allocated, in order. */
    public final List<FakeArea> areas = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private long next = space.start();

    /** A context for plugin {@code plugin} with settings written {@code "key=value"}. */
    @SuppressWarnings("unchecked")
    public MockContext(String plugin, String... settings) {
        for (String s : settings) {
            int eq = s.indexOf('=');
            this.settings.put(s.substring(0, eq), s.substring(eq + 1));
        }
        lenient().when(context.pluginName()).thenReturn(plugin);
        lenient().when(context.settings()).thenReturn(Map.copyOf(this.settings));
        lenient().when(context.allocator()).thenReturn(allocator);
        lenient().when(context.pagePool()).thenReturn(pagePool);
        lenient().when(context.purgeChain()).thenReturn(purgeChain);
        lenient().when(context.oomChain()).thenReturn(oomChain);
        lenient().when(context.shrinkers()).thenReturn(shrinkers);
        lenient().when(context.clock()).thenReturn(clock);
        lenient().when(allocator.space()).thenReturn(space);
        lenient().when(allocator.allocate(any(VmapRequest.class))).thenAnswer(inv -> fakeAllocate(inv.getArgument(0)));
        lenient().doAnswer(inv -> {
            FakeArea a = inv.getArgument(0);
            if (a.state != AreaState.LIVE) {
                throw new IllegalStateException(a + " freed twice");
            }
            a.state = AreaState.LAZY;
            return null;
        }).when(allocator).free(any(VmapArea.class));
        lenient().when(allocator.stats()).thenAnswer(inv -> stats());
        lenient().when(pagePool.allocate(anyLong())).thenAnswer(inv -> {
            PageRun run = mock(PageRun.class);
            lenient().when(run.nrPages()).thenReturn(inv.getArgument(0));
            return run;
        });
        lenient().when(purgeChain.register(any())).thenAnswer(inv -> registration());
        lenient().when(oomChain.register(any())).thenAnswer(inv -> registration());
        lenient().when(shrinkers.register(any())).thenAnswer(inv -> registration());
    }

    /** What the mocked allocator does: a fresh live area after the previous one, recorded in {@link #areas}. */
    public synchronized FakeArea fakeAllocate(VmapRequest r) {
        long guard = r.has(io.vmapkit.api.vmap.AllocFlag.NO_GUARD) ? 0 : space.pageSize();
        FakeArea a = new FakeArea(next, r.size(), guard, context.pluginName());
        next += r.size() + guard;
        areas.add(a);
        return a;
    }

    /**
     * What the mocked allocator reports: live and lazy bytes from {@link #areas}, plus what
     * {@link #othersUse} set aside as live; the rest free, in one block.
     */
    public synchronized io.vmapkit.api.vmap.VmapStats stats() {
        long live = 0;
        long lazy = 0;
        for (FakeArea a : areas) {
            if (a.state() == AreaState.LIVE) {
                live += a.reservedSize();
            } else if (a.state() == AreaState.LAZY) {
                lazy += a.reservedSize();
            }
        }
        live += others;
        long free = Math.max(0, space.size() - live - lazy);
        return io.vmapkit.api.vmap.VmapStats.builder().spaceBytes(space.size()).liveBytes(live).lazyBytes(lazy)
                .freeBytes(free).freeBlocks(free > 0 ? 1 : 0).largestFreeBlock(free).allocations(areas.size()).build();
    }

    private long others;

    /** From now on the mocked allocator reports {@code bytes} more as live, used by someone else. */
    public synchronized void othersUse(long bytes) {
        others = bytes;
    }

    private Registration registration() {
        Registration r = mock(Registration.class);
        registrations.add(r);
        return r;
    }

    /** The single block registered on the purge chain. */
    @SuppressWarnings("unchecked")
    public NotifierBlock<VmapPurgeEvent> purgeBlock() {
        ArgumentCaptor<NotifierBlock<VmapPurgeEvent>> captor = ArgumentCaptor.forClass(NotifierBlock.class);
        org.mockito.Mockito.verify(purgeChain).register(captor.capture());
        return captor.getValue();
    }

    /** The single block registered on the OOM chain. */
    @SuppressWarnings("unchecked")
    public NotifierBlock<OomEvent> oomBlock() {
        ArgumentCaptor<NotifierBlock<OomEvent>> captor = ArgumentCaptor.forClass(NotifierBlock.class);
        org.mockito.Mockito.verify(oomChain).register(captor.capture());
        return captor.getValue();
    }

    /** The single shrinker registered. */
    public Shrinker shrinker() {
        ArgumentCaptor<Shrinker> captor = ArgumentCaptor.forClass(Shrinker.class);
        org.mockito.Mockito.verify(shrinkers).register(captor.capture());
        return captor.getValue();
    }

    /** A purge event for a failing request of {@code pages} pages (plus a guard page), round {@code round}. */
    public VmapPurgeEvent purgeEvent(long pages, int round) {
        long size = pages * space.pageSize();
        return VmapPurgeEvent.of(space, size, round);
    }

    /** Calls {@code block} the way a chain does, telling the event which block runs. */
    public static <T extends io.vmapkit.api.notifier.NotifierCallObserver> int call(NotifierBlock<? super T> block,
            T event) {
        event.enterCallback(block);
        int result = Integer.MIN_VALUE;
        try {
            result = block.notifierCall(0, event);
            return result;
        } finally {
            event.exitCallback(block, result, null);
        }
    }
}
