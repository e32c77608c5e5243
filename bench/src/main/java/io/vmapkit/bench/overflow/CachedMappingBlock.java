package io.vmapkit.bench.overflow;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.Objects;

/**
 * A generic purge-notifier block that holds one cached mapping, as a driver caches the kernel
 * vmap of a buffer object, and releases it when the vmap space runs out: on a call it frees the
 * cached area (lazily, as {@code vunmap} does), adds the area's pages, guard included, to
 * {@link VmapPurgeEvent#add freed}, and returns {@link Notify#DONE}. With nothing cached it adds
 * nothing, so the allocator fails instead of looping.
 *
 * <p><b>Threading.</b> Runs under the purge chain's read side, never under the allocator's lock
 * (the allocator guarantees that), so freeing from the callback is allowed. {@link #cache},
 * {@link #notifierCall} and the counters are synchronized on this block; the free itself runs
 * outside that monitor.
 */
public final class CachedMappingBlock implements NotifierBlock<VmapPurgeEvent> {

    private final VmapAllocator allocator;
    private VmapArea cached;
    private int calls;
    private int releases;

    /** A block that will release into {@code allocator}; nothing cached yet. */
    public CachedMappingBlock(VmapAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    /**
     * Caches {@code area}, a live area of the allocator, for release on the next call.
     *
     * @throws IllegalStateException if an area is already cached
     */
    public synchronized void cache(VmapArea area) {
        Objects.requireNonNull(area, "area");
        if (cached != null) {
            throw new IllegalStateException("already caching " + cached.start() + "; release it first");
        }
        cached = area;
    }

    @Override
    public int notifierCall(long action, VmapPurgeEvent event) {
        VmapArea victim;
        synchronized (this) {
            calls++;
            victim = cached;
            cached = null;
        }
        if (victim == null) {
            return Notify.DONE;
        }
        allocator.free(victim);
        event.add(victim.reservedSize() / allocator.space().pageSize());
        synchronized (this) {
            releases++;
        }
        return Notify.DONE;
    }

    @Override
    public String name() {
        return "cached-mapping";
    }

    /** The area cached now, or {@code null}. */
    public synchronized VmapArea cached() {
        return cached;
    }

    /** How many times the chain called this block. */
    public synchronized int calls() {
        return calls;
    }

    /** How many calls released a cached area. */
    public synchronized int releases() {
        return releases;
    }
}
