package io.vmapkit.allocator;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import java.util.List;

/** Creates the allocators under test by provider name. */
final class Allocators {

    /** Every algorithm; behaviour tests that do not depend on placement run against each. */
    static final List<String> NAMES = List.of("free-tree", "busy-list", "busy-list-kernel");

    static final int PAGE = 4096;

    private Allocators() {}

    static PlacementProvider provider(String name) {
        switch (name) {
            case "free-tree": return new FreeTreeAllocatorProvider();
            case "busy-list": return new BusyListAllocatorProvider();
            case "busy-list-kernel": return new BusyListKernelAllocatorProvider();
            default: throw new IllegalArgumentException(name);
        }
    }

    static VmapAllocatorCore create(String name, AllocatorConfig config) {
        return (VmapAllocatorCore) provider(name).create(config);
    }

    /** A small space of {@code pages} pages at 0x100000, one CPU. */
    static AllocatorConfig.Builder small(int pages) {
        return AllocatorConfig.builder(AddressSpace.of("test", 0x10_0000L, (long) pages * PAGE, PAGE)).ncpus(1);
    }
}
