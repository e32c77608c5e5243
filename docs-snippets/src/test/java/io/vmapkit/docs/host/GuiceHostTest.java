package io.vmapkit.docs.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.testing.fieldbinder.Bind;
import com.google.inject.testing.fieldbinder.BoundFieldModule;
import com.google.inject.util.Modules;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.guice.VmapKitModule;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.SystemState;
import io.vmapkit.runtime.VmapSystem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/embedding.md, "Guice 7" and "Testing host code": each region the page shows, run. */
class GuiceHostTest {

    @Test
    void theHostServiceGetsTheAllocatorOfASystemStartedWithTheInjector() {
        // tag::guice[]
        VmapConfig config = VmapConfig.builder()
                .addressSpace(AddressSpace.x86_32())
                .ncpus(4)
                .build();
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                VmapKitModule.from(VmapKit.builder().config(config).discoverPlugins()),
                new HostModule());
        BufferService buffers = injector.getInstance(BufferService.class);
        VmapArea area = buffers.buffer(4);
        // ... use the mapping ...
        injector.getInstance(VmapSystem.class).close();   // Guice has no shutdown hook
        // end::guice[]
        assertThat(area.size()).isEqualTo(4 * 4096);
        assertThat(area.state()).isEqualTo(AreaState.LIVE); // the host's own mapping: closing does not free it
        assertThat(injector.getInstance(VmapSystem.class).state()).isEqualTo(SystemState.CLOSED);
        assertThat(injector.getInstance(VmapSystem.class).installedPlugins()).isEmpty(); // i915 was uninstalled
    }

    @Test
    void aHostAddsItsOwnPluginThroughTheMapBinder() {
        HostCachePlugin hostPlugin = new HostCachePlugin();
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                VmapKitModule.withPlugins(List.of()),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        // tag::mapbinder[]
                        MapBinder.newMapBinder(binder(), String.class, VmapPlugin.class)
                                .addBinding("host-cache").toInstance(hostPlugin);
                        // end::mapbinder[]
                    }
                });
        VmapSystem system = injector.getInstance(VmapSystem.class);
        assertThat(system.installedPlugins()).containsExactly("host-cache");
        assertThat(system.installed(HostCachePlugin.Installed.class).orElseThrow().context().pluginName())
                .isEqualTo("host-cache");
        system.close();
    }

    @Test
    void oneBindingIsOverriddenForATest() {
        VmapConfig config = VmapConfig.builder().addressSpace(AddressSpace.of(0x1000_0000L, 4L << 20)).ncpus(1).build();
        // tag::override[]
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                Modules.override(VmapKitModule.withPlugins(config, List.of()))
                        .with(new AbstractModule() {
                            @Override
                            protected void configure() {
                                bind(VmapClock.class).toInstance(() -> 42L); // time stands still
                            }
                        }));
        // end::override[]
        VmapSystem system = injector.getInstance(VmapSystem.class);
        assertThat(system.clock().nanoTime()).isEqualTo(42L);
        system.close();
    }

    // tag::mock[]
    @Bind private final VmapAllocator mockAllocator = mock(VmapAllocator.class);

    @Test
    void aHostServiceIsTestedAgainstAMockedAllocator() {
        VmapArea area = mock(VmapArea.class);
        when(mockAllocator.allocate(3 * 4096L)).thenReturn(area);

        Injector injector = Guice.createInjector(Stage.PRODUCTION, BoundFieldModule.of(this), new HostModule());

        assertThat(injector.getInstance(BufferService.class).buffer(3)).isSameAs(area);
        verify(mockAllocator).allocate(3 * 4096L);
    }
    // end::mock[]
}
