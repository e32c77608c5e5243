package io.vmapkit.bench;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.auto.service.AutoService;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.VmapAllocator;

/**
 * A test-only provider found through ServiceLoader like the real ones: its allocators are mocks
 * that answer {@link VmapAllocator#name()} and {@link VmapAllocator#space()} from the configuration
 * they were created with, so a test can see that the configuration arrived.
 */
@AutoService(AllocatorProvider.class)
public final class FakeAllocatorProvider implements AllocatorProvider {

    /** The name this provider is found by. */
    public static final String NAME = "bench-test-fake";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VmapAllocator create(AddressSpace space, Settings settings, AllocatorContext context) {
        VmapAllocator allocator = mock(VmapAllocator.class);
        when(allocator.name()).thenReturn(NAME);
        when(allocator.space()).thenReturn(space);
        return allocator;
    }
}
