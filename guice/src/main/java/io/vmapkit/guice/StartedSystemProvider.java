package io.vmapkit.guice;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.api.spi.PagePoolProvider;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.runtime.VmapBlueprint;
import io.vmapkit.runtime.VmapSystem;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.Map;
import java.util.Set;

/**
 * Builds the system from the blueprint and the injected inputs, and starts it. Bound as an eager
 * singleton by {@link VmapKitModule}.
 */
final class StartedSystemProvider implements Provider<VmapSystem> {

    private final VmapBlueprint blueprint;

    @Inject
    StartedSystemProvider(VmapBlueprint blueprint, VmapClock clock, FaultInjector faults, Set<VmapListener> listeners,
            Map<String, VmapPlugin> plugins, AllocatorProvider allocator, NotifierProvider notifier,
            PagePoolProvider pagePool) {
        plugins.forEach((key, plugin) -> {
            String name = plugin.name();
            if (!key.equals(name)) {
                throw new IllegalArgumentException("MapBinder<String, VmapPlugin> key '" + key + "' does not match the "
                        + "name '" + name + "' of " + plugin.getClass().getName() + "; bind plugins under their name()");
            }
        });
        this.blueprint = blueprint.withClock(clock).withFaults(faults).withListeners(listeners)
                .withPlugins(plugins.values()).withAllocatorProvider(allocator).withNotifierProvider(notifier)
                .withPagePoolProvider(pagePool);
    }

    @Override
    public VmapSystem get() {
        return blueprint.newSystem().start();
    }
}
