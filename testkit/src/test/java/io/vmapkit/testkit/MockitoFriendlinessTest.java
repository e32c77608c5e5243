package io.vmapkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.Registration;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierCallObserver;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.Discoverable;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.api.spi.PagePoolProvider;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
@VmapKitTest
class MockitoFriendlinessTest {

    @Mock
    NotifierBlock<VmapPurgeEvent> block;

    @Test
    void aMockedBlockIsCalledWithAnEventWhoseFreedCounterItIncremented(NotifierChain<VmapPurgeEvent> purgeChain,
            Pressure pressure) {
        lenient().when(block.name()).thenReturn("mocked-cache");
        when(block.notifierCall(eq(VmapPurgeEvent.ACTION), any())).thenAnswer(inv -> {
            inv.<VmapPurgeEvent>getArgument(1).add(7);
            return Notify.DONE;
        });
        purgeChain.register(block);

        VmapPurgeEvent event = pressure.purgeRound(4096);

        verify(block).notifierCall(eq(VmapPurgeEvent.ACTION), argThat(ev -> ev == event && ev.freed() == 7));
        assertThat(event.freed()).isEqualTo(7);
        VmapAssertions.assertFreedAtLeast(event, "mocked-cache", 7);
    }

    /**
     * What makes the api mockable is ours to keep: every type a host or plugin may want to mock is a
     * public interface that is not sealed (Mockito cannot implement a sealed one). The check is on
     * the types themselves, so it fails when one of them changes, not when Mockito does.
     */
    @Test
    void everyApiInterfaceStaysAPublicUnsealedInterface() {
        List<Class<?>> interfaces = List.of(VmapAllocator.class, VmapArea.class, NotifierChain.class, NotifierBlock.class,
                NotifierCallObserver.class, ShrinkerRegistry.class, Shrinker.class, PagePool.class, PageRun.class,
                VmapListener.class, VmapClock.class, FaultInjector.class, Registration.class, PluginContext.class,
                VmapPlugin.class, InstalledPlugin.class, Discoverable.class, AllocatorProvider.class, NotifierProvider.class,
                PagePoolProvider.class);
        for (Class<?> type : interfaces) {
            assertThat(type.isInterface()).as(type.getName() + " is an interface").isTrue();
            assertThat(java.lang.reflect.Modifier.isPublic(type.getModifiers())).as(type.getName() + " is public").isTrue();
            assertThat(type.isSealed()).as(type.getName() + " is not sealed").isFalse();
        }
    }
}
