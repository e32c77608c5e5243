package io.vmapkit.allocator;

import io.vmapkit.api.vmap.VmapAllocator;
import java.util.Optional;

/**
 * How many successful placements split a free block in each of the free tree's four ways
 * ({@code FL_FIT_TYPE}, {@code LE_FIT_TYPE}, {@code RE_FIT_TYPE}, {@code NE_FIT_TYPE}), cumulative
 * since the allocator was created.
 *
 * <p>These counters describe the {@code free-tree} algorithm only, so they are not part of the
 * api's {@link io.vmapkit.api.vmap.VmapStats}: another allocator has no such thing to count. The
 * {@code busy-list} allocators report all four as 0. Each allocation's split kind is also recorded
 * in the {@code vmap.AllocVmapArea} JFR event ({@code fit} field).
 *
 * <p>Immutable and thread-safe; a snapshot taken under the allocator's lock.
 *
 * @param fitFull exact fits (FL): the block is used whole
 * @param fitLeftEdge left-edge splits (LE): the area starts at the block's start
 * @param fitRightEdge right-edge splits (RE): the area ends at the block's end
 * @param fitNoEdge no-edge splits (NE): the area lies inside the block, which becomes two
 */
public record FreeTreeSplits(long fitFull, long fitLeftEdge, long fitRightEdge, long fitNoEdge) {

    /**
     * The split counters of an allocator made by this module's providers, or empty for any other
     * allocator (including one wrapped by the runtime, which does not expose the allocator it wraps).
     */
    public static Optional<FreeTreeSplits> of(VmapAllocator allocator) {
        return allocator instanceof VmapAllocatorCore
                ? Optional.of(((VmapAllocatorCore) allocator).splits())
                : Optional.empty();
    }
}
