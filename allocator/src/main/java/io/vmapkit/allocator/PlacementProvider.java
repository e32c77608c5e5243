package io.vmapkit.allocator;

import io.vmapkit.api.VmapApi;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the allocator providers share: each pairs the common core ({@link VmapAllocatorCore}: lazy
 * free, purge, the overflow path) with its own {@link Placement}. Stateless and thread-safe; every
 * {@link #create} returns an independent allocator.
 */
abstract class PlacementProvider implements AllocatorProvider {

    private final String name;
    private final int priority;
    private final String description;
    private final Function<AllocatorConfig, Placement> placement;

    PlacementProvider(String name, int priority, String description, Function<AllocatorConfig, Placement> placement) {
        this.name = name;
        this.priority = priority;
        this.description = description;
        this.placement = placement;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int priority() {
        return priority;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final int apiVersion() {
        return VmapApi.MAJOR_VERSION;
    }

    /** {@link AllocatorSettings#ALL}: every allocator of this module reads the same settings. */
    @Override
    public final List<Setting<?>> settings() {
        return AllocatorSettings.ALL;
    }

    /** {@link AllocatorSettings#preset(String)}. */
    @Override
    public final Map<String, String> preset(String kernelRelease) {
        return AllocatorSettings.preset(kernelRelease);
    }

    @Override
    public final VmapAllocator create(AddressSpace space, Settings settings, AllocatorContext context) {
        return create(AllocatorConfig.from(Objects.requireNonNull(space, "space"), Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(context, "context")));
    }

    /** A new allocator built from {@code config} directly (the module's tests and benchmarks). */
    public final VmapAllocator create(AllocatorConfig config) {
        Objects.requireNonNull(config, "config");
        return create(config, new EraSwitches(config.honourNoWarn(), config.traceEmptyPurge()));
    }

    /**
     * As {@code create(AllocatorConfig)}, with the era-dependent behaviours {@code era} instead of
     * the configuration's ({@link AllocatorConfig#honourNoWarn()}, {@link AllocatorConfig#traceEmptyPurge()}).
     */
    public final VmapAllocator create(AllocatorConfig config, EraSwitches era) {
        Objects.requireNonNull(config, "config");
        return new VmapAllocatorCore(name, config, placement.apply(config), Objects.requireNonNull(era, "era"));
    }
}
