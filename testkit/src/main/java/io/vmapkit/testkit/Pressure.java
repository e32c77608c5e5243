package io.vmapkit.testkit;

import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.runtime.VmapSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts a system under pressure for a plugin's test: fills the address space, runs a purge-notifier
 * round or a shrink pass directly, so a test can watch what its plugin gives back. Areas it
 * allocates belong to the host (no owner). Not thread-safe; one per test.
 */
public final class Pressure {

    private final VmapSystem system;

    /** Pressure on {@code system}. */
    public Pressure(VmapSystem system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    private VmapAllocator allocator() {
        return system.allocator();
    }

    /**
     * Allocates areas of {@code chunkBytes} (a page multiple) until live and lazy areas take at
     * least {@code occupancy} of the space, or nothing more fits without the overflow path.
     *
     * @param occupancy a fraction in (0, 1]
     * @return the areas allocated, in order
     * @throws IllegalArgumentException for an occupancy outside (0, 1] or a bad chunk size
     */
    public List<VmapArea> fillTo(double occupancy, long chunkBytes) {
        if (!(occupancy > 0 && occupancy <= 1)) {
            throw new IllegalArgumentException("occupancy " + occupancy + " is not in (0, 1]");
        }
        AddressSpace space = allocator().space();
        long need = needed(space, chunkBytes);
        VmapRequest request = VmapRequest.builder(chunkBytes).flags(AllocFlag.NO_WARN).window(space.start(), space.end())
                .build();
        List<VmapArea> areas = new ArrayList<>();
        while (true) {
            var stats = allocator().stats();
            if ((double) (stats.liveBytes() + stats.lazyBytes()) / stats.spaceBytes() >= occupancy
                    || Long.compareUnsigned(allocator().snapshot().largestFree(), need) < 0) {
                return areas;
            }
            areas.add(allocator().allocate(request));
        }
    }

    /**
     * Allocates areas of {@code sizeBytes} until the next allocation of that size would need the
     * overflow path: lazy areas are purged first, then the space is filled so that no free block can
     * hold {@code sizeBytes} plus its guard page.
     *
     * @return the areas allocated, in order
     */
    public List<VmapArea> fillUntilFull(long sizeBytes) {
        allocator().purgeLazy();
        return fillTo(1.0, sizeBytes);
    }

    /**
     * Whether an allocation of {@code sizeBytes} would fail now, without running it (no lazy area
     * to purge and no free block big enough).
     */
    public boolean nextAllocationWouldFail(long sizeBytes) {
        AddressSpace space = allocator().space();
        long need = needed(space, sizeBytes);
        var stats = allocator().stats();
        return stats.lazyAreas() == 0 && Long.compareUnsigned(stats.largestFreeBlock(), need) < 0;
    }

    /**
     * The contiguous bytes a request of {@code sizeBytes} with default flags needs in {@code space}:
     * the size plus one guard page.
     *
     * @throws IllegalArgumentException if the size is not a positive page multiple that fits the
     *     space with its guard page
     */
    private static long needed(AddressSpace space, long sizeBytes) {
        long page = space.pageSize();
        if (sizeBytes <= 0 || sizeBytes % page != 0 || Long.compareUnsigned(sizeBytes, space.size() - page) > 0) {
            throw new IllegalArgumentException("size " + sizeBytes + " is not a positive multiple of the page size " + page
                    + " that fits " + space + " with its guard page");
        }
        return sizeBytes + page;
    }

    /** Frees every area in {@code areas} that is still live (lazily, as always). */
    public void freeAll(List<VmapArea> areas) {
        for (VmapArea a : areas) {
            if (a.state() == io.vmapkit.api.vmap.AreaState.LIVE) {
                allocator().free(a);
            }
        }
    }

    /**
     * Runs one purge-notifier round as the allocator would for a failing request of
     * {@code sizeBytes}: a fresh {@link VmapPurgeEvent} (round 1) through the purge chain.
     *
     * @return the event, with what each block added in {@link VmapPurgeEvent#contributions()}
     */
    public VmapPurgeEvent purgeRound(long sizeBytes) {
        AddressSpace space = allocator().space();
        VmapPurgeEvent event = VmapPurgeEvent.of(space, sizeBytes, 1);
        system.purgeChain().call(VmapPurgeEvent.ACTION, event);
        return event;
    }

    /** {@link #purgeRound(long)} for one page. */
    public VmapPurgeEvent purgeRound() {
        return purgeRound(allocator().space().pageSize());
    }

    /**
     * One {@code shrink_slab} pass at {@code priority} (12 gentlest … 0 most desperate).
     *
     * @return objects freed
     */
    public long shrinkSlab(int priority) {
        return system.shrinkers().shrinkSlab(priority);
    }

    /** Reclaim passes from priority 12 down until {@code targetObjects} are freed. */
    public long reclaim(long targetObjects) {
        ShrinkerRegistry r = system.shrinkers();
        return r.reclaim(targetObjects);
    }

    /** One OOM-chain round for a failing request of {@code pages}. */
    public OomEvent oomRound(long pages) {
        OomEvent event = new OomEvent(pages);
        system.oomChain().call(0, event);
        return event;
    }

    /**
     * Allocates {@code sizeBytes}, expecting failure; returns the exception.
     *
     * @throws AssertionError if the allocation succeeded (the area is freed first)
     */
    public VmapAllocationException expectAllocationFailure(long sizeBytes) {
        VmapArea area;
        try {
            area = allocator().allocate(VmapRequest.builder(sizeBytes).flags(AllocFlag.NO_WARN).build());
        } catch (VmapAllocationException expected) {
            return expected;
        }
        allocator().free(area);
        throw new AssertionError("expected an allocation of " + sizeBytes + " bytes to fail, but it got " + area);
    }
}
