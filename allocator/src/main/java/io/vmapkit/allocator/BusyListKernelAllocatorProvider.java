package io.vmapkit.allocator;

import com.google.auto.service.AutoService;
import io.vmapkit.api.spi.AllocatorProvider;

/**
 * {@code busy-list-kernel}: {@code busy-list} with the kernel's literal hint test
 * ({@code size < cached_hole_size}), kept for fidelity. Its placements differ from the lowest fit
 * in one documented case only: a hole below the hint of exactly the request's size is skipped
 * (docs/fidelity.md §2.4). Priority -1, so {@code busy-list} is preferred. Stateless and thread-safe.
 */
@AutoService(AllocatorProvider.class)
public final class BusyListKernelAllocatorProvider extends PlacementProvider {

    /** The provider name. */
    public static final String NAME = "busy-list-kernel";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public BusyListKernelAllocatorProvider() {
        super(NAME, -1, "pre-5.2 busy list with the kernel's literal strict hint test (skips exact-size holes below the hint)",
                c -> new BusyListPlacement(c.space(), true));
    }
}
