package io.vmapkit.api.event;

import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.List;

/**
 * Receives what happens inside a vmapkit system. Every method takes one event object and has an
 * empty default, so a listener overrides only what it needs, and neither a new event (a new
 * method) nor a new value of an event (a new accessor on its class) breaks a compiled listener.
 *
 * <p><b>Threading.</b> Methods are called synchronously on the thread where the event happened,
 * possibly from many threads at once, and <em>never under the allocator's lock</em> (a listener
 * may call back into the allocator's read-only methods). They must be fast and must not throw;
 * vmapkit catches and logs what a listener throws and carries on. Addresses are unsigned.
 *
 * <p><b>Ownership and cost.</b> vmapkit creates the event objects, and only when a listener other
 * than {@link #NOOP} is configured, so a system without a listener pays nothing for events. The
 * events are immutable and a listener may keep them, except {@link #notifierRound}'s
 * {@link VmapPurgeEvent}, which is the notifier chain's data and valid only during the call. A
 * listener that keeps nothing lets the JIT's escape analysis remove the event object where the
 * call is inlined.
 */
public interface VmapListener {

    /** The listener that ignores everything. */
    VmapListener NOOP = new VmapListener() {};

    // ---- allocator -----------------------------------------------------------------------------

    /** An allocation attempt ended, successfully or not (tracepoint {@code alloc_vmap_area}). */
    default void allocVmapArea(AllocVmapAreaEvent event) {}

    /** One search of the free space (vmapkit addition: the overflow path's retries each search once). */
    default void vmapSearch(VmapSearchEvent event) {}

    /** The overflow path ran its synchronous purge for a request. */
    default void overflowPurge(OverflowPurgeEvent event) {}

    /** A purge-notifier round for an allocation finished; {@code event} holds the round, freed and
     * contributions. Unlike the other events it is the chain's own data, valid only during the call:
     * copy what you keep. */
    default void notifierRound(VmapPurgeEvent event) {}

    /** An allocation failed after the overflow path (EBUSY) or at the descriptor (ENOMEM). */
    default void vmapAllocFailed(VmapAllocFailedEvent event) {}

    /** An area was freed lazily (tracepoint {@code free_vmap_area_noflush}). */
    default void freeVmapAreaNoflush(FreeVmapAreaNoflushEvent event) {}

    /** A non-empty purge flushed one range once and returned its areas (tracepoint
     * {@code purge_vmap_area_lazy}). */
    default void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {}

    // ---- notifier chains -----------------------------------------------------------------------

    /** A block's callback returned. */
    default void notifierCall(NotifierCallEvent event) {}

    /** A block's callback threw; the walk went on. */
    default void notifierCallFailed(NotifierCallFailedEvent event) {}

    /** A block was quarantined after failing too often in a row. */
    default void notifierBlockQuarantined(NotifierBlockQuarantinedEvent event) {}

    /** A quarantined block was skipped during a call. */
    default void notifierBlockSkipped(NotifierBlockSkippedEvent event) {}

    // ---- shrinkers -----------------------------------------------------------------------------

    /** Before a shrinker's scan loop (tracepoint {@code mm_shrink_slab_start}). */
    default void shrinkSlabStart(ShrinkSlabStartEvent event) {}

    /** After a shrinker's scan loop (tracepoint {@code mm_shrink_slab_end}). */
    default void shrinkSlabEnd(ShrinkSlabEndEvent event) {}

    /** A shrinker threw or returned nonsense. */
    default void shrinkerMisbehaved(ShrinkerMisbehavedEvent event) {}

    // ---- page pool -----------------------------------------------------------------------------

    /** A page shortage ran reclaim. */
    default void pageReclaim(PageReclaimEvent event) {}

    /** The OOM chain ran for an allocation that reclaim could not satisfy. */
    default void oomNotify(OomNotifyEvent event) {}

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
