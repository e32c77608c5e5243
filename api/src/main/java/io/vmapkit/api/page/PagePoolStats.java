package io.vmapkit.api.page;

/**
 * Page-pool counters.
 *
 * @param totalPages pages in the pool
 * @param freePages pages not allocated now
 * @param allocations successful allocations
 * @param failures allocations that failed with ENOMEM
 * @param reclaimPasses {@code shrinkSlab} passes run because of a shortage
 * @param reclaimedObjects what shrinkers reported freed during those passes
 * @param oomRounds OOM notifier chain calls
 * @param oomFreed what OOM callbacks reported freed
 */
public record PagePoolStats(
        long totalPages,
        long freePages,
        long allocations,
        long failures,
        long reclaimPasses,
        long reclaimedObjects,
        long oomRounds,
        long oomFreed) {

    /** Pages allocated now. */
    public long allocatedPages() {
        return totalPages - freePages;
    }
}
