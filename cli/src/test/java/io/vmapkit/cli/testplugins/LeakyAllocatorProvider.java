package io.vmapkit.cli.testplugins;

import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import java.util.ServiceLoader;

/**
 * Test-only allocator "leaky": the free-tree allocator that silently drops every 50th free, so the
 * test_vmalloc harness's "all address space returned" check has a leak to find. Priority -100.
 */
public final class LeakyAllocatorProvider implements AllocatorProvider {

    /** The provider's name. */
    public static final String NAME = "leaky";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -100;
    }

    private AllocatorProvider real() {
        return ServiceLoader.load(AllocatorProvider.class, getClass().getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("free-tree")).findFirst().orElseThrow();
    }

    /** The free tree's settings: this allocator is the free tree, leaking. */
    @Override
    public java.util.List<io.vmapkit.api.settings.Setting<?>> settings() {
        return real().settings();
    }

    @Override
    public VmapAllocator create(AddressSpace space, Settings settings, AllocatorContext context) {
        AllocatorProvider real = real();
        VmapAllocator a = real.create(space, settings, context);
        return new VmapAllocator() {
            private long frees;

            @Override public String name() { return NAME; }
            @Override public AddressSpace space() { return a.space(); }
            @Override public VmapArea allocate(VmapRequest request) { return a.allocate(request); }
            @Override public boolean purgeLazy() { return a.purgeLazy(); }
            @Override public VmapStats stats() { return a.stats(); }
            @Override public VmapSnapshot snapshot() { return a.snapshot(); }

            @Override
            public synchronized void free(VmapArea area) {
                if (++frees % 50 != 0) {
                    a.free(area);
                }
            }
        };
    }
}
