package io.vmapkit.allocator;

import io.vmapkit.api.VmapApi;
import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.VmapAllocator;
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

    @Override
    public final VmapAllocator create(AllocatorConfig config) {
        Objects.requireNonNull(config, "config");
        return create(config, new EraSwitches(config.honourNoWarn(), config.traceEmptyPurge()));
    }

    /**
     * As {@link #create(AllocatorConfig)}, with the era-dependent behaviours {@code era} instead of
     * the configuration's ({@link AllocatorConfig#honourNoWarn()}, {@link AllocatorConfig#traceEmptyPurge()}).
     */
    public final VmapAllocator create(AllocatorConfig config, EraSwitches era) {
        Objects.requireNonNull(config, "config");
        return new VmapAllocatorCore(name, config, placement.apply(config), Objects.requireNonNull(era, "era"));
    }
}
