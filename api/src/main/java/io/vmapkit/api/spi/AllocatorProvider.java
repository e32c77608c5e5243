package io.vmapkit.api.spi;

import io.vmapkit.api.vmap.VmapAllocator;

/**
 * Creates allocators of one algorithm, chosen by {@link #name()} (e.g. {@code free-tree},
 * {@code busy-list}). Thread-safe; {@link #create} may be called many times.
 */
public interface AllocatorProvider extends Discoverable {

    /**
     * A new allocator over {@code config.space()}, with every range free.
     *
     * @throws IllegalArgumentException if the configuration is unusable for this algorithm
     */
    VmapAllocator create(AllocatorConfig config);
}
