package io.vmapkit.allocator;

import com.google.auto.service.AutoService;
import io.vmapkit.api.VmapApi;
import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.VmapAllocator;
import java.util.Objects;

/**
 * {@code free-tree}: the 5.2+ allocator (kernel-model §3), free blocks in an augmented
 * address-ordered tree, lowest fit in O(log n). The default (priority 10). Stateless and
 * thread-safe; every {@link #create} returns an independent allocator.
 */
@AutoService(AllocatorProvider.class)
public final class FreeTreeAllocatorProvider implements AllocatorProvider {

    /** The provider name. */
    public static final String NAME = "free-tree";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public FreeTreeAllocatorProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String description() {
        return "5.2+ augmented free tree: lowest-address fit in O(log n), FL/LE/RE/NE splits, maximal free blocks";
    }

    @Override
    public int apiVersion() {
        return VmapApi.MAJOR_VERSION;
    }

    @Override
    public VmapAllocator create(AllocatorConfig config) {
        Objects.requireNonNull(config, "config");
        return new VmapAllocatorCore(NAME, config, new FreeTreePlacement(config.space(), config.faults()));
    }
}
