package io.vmapkit.allocator;

import io.vmapkit.allocator.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.vmap.AddressSpace;
import java.util.Objects;

/**
 * The free tree of the {@code free-tree} allocator ({@code free_vmap_area_root}: the augmented,
 * address-ordered tree of free blocks) as a building block for allocators in other packages, such
 * as the 6.9+ {@code vmap-nodes} allocator, which keeps the global free tree beside its per-node
 * structures. It is exactly the {@code free-tree} placement: the same search
 * ({@code find_vmap_lowest_match} with the configured {@link FreeTreeSearch}), the same four-way
 * split and the same merge on release (docs/fidelity.md §3).
 *
 * <p>Not thread-safe: the owner serialises every call ({@code free_vmap_area_lock}). Owned by the
 * allocator that created it.
 */
public final class FreeTree {

    /** Receives ranges {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeConsumer {
        /** One range {@code [start, end)}, unsigned. */
        void accept(long start, long end);
    }

    private final FreeTreePlacement placement;

    /** A tree holding the whole of {@code space} as one free block. */
    public FreeTree(AddressSpace space, FaultInjector faults, FreeTreeSearch search) {
        this.placement = new FreeTreePlacement(Objects.requireNonNull(space, "space"),
                Objects.requireNonNull(faults, "faults"), Objects.requireNonNull(search, "search"));
    }

    /**
     * {@code __alloc_vmap_area}: takes {@code size} bytes aligned to {@code align} in
     * {@code [vstart, vend)} from the lowest block the search finds.
     *
     * @return the start, or {@code vend} if nothing fits
     */
    public long reserve(long size, long align, long vstart, long vend) {
        return placement.reserve(size, align, vstart, vend);
    }

    /** The split case of the last successful {@link #reserve}: 1 FL, 2 LE, 3 RE, 4 NE. */
    public int lastFit() {
        return placement.lastFit();
    }

    /**
     * {@code merge_or_add_vmap_area_augment}: returns {@code [start, end)} to the tree, merged with
     * its neighbours.
     *
     * @throws IllegalStateException if the range overlaps a free block (a model bug)
     */
    public void release(long start, long end) {
        placement.release(start, end);
    }

    /** The bytes in the tree. */
    public long freeBytes() {
        return placement.freeBytes();
    }

    /** The number of (maximal) free blocks. */
    public long freeBlocks() {
        return placement.freeBlocks();
    }

    /** The largest free block, 0 if none. */
    public long largestFreeBlock() {
        return placement.largestFreeBlock();
    }

    /** Sends every free block to {@code sink}, in address order. */
    public void forEachFreeBlock(RangeConsumer sink) {
        Objects.requireNonNull(sink, "sink");
        placement.forEachFreeBlock(sink::accept);
    }

    /** The first violated invariant of the tree, or {@code null}. */
    public String violation() {
        return placement.violation();
    }
}
