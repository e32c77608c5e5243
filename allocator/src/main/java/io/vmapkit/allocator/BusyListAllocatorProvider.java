package io.vmapkit.allocator;

import com.google.auto.service.AutoService;
import io.vmapkit.api.spi.AllocatorProvider;

/**
 * {@code busy-list}: the pre-5.2 allocator (docs/fidelity.md §2), busy areas walked first fit from the
 * {@code free_vmap_cache} hint, O(n) in busy areas, with the exact hint test
 * ({@code size <= cached_hole_size}) so its placements equal {@code free-tree}'s. See
 * {@code busy-list-kernel} for the kernel's literal strict test. Stateless and thread-safe.
 */
@AutoService(AllocatorProvider.class)
public final class BusyListAllocatorProvider extends PlacementProvider {

    /** The provider name. */
    public static final String NAME = "busy-list";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public BusyListAllocatorProvider() {
        super(NAME, 0, "pre-5.2 busy list walked first fit from the free_vmap_cache hint; placements identical to free-tree",
                c -> new BusyListPlacement(c.space(), false));
    }
}
