package io.vmapkit.allocator;

import com.google.auto.service.AutoService;
import io.vmapkit.api.VmapApi;
import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.VmapAllocator;
import java.util.Objects;

/**
 * {@code busy-list-kernel}: {@code busy-list} with the kernel's literal hint test
 * ({@code size < cached_hole_size}), kept for fidelity. Its placements differ from the lowest fit
 * in one documented case only: a hole below the hint of exactly the request's size is skipped
 * (kernel-model §2.4). Priority -1, so {@code busy-list} is preferred. Stateless and thread-safe.
 */
@AutoService(AllocatorProvider.class)
public final class BusyListKernelAllocatorProvider implements AllocatorProvider {

    /** The provider name. */
    public static final String NAME = "busy-list-kernel";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public BusyListKernelAllocatorProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public String description() {
        return "pre-5.2 busy list with the kernel's literal strict hint test (skips exact-size holes below the hint)";
    }

    @Override
    public int apiVersion() {
        return VmapApi.MAJOR_VERSION;
    }

    @Override
    public VmapAllocator create(AllocatorConfig config) {
        Objects.requireNonNull(config, "config");
        return new VmapAllocatorCore(NAME, config, new BusyListPlacement(config.space(), true));
    }
}
