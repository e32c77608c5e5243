package io.vmapkit.bench.baseline;

import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;

/**
 * One vmalloc+vfree pair of a given size, against either a {@link PageRangeAllocator} baseline or
 * a vmapkit {@link VmapAllocator}, so one benchmark body measures both. Each JMH fork sees one
 * implementation, so the call stays monomorphic.
 */
@FunctionalInterface
public interface PairOp {

    /**
     * Allocates {@code pages} pages plus a guard page and frees them.
     *
     * @return the start of what was allocated (page index or address), for the blackhole
     */
    long pair(int pages);

    /**
     * Pairs on a baseline: {@code alloc(pages + 1)} then {@code free}, the guard page included so
     * the reservation is what vmalloc makes.
     */
    static PairOp on(PageRangeAllocator baseline) {
        return pages -> {
            long page = baseline.alloc(pages + 1);
            baseline.free(page, pages + 1);
            return page;
        };
    }

    /** Pairs on a vmapkit allocator using pre-built requests indexed by page count. */
    static PairOp on(VmapAllocator allocator, VmapRequest[] byPages) {
        return pages -> {
            VmapArea area = allocator.allocate(byPages[pages]);
            allocator.free(area);
            return area.start();
        };
    }
}
