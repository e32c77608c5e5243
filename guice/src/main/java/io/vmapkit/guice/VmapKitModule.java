package io.vmapkit.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.api.spi.PagePoolProvider;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.runtime.VmapBlueprint;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import java.util.List;
import java.util.Objects;

/**
 * Binds a {@link VmapSystem} and its parts for Guice 7 hosts.
 *
 * <p><b>Bindings</b> (all singletons): {@link VmapSystem} (eager, started — see the package
 * documentation), {@link VmapAllocator}, {@code @}{@link PurgeChain} {@code NotifierChain<VmapPurgeEvent>},
 * {@code @}{@link OomChain} {@code NotifierChain<OomEvent>}, {@link ShrinkerRegistry}, {@link PagePool},
 * {@link VmapListener} (the system's composite listener) and the inputs the system is built from:
 * {@link VmapConfig}, {@link VmapBlueprint}, {@link VmapClock}, {@link FaultInjector}, the chosen
 * {@link AllocatorProvider}, {@link NotifierProvider} and {@link PagePoolProvider}, a
 * {@code Multibinder<VmapListener>} ({@code Set<VmapListener>}) and a
 * {@code MapBinder<String, VmapPlugin>} ({@code Map<String, VmapPlugin>}) keyed by plugin name.
 *
 * <p><b>Adding plugins and listeners</b> from a host module:
 * <pre>{@code
 * MapBinder.newMapBinder(binder(), String.class, VmapPlugin.class).addBinding("my-cache").to(MyCache.class);
 * Multibinder.newSetBinder(binder(), VmapListener.class).addBinding().toInstance(myListener);
 * }</pre>
 * The key must be the plugin's {@code name()}. Duplicates are not permitted: a key bound twice (a
 * host plugin named like a discovered one) fails injector creation.
 *
 * <p><b>Replacing inputs</b> for a test: {@code Modules.override(module).with(b ->
 * b.bind(VmapClock.class).toInstance(manualClock))}; the system is built from the overriding
 * binding. Override plain bindings only, never the multibinders.
 */
public final class VmapKitModule extends AbstractModule {

    private final VmapBlueprint blueprint;

    private VmapKitModule(VmapBlueprint blueprint) {
        this.blueprint = Objects.requireNonNull(blueprint, "blueprint");
    }

    /** A module binding what {@code blueprint} resolved. */
    public static VmapKitModule of(VmapBlueprint blueprint) {
        return new VmapKitModule(blueprint);
    }

    /**
     * A module for {@code builder.resolve()}: discovery (with the builder's class loader, overrides
     * and strictness) happens now, in this call, not in {@code configure()}.
     */
    public static VmapKitModule from(VmapKit.Builder builder) {
        return new VmapKitModule(builder.resolve());
    }

    /**
     * A module for {@code config} with plugin discovery on, system properties applied on top.
     *
     * @throws io.vmapkit.runtime.discovery.DiscoveryException as {@link VmapKit.Builder#resolve()}
     */
    public static VmapKitModule discovering(VmapConfig config) {
        return from(VmapKit.builder().config(config).discoverPlugins());
    }

    /**
     * A module for the default configuration that skips plugin discovery and binds exactly
     * {@code plugins} (providers are still discovered). For hosts and tests that choose plugins in
     * code.
     */
    public static VmapKitModule withPlugins(Iterable<? extends VmapPlugin> plugins) {
        return withPlugins(VmapConfig.defaults(), plugins);
    }

    /**
     * As {@link #withPlugins(Iterable)}, for {@code config} (its plugin discovery switched off).
     * System properties are not applied: the configuration is exactly {@code config}.
     */
    public static VmapKitModule withPlugins(VmapConfig config, Iterable<? extends VmapPlugin> plugins) {
        VmapConfig noDiscovery = config.toBuilder().includePlugins(List.of()).discoverPlugins(false).build();
        return from(VmapKit.builder().config(noDiscovery).ignoreSystemProperties().plugins(plugins));
    }

    /** The blueprint this module binds. */
    public VmapBlueprint blueprint() {
        return blueprint;
    }

    @Override
    protected void configure() {
        bind(VmapBlueprint.class).toInstance(blueprint);
        bind(VmapConfig.class).toInstance(blueprint.config());
        bind(VmapClock.class).toInstance(blueprint.clock());
        bind(FaultInjector.class).toInstance(blueprint.faults());
        bind(AllocatorProvider.class).toInstance(blueprint.allocatorProvider());
        bind(NotifierProvider.class).toInstance(blueprint.notifierProvider());
        bind(PagePoolProvider.class).toInstance(blueprint.pagePoolProvider());
        Multibinder<VmapListener> listeners = Multibinder.newSetBinder(binder(), VmapListener.class);
        blueprint.listeners().forEach(l -> listeners.addBinding().toInstance(l));
        MapBinder<String, VmapPlugin> plugins = MapBinder.newMapBinder(binder(), String.class, VmapPlugin.class);
        blueprint.plugins().forEach(p -> plugins.addBinding(p.name()).toInstance(p));
        bind(StartedSystemProvider.class);
        bind(VmapSystem.class).toProvider(StartedSystemProvider.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    VmapAllocator allocator(VmapSystem system) {
        return system.allocator();
    }

    @Provides
    @Singleton
    @PurgeChain
    NotifierChain<VmapPurgeEvent> purgeChain(VmapSystem system) {
        return system.purgeChain();
    }

    @Provides
    @Singleton
    @OomChain
    NotifierChain<OomEvent> oomChain(VmapSystem system) {
        return system.oomChain();
    }

    @Provides
    @Singleton
    ShrinkerRegistry shrinkers(VmapSystem system) {
        return system.shrinkers();
    }

    @Provides
    @Singleton
    PagePool pagePool(VmapSystem system) {
        return system.pagePool();
    }

    @Provides
    @Singleton
    VmapListener listener(VmapSystem system) {
        return system.listener();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VmapKitModule && ((VmapKitModule) o).blueprint == blueprint;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(blueprint);
    }
}
