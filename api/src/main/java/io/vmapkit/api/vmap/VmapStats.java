package io.vmapkit.api.vmap;

/**
 * A consistent view of an allocator's occupancy and counters.
 *
 * <p>Occupancy always tiles the space: {@code liveBytes + lazyBytes + freeBytes == spaceBytes}.
 * Byte values include guard pages. Counters are cumulative since the allocator was created.
 *
 * @param spaceBytes size of the address space
 * @param liveBytes bytes held by live areas
 * @param lazyBytes bytes held by lazily freed, not yet purged areas
 * @param freeBytes bytes available to allocation
 * @param liveAreas number of live areas
 * @param lazyAreas number of lazy areas
 * @param freeBlocks number of maximal free blocks
 * @param largestFreeBlock size of the largest free block
 * @param peakLiveBytes the highest {@code liveBytes} seen
 * @param peakLazyBytes the highest {@code lazyBytes} seen
 * @param allocations successful allocations
 * @param allocationFailures allocations that failed (EBUSY or ENOMEM); rejected bad requests do not count
 * @param frees areas freed (lazily)
 * @param searches searches of the free space (each retry counts)
 * @param purges purges that found something to purge
 * @param purgedAreas areas returned to the free space by purges
 * @param tlbFlushes TLB flushes counted (one per non-empty purge)
 * @param notifierRounds purge-notifier chain calls
 * @param lazyPages the lazy counter {@code vmap_lazy_nr}, in pages
 * @param lazyMaxPages the purge threshold {@code lazy_max_pages()}
 * @param fitFull free-tree FL splits (exact fit); 0 for algorithms without splits
 * @param fitLeftEdge free-tree LE splits
 * @param fitRightEdge free-tree RE splits
 * @param fitNoEdge free-tree NE splits
 */
public record VmapStats(
        long spaceBytes,
        long liveBytes,
        long lazyBytes,
        long freeBytes,
        long liveAreas,
        long lazyAreas,
        long freeBlocks,
        long largestFreeBlock,
        long peakLiveBytes,
        long peakLazyBytes,
        long allocations,
        long allocationFailures,
        long frees,
        long searches,
        long purges,
        long purgedAreas,
        long tlbFlushes,
        long notifierRounds,
        long lazyPages,
        long lazyMaxPages,
        long fitFull,
        long fitLeftEdge,
        long fitRightEdge,
        long fitNoEdge) {

    /** Whether live, lazy and free bytes add up to the space. */
    public boolean tiles() {
        return liveBytes + lazyBytes + freeBytes == spaceBytes;
    }
}
