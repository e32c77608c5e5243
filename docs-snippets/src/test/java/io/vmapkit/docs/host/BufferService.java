package io.vmapkit.docs.host;

import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** A host application's own service: it maps buffers through the system's allocator. */
@Singleton
final class BufferService {

    private final VmapAllocator allocator;

    @Inject
    BufferService(VmapAllocator allocator) {
        this.allocator = allocator;
    }

    /** A mapping of {@code pages} pages of 4 KiB. */
    VmapArea buffer(int pages) {
        return allocator.allocate(pages * 4096L);
    }
}
