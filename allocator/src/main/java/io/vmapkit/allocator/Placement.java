package io.vmapkit.allocator;

/**
 * A placement algorithm: where in the address space a request goes, and how a purged range
 * becomes available again. The {@link VmapAllocatorCore} owns the lock, the areas, lazy free,
 * purge and the overflow path; a placement owns only its search structure.
 *
 * <p>Sizes passed here include the guard page. Every method runs under the core's lock; none
 * calls out of the allocator.
 */
abstract class Placement {

    /** {@link #reserve} placed the request without splitting anything (busy-list). */
    static final int FIT_NONE = 0;
    /** Free-tree full fit: the free block was used whole. */
    static final int FIT_FULL = 1;
    /** Free-tree left edge: the request took the start of the block. */
    static final int FIT_LEFT_EDGE = 2;
    /** Free-tree right edge: the request took the end of the block. */
    static final int FIT_RIGHT_EDGE = 3;
    /** Free-tree no edge: the block was split in two around the request. */
    static final int FIT_NO_EDGE = 4;

    /** Receives ranges {@code [start, end)}. */
    @FunctionalInterface
    interface RangeSink {
        void accept(long start, long end);
    }

    /**
     * Finds the place for {@code size} bytes aligned to {@code align} inside {@code [vstart, vend)}
     * and marks it used.
     *
     * @return the start, or {@code vend} if nothing fits (the kernel's failure value: no
     *     successful placement can start at {@code vend})
     */
    abstract long reserve(long size, long align, long vstart, long vend);

    /** The split case of the last successful {@link #reserve}, one of the {@code FIT_*} values. */
    abstract int lastFit();

    /** Makes {@code [start, end)}, a range returned by {@link #reserve}, available again (purge). */
    abstract void release(long start, long end);

    /** Bytes available to {@link #reserve}, from the placement's own structure. */
    abstract long freeBytes();

    /** The number of maximal free blocks. */
    abstract long freeBlocks();

    /** The size of the largest free block, 0 if none. */
    abstract long largestFreeBlock();

    /** Sends every maximal free block to {@code sink}, in address order. */
    abstract void forEachFreeBlock(RangeSink sink);

    /**
     * Checks the placement's own invariants (debug mode).
     *
     * @return a description of the first violation, or {@code null}
     */
    abstract String violation();

    /** Counters of the split cases, indexed by the {@code FIT_*} values; all 0 for busy-list. */
    abstract long fitCount(int fit);
}
