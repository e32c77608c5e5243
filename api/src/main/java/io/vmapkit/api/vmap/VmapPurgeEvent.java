package io.vmapkit.api.vmap;

import io.vmapkit.api.notifier.FreedCounter;
import java.util.Objects;

/**
 * What the allocator passes to the vmap purge notifier chain ({@code vmap_notify_list}) when the
 * space is exhausted: the kernel's {@code unsigned long *freed}, zeroed before each round and
 * add-only, plus what the kernel never offers: the failing request and the round number, so a
 * plugin can reclaim just enough.
 *
 * <p>A callback releases cached mappings (their frees are lazy; the allocator purges before it
 * retries), {@linkplain #add(long) adds} a positive count if it released anything, and returns
 * {@link io.vmapkit.api.notifier.Notify#DONE}. The unit of {@code freed} is the plugin's (i915
 * adds pages, msm adds objects); only {@code freed() > 0} matters.
 *
 * <p>A fresh event is made for every round; it is valid only during the chain call.
 */
public class VmapPurgeEvent extends FreedCounter {

    /** The action the vmap purge chain passes: always 0. */
    public static final long ACTION = 0;

    private final VmapRequest request;
    private final long neededBytes;
    private final int round;

    /**
     * @param request the failing request, window resolved
     * @param neededBytes size plus guard: the contiguous space the request needs
     * @param round 1 for the first notifier round of this allocation, then 2, 3, …
     * @throws IllegalArgumentException if {@code round < 1}
     */
    public VmapPurgeEvent(VmapRequest request, long neededBytes, int round) {
        this.request = Objects.requireNonNull(request, "request");
        if (round < 1) {
            throw new IllegalArgumentException("notifier round " + round + " must be at least 1");
        }
        this.neededBytes = neededBytes;
        this.round = round;
    }

    /** The request that could not be placed. */
    public VmapRequest request() {
        return request;
    }

    /** The contiguous bytes the request needs: its size plus its guard page. */
    public long neededBytes() {
        return neededBytes;
    }

    /** The notifier round within this allocation, from 1. */
    public int round() {
        return round;
    }

    @Override
    public String toString() {
        return "VmapPurgeEvent[round=" + round + ", request=" + request + ", freed=" + freed() + "]";
    }
}
