package io.vmapkit.api.vmap;

/**
 * The vmap address-space allocator: {@code alloc_vmap_area}, lazy {@code free_vmap_area_noflush}
 * and {@code purge_vmap_area_lazy}.
 *
 * <p><b>Allocation</b> finds the lowest-address range that fits the request (the exact policy is
 * the implementation's: {@code free-tree} is the 5.2+ augmented tree, {@code busy-list} the older
 * first fit with a hint). When nothing fits, the overflow path runs, in the kernel's order: purge
 * the lazy areas once and retry; then call the purge notifier chain with a fresh
 * {@link VmapPurgeEvent}; if a callback reported {@code freed > 0}, purge again and retry; else
 * fail with {@link io.vmapkit.api.Errno#EBUSY}. vmapkit caps the number of notifier rounds per
 * allocation (configurable; the kernel has no cap).
 *
 * <p><b>Freeing</b> is lazy, as {@code vunmap}/{@code vfree}: the range is unmapped but stays
 * unusable until a purge, which flushes the TLB once over the union of all lazy ranges. Crossing
 * {@code lazy_max_pages} of lazy pages triggers a purge.
 *
 * <p><b>Threading.</b> All methods are thread-safe. The allocator's internal lock is never held
 * while the notifier chain or a listener runs, so callbacks may free areas and may block.
 * Statistics and snapshots are consistent, taken under the lock.
 */
public interface VmapAllocator {

    /** The algorithm's provider name, e.g. {@code free-tree} or {@code busy-list}. */
    String name();

    /** The managed address space. */
    AddressSpace space();

    /**
     * Allocates a range ({@code alloc_vmap_area}); may run the overflow path, which may block.
     *
     * @return a live area owned by the request's owner
     * @throws IllegalArgumentException if the request breaks a precondition (EINVAL); nothing changes
     * @throws VmapAllocationException with {@link io.vmapkit.api.Errno#EBUSY} when the space is
     *     exhausted after the overflow path, or {@link io.vmapkit.api.Errno#ENOMEM} when the
     *     descriptor allocation failed (no purge, no notifier)
     */
    VmapArea allocate(VmapRequest request);

    /**
     * Allocates {@code size} bytes anywhere, alignment 1, with a guard page.
     *
     * @see #allocate(VmapRequest)
     */
    default VmapArea allocate(long size) {
        return allocate(VmapRequest.of(size));
    }

    /**
     * Frees {@code area} lazily, as {@code vunmap}/{@code vfree}: it becomes {@link AreaState#LAZY}
     * and its pages (guard included) are added to the lazy counter; crossing the threshold
     * triggers a purge.
     *
     * @throws IllegalArgumentException if {@code area} was not allocated by this allocator; nothing changes
     * @throws IllegalStateException if {@code area} was already freed; nothing changes
     */
    void free(VmapArea area);

    /**
     * Purges synchronously ({@code purge_vmap_area_lazy}): waits for the purge lock, detaches every
     * lazy area, counts one TLB flush over their union range and returns them to the free space.
     *
     * @return {@code true} if anything was purged
     */
    boolean purgeLazy();

    /** Counters and occupancy, consistent with each other. */
    VmapStats stats();

    /** Every busy, lazy and free range in address order, consistent at one instant. */
    VmapSnapshot snapshot();
}
