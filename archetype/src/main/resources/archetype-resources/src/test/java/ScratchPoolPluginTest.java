package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The plugin against a Mockito mock of its {@link PluginContext}: exact about what it asks of the
 * system. Every api type is an interface (or a small value class), so everything can be mocked.
 */
class ScratchPoolPluginTest {

    private static final AddressSpace SPACE = AddressSpace.of(0x1000_0000L, 4L << 20);

    private final PluginContext context = mock(PluginContext.class);
    private final ShrinkerRegistry shrinkers = mock(ShrinkerRegistry.class);
    @SuppressWarnings("unchecked")
    private final NotifierChain<VmapPurgeEvent> purgeChain = mock(NotifierChain.class);
    private final PagePool pagePool = mock(PagePool.class);
    private final VmapAllocator allocator = mock(VmapAllocator.class);

    private void settings(Map<String, String> settings) {
        when(context.pluginName()).thenReturn(ScratchPoolPlugin.NAME);
        when(context.settings()).thenReturn(settings);
        when(context.shrinkers()).thenReturn(shrinkers);
        when(context.purgeChain()).thenReturn(purgeChain);
        when(context.pagePool()).thenReturn(pagePool);
        when(context.allocator()).thenReturn(allocator);
        when(allocator.space()).thenReturn(SPACE);
        when(pagePool.allocate(anyLong(), any(), eq(false))).thenAnswer(i -> mock(PageRun.class));
        when(allocator.allocate(any(VmapRequest.class))).thenAnswer(i -> mock(VmapArea.class));
    }

    @Test
    void installRegistersTheShrinkerAndThePurgeBlockUnderThePluginsName() {
        settings(Map.of(ScratchPoolPlugin.WARM_BUFFERS, "0"));

        ScratchPool pool = new ScratchPoolPlugin().install(context);

        assertEquals(0, pool.idleBuffers());
        ArgumentCaptor<Shrinker> shrinker = ArgumentCaptor.forClass(Shrinker.class);
        verify(shrinkers).register(shrinker.capture());
        assertEquals(ScratchPoolPlugin.NAME, shrinker.getValue().name());
        verify(purgeChain).register(argThat(b -> b.name().equals(ScratchPoolPlugin.NAME)));
    }

    @Test
    void installWarmsThePoolWithNonBlockingRequestsThatMakeNobodyReclaim() {
        settings(Map.of(ScratchPoolPlugin.WARM_BUFFERS, "3", ScratchPoolPlugin.BUFFER_PAGES, "2"));

        ScratchPool pool = new ScratchPoolPlugin().install(context);

        assertEquals(3, pool.idleBuffers());
        // 3 buffers of 2 pages: pages without reclaim, mappings of 2 * 4096 = 8192 bytes, non-blocking
        verify(pagePool, times(3)).allocate(2, ScratchPoolPlugin.NAME, false);
        verify(allocator, times(3)).allocate(argThat((VmapRequest r) -> r.size() == 8192 && r.has(AllocFlag.NON_BLOCKING)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePurgeBlockReleasesEveryIdleBufferAndCountsThemInFreed() {
        settings(Map.of(ScratchPoolPlugin.WARM_BUFFERS, "2"));
        ScratchPool pool = new ScratchPoolPlugin().install(context);
        ArgumentCaptor<NotifierBlock<VmapPurgeEvent>> block = ArgumentCaptor.forClass(NotifierBlock.class);
        verify(purgeChain).register(block.capture());

        VmapPurgeEvent first = VmapPurgeEvent.of(SPACE, 4096, 1);
        assertEquals(Notify.DONE, block.getValue().notifierCall(VmapPurgeEvent.ACTION, first));
        VmapPurgeEvent second = VmapPurgeEvent.of(SPACE, 4096, 2);
        block.getValue().notifierCall(VmapPurgeEvent.ACTION, second);

        assertEquals(2, first.freed()); // the two warm buffers
        assertEquals(0, second.freed()); // nothing left: the block adds nothing, so the allocator gives up
        assertEquals(0, pool.idleBuffers());
        assertEquals(2, pool.released(ScratchPool.Reason.PURGE));
        verify(allocator, times(2)).free(any());
        verify(pagePool, times(2)).free(any());
    }

    @Test
    void theShrinkerCountsIdleBuffersAndScansAtMostWhatItIsAskedFor() {
        settings(Map.of(ScratchPoolPlugin.WARM_BUFFERS, "5"));
        ScratchPool pool = new ScratchPoolPlugin().install(context);
        ArgumentCaptor<Shrinker> captor = ArgumentCaptor.forClass(Shrinker.class);
        verify(shrinkers).register(captor.capture());
        Shrinker shrinker = captor.getValue();
        ShrinkControl sc = new ShrinkControl(0, 12, true);

        assertEquals(5, shrinker.countObjects(sc));
        sc.setNrToScan(3);
        assertEquals(3, shrinker.scanObjects(sc)); // 3 of the 5
        sc.setNrToScan(3);
        assertEquals(2, shrinker.scanObjects(sc)); // the 2 left
        assertEquals(Shrinker.SHRINK_STOP, shrinker.scanObjects(sc)); // none: no progress possible
        assertEquals(0, pool.idleBuffers());
        assertEquals(5, pool.released(ScratchPool.Reason.SHRINKER));
    }

    @Test
    void aBadSettingRefusesInstallationBeforeAnythingIsRegistered() {
        // max-idle defaults to 32, so warm-buffers must lie in [0, 32]
        settings(Map.of(ScratchPoolPlugin.WARM_BUFFERS, "40"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScratchPoolPlugin().install(context));

        assertEquals("vmapkit.plugin." + ScratchPoolPlugin.NAME + ".warm-buffers = 40: must be between 0 and 32",
                e.getMessage());
        verify(context, never()).shrinkers();
        verify(context, never()).purgeChain();
        verify(context, never()).allocator();
    }

    @Test
    void anUnknownSettingIsRefusedWithTheClosestKnownKey() {
        settings(Map.of("max-idel", "8"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScratchPoolPlugin().install(context));

        assertEquals("unknown setting 'vmapkit.plugin." + ScratchPoolPlugin.NAME + ".max-idel' (did you mean 'vmapkit.plugin."
                + ScratchPoolPlugin.NAME + ".max-idle'?); plugin '" + ScratchPoolPlugin.NAME
                + "' knows [buffer-pages, max-idle, warm-buffers]", e.getMessage());
    }
}
