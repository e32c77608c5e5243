package io.vmapkit.api.page;

/**
 * A fixed number of physical pages handed out in runs.
 *
 * <p><b>Threading.</b> Thread-safe. Reclaim (shrinkers, the OOM chain) runs on the allocating
 * thread without the pool's lock, so shrinkers may free runs back to the pool.
 */
public interface PagePool {

    /** Pages the pool was created with. */
    long totalPages();

    /** Pages not allocated right now. */
    long freePages();

    /**
     * Allocates {@code nrPages} pages for {@code owner}.
     *
     * @param nrPages how many pages, ≥ 1
     * @param owner a plugin name, or the empty string for none
     * @param mayReclaim whether a shortage may run reclaim and the OOM chain (a blocking gfp);
     *     if {@code false} a shortage fails at once
     * @throws IllegalArgumentException if {@code nrPages < 1} or exceeds the pool
     * @throws PageAllocationException with ENOMEM when the pages cannot be found
     */
    PageRun allocate(long nrPages, String owner, boolean mayReclaim);

    /** {@link #allocate(long, String, boolean) allocate(nrPages, "", true)}. */
    default PageRun allocate(long nrPages) {
        return allocate(nrPages, "", true);
    }

    /**
     * Returns a run to the pool.
     *
     * @throws IllegalArgumentException if the run did not come from this pool
     * @throws IllegalStateException if it was already freed
     */
    void free(PageRun run);

    /** Counters. */
    PagePoolStats stats();
}
