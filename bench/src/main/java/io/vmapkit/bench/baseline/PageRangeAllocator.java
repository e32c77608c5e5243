package io.vmapkit.bench.baseline;

/**
 * The smallest allocator a Java user would write for page ranges: lowest-address first fit over
 * {@code [0, capacity)} pages, no alignment beyond a page, no guard pages, no lazy free.
 *
 * <p>The benchmarks compare vmapkit's allocators against implementations of this interface on the
 * same workloads; to reserve what {@code vmalloc} reserves they ask for {@code pages + 1} (the
 * guard page).
 *
 * <p>Implementations are <b>not thread-safe</b>: confine one to a thread or lock around it.
 * Bad input throws an {@link IllegalArgumentException} naming the bad value and leaves the state
 * unchanged.
 */
public interface PageRangeAllocator {

    /**
     * Allocates the lowest run of {@code pages} free pages.
     *
     * @return the first page of the run, or {@code -1} if no run of that length is free
     * @throws IllegalArgumentException if {@code pages} is not positive
     */
    long alloc(int pages);

    /**
     * Frees {@code pages} pages from {@code page}, merging with free neighbours.
     *
     * @throws IllegalArgumentException if the range is empty, lies outside the capacity, or is not
     *     entirely allocated (a double free); nothing changes
     */
    void free(long page, int pages);

    /** Whether {@code page} is free; {@code false} outside the capacity. */
    boolean isFree(long page);

    /** The number of pages managed. */
    long capacity();

    /** The number of free pages. */
    long freePages();
}
