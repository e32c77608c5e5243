package io.vmapkit.bench;

import com.google.auto.service.AutoService;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.VmapAllocator;

/** Two test-only providers sharing one name, which {@link Providers} must refuse. */
public final class DuplicateNameProviders {

    static final String NAME = "bench-test-duplicate";

    private DuplicateNameProviders() {}

    /** The first provider named {@link #NAME}. */
    @AutoService(AllocatorProvider.class)
    public static final class First implements AllocatorProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public VmapAllocator create(AddressSpace space, Settings settings, AllocatorContext context) {
            throw new UnsupportedOperationException("never created");
        }
    }

    /** The second provider named {@link #NAME}. */
    @AutoService(AllocatorProvider.class)
    public static final class Second implements AllocatorProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public VmapAllocator create(AddressSpace space, Settings settings, AllocatorContext context) {
            throw new UnsupportedOperationException("never created");
        }
    }
}
