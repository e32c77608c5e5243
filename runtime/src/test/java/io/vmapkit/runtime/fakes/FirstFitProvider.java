package io.vmapkit.runtime.fakes;

import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.VmapAllocator;

/** Test-only allocator provider "test-first-fit", priority -10 so real providers win by default. */
public final class FirstFitProvider implements AllocatorProvider {

    /** The provider's name. */
    public static final String NAME = "test-first-fit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -10;
    }

    @Override
    public String description() {
        return "test-only first-fit allocator";
    }

    @Override
    public VmapAllocator create(AllocatorConfig config) {
        return new FirstFitAllocator(NAME, config);
    }
}
