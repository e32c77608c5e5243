package io.vmapkit.allocator;

import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.allocator.AllocatorConfig.LazyPurgeMode;
import io.vmapkit.api.vmap.AddressSpace;

/**
 * Builds the small allocators of the lazy-counter stress tests: 64 pages of 4 KiB at 0x100000, one
 * CPU, a given {@code lazy_max_pages}. The one place these tests touch the allocator's
 * configuration API.
 */
final class LazyAllocators {

    static final int PAGE = 4096;

    private LazyAllocators() {}

    /** A free-tree allocator; {@code drain} on selects BACKGROUND mode with a drain run inline on the freeing thread. */
    static VmapAllocatorCore create(long lazyMaxPages, boolean drain) {
        AllocatorConfig.Builder b = AllocatorConfig.builder(AddressSpace.of("jcstress", 0x10_0000L, 64L * PAGE, PAGE))
                .ncpus(1)
                .lazyMaxPages(lazyMaxPages);
        if (drain) {
            b.lazyPurgeMode(LazyPurgeMode.BACKGROUND).drainExecutor(Runnable::run);
        }
        return (VmapAllocatorCore) new FreeTreeAllocatorProvider().create(b.build());
    }
}
