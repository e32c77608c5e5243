package io.vmapkit.bench;

import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;

/**
 * Puts an allocator into the occupancy a benchmark measures in, before measurement starts
 * (workloads D.3: fill, then measure pairs).
 *
 * <p>Stateless; the allocator passed in is used from the calling thread only.
 */
public final class Fill {

    private Fill() {}

    /**
     * Allocates {@code count} areas of {@code request} and returns them, lowest first: the busy
     * areas a workload holds while it runs (long_busy_list's 15,000, the scaling sweep's N).
     */
    public static VmapArea[] hold(VmapAllocator allocator, VmapRequest request, int count) {
        VmapArea[] held = new VmapArea[count];
        for (int i = 0; i < count; i++) {
            held[i] = allocator.allocate(request);
        }
        return held;
    }

    /**
     * full_fit's setup: allocates {@code count} pairs, a kept area of {@code kept} then a junk area
     * of {@code junk}, and frees every junk area, leaving {@code count} holes of junk's reserved
     * size (size + guard) between kept areas.
     *
     * <p>The junk frees are lazy, as in the kernel: with {@code purge} false the holes become free
     * as threshold purges happen (full_fit's 2·J lazy pages cross the threshold during setup), the
     * rest stay lazy until the workload's own frees push a purge. With {@code purge} true a final
     * {@link VmapAllocator#purgeLazy()} makes every hole free now.
     *
     * @return the kept areas, lowest first
     */
    public static VmapArea[] holes(VmapAllocator allocator, VmapRequest kept, VmapRequest junk, int count,
            boolean purge) {
        VmapArea[] keptAreas = new VmapArea[count];
        VmapArea[] junkAreas = new VmapArea[count];
        for (int i = 0; i < count; i++) {
            keptAreas[i] = allocator.allocate(kept);
            junkAreas[i] = allocator.allocate(junk);
        }
        for (VmapArea a : junkAreas) {
            allocator.free(a);
        }
        if (purge) {
            allocator.purgeLazy();
        }
        return keptAreas;
    }
}
