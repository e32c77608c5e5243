package io.vmapkit.api.vmap;

import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import java.util.List;
import java.util.Map;

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
 * <p>Final: the counting ({@link FreedCounter#create()}'s add-only, saturating, attributing
 * counter) is delegated to, not inherited. The chain tells the event which block is running
 * through {@link io.vmapkit.api.notifier.NotifierCallObserver}, which is how
 * {@link #contributions()} names the blocks.
 *
 * <p><b>Threading and ownership.</b> The allocator makes a fresh event for every round; it is
 * valid only during the chain call. Thread-safe: a callback may hand it to helper threads while it
 * runs. To call a block in a test, make one with {@link #of(AddressSpace, long, int)}.
 */
public final class VmapPurgeEvent implements FreedCounter {

    /** The action the vmap purge chain passes: always 0. */
    public static final long ACTION = 0;

    private final VmapRequest request;
    private final long neededBytes;
    private final int round;
    private final FreedCounter freed = FreedCounter.create();

    /**
     * The event the allocator passes for one round.
     *
     * @param request the failing request, window resolved
     * @param neededBytes size plus guard: the contiguous space the request needs
     * @param round 1 for the first notifier round of this allocation, then 2, 3, …
     * @throws NullPointerException if {@code request} is null; the message says how to make an
     *     event in a test
     * @throws IllegalArgumentException if {@code round < 1}
     */
    public VmapPurgeEvent(VmapRequest request, long neededBytes, int round) {
        if (request == null) {
            throw new NullPointerException("VmapPurgeEvent needs the request that failed, got null;"
                    + " in a test use VmapPurgeEvent.of(space, sizeBytes, round)");
        }
        if (round < 1) {
            throw new IllegalArgumentException("notifier round " + round + " must be at least 1");
        }
        this.request = request;
        this.neededBytes = neededBytes;
        this.round = round;
    }

    /**
     * The event the allocator would pass in round {@code round} for a request of {@code sizeBytes}
     * with default flags anywhere in {@code space}: the request's window is the whole space and it
     * needs {@code sizeBytes} plus one guard page. For calling a block in a test.
     *
     * @throws IllegalArgumentException if {@code sizeBytes} is not a positive multiple of the page
     *     size below the space's size, or {@code round < 1}
     */
    public static VmapPurgeEvent of(AddressSpace space, long sizeBytes, int round) {
        int page = space.pageSize();
        if (sizeBytes <= 0 || sizeBytes % page != 0 || Long.compareUnsigned(sizeBytes, space.size() - page) > 0) {
            throw new IllegalArgumentException("purge event size " + sizeBytes + " must be a positive multiple of the page size "
                    + page + " that fits " + space + " with its guard page");
        }
        return new VmapPurgeEvent(VmapRequest.of(sizeBytes).withWindow(space.start(), space.end()), sizeBytes + page, round);
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
    public void add(long n) {
        freed.add(n);
    }

    @Override
    public long freed() {
        return freed.freed();
    }

    @Override
    public Map<String, Long> contributions() {
        return freed.contributions();
    }

    @Override
    public List<String> contributors() {
        return freed.contributors();
    }

    @Override
    public void enterCallback(NotifierBlock<?> block) {
        freed.enterCallback(block);
    }

    @Override
    public void exitCallback(NotifierBlock<?> block, int result, Throwable failure) {
        freed.exitCallback(block, result, failure);
    }

    @Override
    public String toString() {
        return "VmapPurgeEvent[round=" + round + ", request=" + request + ", freed=" + freed() + "]";
    }
}
