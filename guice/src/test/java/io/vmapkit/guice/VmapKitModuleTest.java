package io.vmapkit.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.vmapkit.allocator.page.PagePoolSettings;
import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.testing.fieldbinder.Bind;
import com.google.inject.testing.fieldbinder.BoundFieldModule;
import com.google.inject.util.Modules;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.runtime.InstallFailurePolicy;
import io.vmapkit.runtime.PluginInstallException;
import io.vmapkit.runtime.SystemState;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmapKitModuleTest {

    @TempDir
    Path tmp;

    static VmapConfig config() {
        return VmapConfig.builder().addressSpace(AddressSpace.of(0x1000_0000L, 4L << 20)).allocator("free-tree")
                .notifier("default").pagePool("default").set(PagePoolSettings.PAGES, 256L).ncpus(1).build();
    }

    /** A host application's own service. */
    @Singleton
    static final class BufferService {
        private final VmapAllocator allocator;

        @Inject
        BufferService(VmapAllocator allocator) {
            this.allocator = allocator;
        }

        VmapArea buffer(int pages) {
            return allocator.allocate(pages * 4096L);
        }
    }

    static final class HostModule extends AbstractModule {
        @Override
        protected void configure() {
            binder().requireExplicitBindings();
            binder().disableCircularProxies();
            bind(BufferService.class);
        }
    }

    static final class HostPlugin implements VmapPlugin {
        volatile PluginContext context;

        @Override public String name() { return "host-cache"; }
        @Override public InstalledPlugin install(PluginContext ctx) { context = ctx; return new InstalledPlugin() {}; }
    }

    /** A discovered plugin named "good", priority 0 (listed in a services file by a test). */
    public static final class GoodPlugin implements VmapPlugin {
        @Override public String name() { return "good"; }
        @Override public String version() { return "1.2.3"; }
        @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
    }

    /** A discovered plugin named "high", priority 5 (listed in a services file by a test). */
    public static final class HighPlugin implements VmapPlugin {
        @Override public String name() { return "high"; }
        @Override public int priority() { return 5; }
        @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
    }

    private static Injector injector(Module... modules) {
        return Guice.createInjector(Stage.PRODUCTION, modules);
    }

    @Test
    void aHostServiceGetsTheAllocatorAndTheSystemStartsWithTheInjector() {
        Injector inj = injector(VmapKitModule.withPlugins(config(), List.of()), new HostModule());
        VmapSystem system = inj.getInstance(VmapSystem.class);
        assertThat(system.state()).isEqualTo(SystemState.STARTED);
        VmapArea area = inj.getInstance(BufferService.class).buffer(2);
        assertThat(area.size()).isEqualTo(8192);
        assertThat(inj.getInstance(VmapAllocator.class)).isSameAs(system.allocator());
        assertThat(inj.getInstance(Key.get(new TypeLiteral<NotifierChain<VmapPurgeEvent>>() {}, PurgeChain.class)))
                .isSameAs(system.purgeChain());
        assertThat(inj.getInstance(Key.get(new TypeLiteral<NotifierChain<OomEvent>>() {}, OomChain.class)))
                .isSameAs(system.oomChain());
        assertThat(inj.getInstance(ShrinkerRegistry.class)).isSameAs(system.shrinkers());
        assertThat(inj.getInstance(PagePool.class)).isSameAs(system.pagePool());
        assertThat(inj.getInstance(VmapListener.class)).isSameAs(system.listener());
        assertThat(inj.getInstance(VmapClock.class)).isSameAs(system.clock());
        assertThat(inj.getInstance(VmapSystem.class)).isSameAs(system);
        system.close();
    }

    @Test
    void discoveredPluginsAreBoundAndInstalledAndHostsAddTheirOwn() throws Exception {
        Path jar = tmp.resolve("plugins.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("META-INF/services/" + VmapPlugin.class.getName()));
            j.write((GoodPlugin.class.getName() + "\n" + HighPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        HostPlugin hostPlugin = new HostPlugin();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            VmapKitModule module = VmapKitModule.from(VmapKit.builder().config(config()).ignoreSystemProperties()
                    .classLoader(loader).discoverPlugins());
            Injector inj = injector(module, new HostModule(), new AbstractModule() {
                @Override
                protected void configure() {
                    MapBinder.newMapBinder(binder(), String.class, VmapPlugin.class).addBinding("host-cache")
                            .toInstance(hostPlugin);
                }
            });
            Map<String, VmapPlugin> plugins = inj.getInstance(Key.get(new TypeLiteral<Map<String, VmapPlugin>>() {}));
            assertThat(plugins).containsOnlyKeys("good", "high", "host-cache");
            VmapSystem system = inj.getInstance(VmapSystem.class);
            assertThat(system.installedPlugins()).containsExactly("high", "good", "host-cache");
            assertThat(hostPlugin.context.pluginName()).isEqualTo("host-cache");
            system.close();
        }
    }

    @Test
    void withoutDiscoveryOnlyTheGivenPluginsAreBound() {
        Injector inj = injector(VmapKitModule.withPlugins(config(), List.of(new HostPlugin())));
        assertThat(inj.getInstance(Key.get(new TypeLiteral<Map<String, VmapPlugin>>() {}))).containsOnlyKeys("host-cache");
        inj.getInstance(VmapSystem.class).close();
    }

    @Test
    void aDuplicatePluginNameFailsInjectorCreation() {
        assertThatThrownBy(() -> injector(VmapKitModule.withPlugins(config(), List.of(new HostPlugin())),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        MapBinder.newMapBinder(binder(), String.class, VmapPlugin.class).addBinding("host-cache")
                                .toInstance(new HostPlugin());
                    }
                }))
                .isInstanceOf(CreationException.class).hasMessageContaining("host-cache");
    }

    @Test
    void aMapKeyThatIsNotThePluginNameFailsInjectorCreation() {
        assertThatThrownBy(() -> injector(VmapKitModule.withPlugins(config(), List.of()), new AbstractModule() {
            @Override
            protected void configure() {
                MapBinder.newMapBinder(binder(), String.class, VmapPlugin.class).addBinding("cache").toInstance(new HostPlugin());
            }
        })).isInstanceOf(CreationException.class).hasMessageContaining("key 'cache' does not match the name 'host-cache'");
    }

    @Test
    void aFailingInstallUnderTheFailPolicyFailsInjectorCreation() {
        VmapPlugin bad = new VmapPlugin() {
            @Override public String name() { return "bad"; }
            @Override public InstalledPlugin install(PluginContext c) { throw new IllegalStateException("no device"); }
        };
        VmapConfig failFast = config().toBuilder().onInstallFailure(InstallFailurePolicy.FAIL).build();
        assertThatThrownBy(() -> injector(VmapKitModule.withPlugins(failFast, List.of(bad))))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining(PluginInstallException.class.getSimpleName())
                .hasMessageContaining("plugin 'bad' failed to install")
                .hasMessageContaining("no device");
    }

    @Test
    void oneBindingIsOverriddenForATest() {
        VmapClock frozen = () -> 42L;
        Injector inj = injector(Modules.override(VmapKitModule.withPlugins(config(), List.of()))
                .with(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(VmapClock.class).toInstance(frozen);
                    }
                }));
        VmapSystem system = inj.getInstance(VmapSystem.class);
        assertThat(system.clock()).isSameAs(frozen);
        assertThat(system.clock().nanoTime()).isEqualTo(42L);
        system.close();
    }

    // ---- BoundFieldModule with Mockito mocks ----

    static final class ProviderMocks {
        @Bind
        final AllocatorProvider allocatorProvider = mock(AllocatorProvider.class);
    }

    @Test
    void aMockedProviderIsBoundWithBoundFieldModuleAndGetsThePurgeChain() {
        ProviderMocks mocks = new ProviderMocks();
        VmapAllocator made = mock(VmapAllocator.class);
        when(made.space()).thenReturn(config().space());
        when(made.name()).thenReturn("mocked");
        when(mocks.allocatorProvider.name()).thenReturn("mocked");
        when(mocks.allocatorProvider.apiVersion()).thenReturn(1); // a bare mock answers 0, which discovery refuses
        when(mocks.allocatorProvider.create(any(), any(), any())).thenReturn(made);
        Injector inj = injector(Modules.override(VmapKitModule.withPlugins(config(), List.of()))
                .with(BoundFieldModule.of(mocks)));
        assertThat(inj.getInstance(VmapAllocator.class)).isSameAs(made);
        org.mockito.ArgumentCaptor<AllocatorContext> ctx = org.mockito.ArgumentCaptor.forClass(AllocatorContext.class);
        org.mockito.ArgumentCaptor<Settings> settings = org.mockito.ArgumentCaptor.forClass(Settings.class);
        verify(mocks.allocatorProvider).create(any(), settings.capture(), ctx.capture());
        assertThat(ctx.getValue().purgeChain()).containsSame(inj.getInstance(VmapSystem.class).purgeChain());
        assertThat(settings.getValue().get(AllocatorProvider.NCPUS)).isEqualTo(1);
        assertThat(inj.getInstance(VmapSystem.class).report().find(io.vmapkit.runtime.discovery.Kind.ALLOCATOR, "mocked"))
                .isPresent();
        inj.getInstance(VmapSystem.class).close();
    }

    @Test
    void theModuleCanBeInspectedWithoutBuildingAnything() {
        Injector tool = Guice.createInjector(Stage.TOOL, VmapKitModule.withPlugins(config(), List.of()));
        assertThat(tool.getBinding(VmapSystem.class)).isNotNull();
        assertThat(com.google.inject.spi.Elements.getElements(VmapKitModule.withPlugins(config(), List.of())))
                .isNotEmpty();
    }
}
