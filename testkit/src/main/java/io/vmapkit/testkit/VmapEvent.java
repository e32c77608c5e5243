package io.vmapkit.testkit;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.List;
import java.util.Map;

/**
 * One event a {@link RecordingListener} saw: one record type per
 * {@link io.vmapkit.api.event.VmapListener} method, with the values of its event object. Immutable.
 */
public sealed interface VmapEvent {

    /** {@code alloc_vmap_area}. */
    record AllocVmapArea(long addr, long size, long align, long vstart, long vend, boolean failed) implements VmapEvent {}

    /** One search of the free space. */
    record VmapSearch(VmapRequest request, boolean found) implements VmapEvent {}

    /** The overflow path's synchronous purge. */
    record OverflowPurge(VmapRequest request, boolean purged) implements VmapEvent {}

    /**
     * A purge-notifier round, copied when it finished (the event object itself is valid only
     * during the call).
     */
    record NotifierRound(VmapRequest request, int round, long freed, Map<String, Long> contributions) implements VmapEvent {}

    /** An allocation failed. */
    record VmapAllocFailed(VmapRequest request, Errno errno, String message, List<String> claimedProgress)
            implements VmapEvent {}

    /** {@code free_vmap_area_noflush}. */
    record FreeVmapAreaNoflush(long vaStart, long nrLazy, long nrLazyMax) implements VmapEvent {}

    /** {@code purge_vmap_area_lazy}. */
    record PurgeVmapAreaLazy(long start, long end, long npurged) implements VmapEvent {}

    /** A notifier callback returned. */
    record NotifierCall(String chain, String block, long action, int result, long durationNanos) implements VmapEvent {}

    /** A notifier callback threw. */
    record NotifierCallFailed(String chain, String block, Throwable failure, int consecutiveFailures) implements VmapEvent {}

    /** A block was quarantined. */
    record NotifierBlockQuarantined(String chain, String block, int consecutiveFailures) implements VmapEvent {}

    /** A quarantined block was skipped. */
    record NotifierBlockSkipped(String chain, String block) implements VmapEvent {}

    /** {@code mm_shrink_slab_start}. */
    record ShrinkSlabStart(String shrinker, int nid, long nrObjectsToShrink, long cacheItems, long delta, long totalScan,
            int priority) implements VmapEvent {}

    /** {@code mm_shrink_slab_end}. */
    record ShrinkSlabEnd(String shrinker, int nid, long unusedScan, long newScan, long totalScan, long retval)
            implements VmapEvent {}

    /** A shrinker misbehaved. */
    record ShrinkerMisbehaved(String shrinker, String problem, Throwable failure) implements VmapEvent {}

    /** Page reclaim ran. */
    record PageReclaim(long requestedPages, long reclaimed) implements VmapEvent {}

    /** The OOM chain ran. */
    record OomNotify(long requestedPages, long freed) implements VmapEvent {}
}
