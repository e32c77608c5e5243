package io.vmapkit.api.event;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.List;

/**
 * Receives what happens inside a vmapkit system. Every method has an empty default, so a listener
 * overrides only what it needs and new events never break it.
 *
 * <p><b>Threading.</b> Methods are called synchronously on the thread where the event happened,
 * possibly from many threads at once, and <em>never under the allocator's lock</em> (a listener
 * may call back into the allocator's read-only methods). They must be fast and must not throw;
 * vmapkit catches and logs what a listener throws and carries on. Addresses are unsigned.
 */
public interface VmapListener {

    /** The listener that ignores everything. */
    VmapListener NOOP = new VmapListener() {};

    // ---- allocator -------------------------------------------------------------------------

    /**
     * An allocation attempt ended (tracepoint {@code alloc_vmap_area}), successfully or not.
     *
     * @param addr the start of the area, or {@code vend} if it failed (the kernel's sentinel)
     * @param size the reserved size, guard included
     * @param failed whether it failed
     */
    default void allocVmapArea(long addr, long size, long align, long vstart, long vend, boolean failed) {}

    /**
     * One search of the free space for {@code request} (vmapkit addition: the overflow path's
     * retries each search once).
     */
    default void vmapSearch(VmapRequest request, boolean found) {}

    /** The overflow path ran its synchronous purge for {@code request}; {@code purged} tells whether anything was purged. */
    default void overflowPurge(VmapRequest request, boolean purged) {}

    /** A purge-notifier round for an allocation finished; {@code event} holds the round, freed and contributions. */
    default void notifierRound(VmapPurgeEvent event) {}

    /** An allocation failed after the overflow path (EBUSY) or at the descriptor (ENOMEM). */
    default void vmapAllocFailed(VmapRequest request, Errno errno, String message, List<String> claimedProgress) {}

    /**
     * An area was freed lazily (tracepoint {@code free_vmap_area_noflush}).
     *
     * @param nrLazy the lazy counter after the free, pages
     * @param nrLazyMax the purge threshold, pages
     */
    default void freeVmapAreaNoflush(long vaStart, long nrLazy, long nrLazyMax) {}

    /** A non-empty purge flushed {@code [start, end)} once and returned {@code npurged} areas (tracepoint {@code purge_vmap_area_lazy}). */
    default void purgeVmapAreaLazy(long start, long end, long npurged) {}

    // ---- notifier chains -------------------------------------------------------------------

    /** A block's callback returned {@code result} after {@code durationNanos}. */
    default void notifierCall(String chain, String block, long action, int result, long durationNanos) {}

    /** A block's callback threw; the walk went on. {@code consecutiveFailures} counts this one. */
    default void notifierCallFailed(String chain, String block, Throwable failure, int consecutiveFailures) {}

    /** A block was quarantined after {@code consecutiveFailures} failures in a row. */
    default void notifierBlockQuarantined(String chain, String block, int consecutiveFailures) {}

    /** A quarantined block was skipped during a call. */
    default void notifierBlockSkipped(String chain, String block) {}

    // ---- shrinkers -------------------------------------------------------------------------

    /** Before a shrinker's scan loop (tracepoint {@code mm_shrink_slab_start}). */
    default void shrinkSlabStart(String shrinker, int nid, long nrObjectsToShrink, long cacheItems,
            long delta, long totalScan, int priority) {}

    /** After it (tracepoint {@code mm_shrink_slab_end}); {@code retval} is the number freed. */
    default void shrinkSlabEnd(String shrinker, int nid, long unusedScan, long newScan, long totalScan, long retval) {}

    /** A shrinker threw or returned nonsense; {@code failure} is {@code null} for a bad value. */
    default void shrinkerMisbehaved(String shrinker, String problem, Throwable failure) {}

    // ---- page pool -------------------------------------------------------------------------

    /** A page shortage ran reclaim: {@code reclaimed} objects freed by shrinkers for a request of {@code requestedPages}. */
    default void pageReclaim(long requestedPages, long reclaimed) {}

    /** The OOM chain ran for {@code requestedPages}; callbacks reported {@code freed}. */
    default void oomNotify(long requestedPages, long freed) {}

    /**
     * A listener that forwards every event to each of {@code listeners} in order and contains
     * failures: one that throws is logged and does not keep the others from seeing the event.
     * Implementations wrap the listener they are given with this, so a single listener is guarded
     * too. Returns {@link #NOOP} when there is nothing to forward to.
     */
    static VmapListener composite(VmapListener... listeners) {
        return CompositeListener.of(List.of(listeners));
    }
}
