package io.vmapkit.testkit;

import io.vmapkit.api.Errno;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link VmapListener} that records every event as a {@link VmapEvent}, in the order they
 * happened. Check them with {@link #events()} or fluently:
 * <pre>{@code
 * VmapAssertions.assertThat(recorder).events().containsSubsequence(
 *         Events.search(false), Events.overflowPurge(), Events.search(false), Events.notifierRound(),
 *         Events.allocFailed());
 * }</pre>
 * Thread-safe: events from several threads are recorded in the order the recorder saw them.
 */
public final class RecordingListener implements VmapListener {

    private final List<VmapEvent> events = new ArrayList<>();

    private synchronized void record(VmapEvent e) {
        events.add(e);
    }

    /** A copy of every event so far, in order. */
    public synchronized List<VmapEvent> events() {
        return List.copyOf(events);
    }

    /** The events of one type, in order. */
    public <T extends VmapEvent> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Forgets everything recorded so far (e.g. after a test's setup). */
    public synchronized void clear() {
        events.clear();
    }

    @Override
    public void allocVmapArea(long addr, long size, long align, long vstart, long vend, boolean failed) {
        record(new VmapEvent.AllocVmapArea(addr, size, align, vstart, vend, failed));
    }

    @Override
    public void vmapSearch(VmapRequest request, boolean found) {
        record(new VmapEvent.VmapSearch(request, found));
    }

    @Override
    public void overflowPurge(VmapRequest request, boolean purged) {
        record(new VmapEvent.OverflowPurge(request, purged));
    }

    @Override
    public void notifierRound(VmapPurgeEvent event) {
        record(new VmapEvent.NotifierRound(event.request(), event.round(), event.freed(), event.contributions()));
    }

    @Override
    public void vmapAllocFailed(VmapRequest request, Errno errno, String message, List<String> claimedProgress) {
        record(new VmapEvent.VmapAllocFailed(request, errno, message, List.copyOf(claimedProgress)));
    }

    @Override
    public void freeVmapAreaNoflush(long vaStart, long nrLazy, long nrLazyMax) {
        record(new VmapEvent.FreeVmapAreaNoflush(vaStart, nrLazy, nrLazyMax));
    }

    @Override
    public void purgeVmapAreaLazy(long start, long end, long npurged) {
        record(new VmapEvent.PurgeVmapAreaLazy(start, end, npurged));
    }

    @Override
    public void notifierCall(String chain, String block, long action, int result, long durationNanos) {
        record(new VmapEvent.NotifierCall(chain, block, action, result, durationNanos));
    }

    @Override
    public void notifierCallFailed(String chain, String block, Throwable failure, int consecutiveFailures) {
        record(new VmapEvent.NotifierCallFailed(chain, block, failure, consecutiveFailures));
    }

    @Override
    public void notifierBlockQuarantined(String chain, String block, int consecutiveFailures) {
        record(new VmapEvent.NotifierBlockQuarantined(chain, block, consecutiveFailures));
    }

    @Override
    public void notifierBlockSkipped(String chain, String block) {
        record(new VmapEvent.NotifierBlockSkipped(chain, block));
    }

    @Override
    public void shrinkSlabStart(String shrinker, int nid, long nrObjectsToShrink, long cacheItems, long delta,
            long totalScan, int priority) {
        record(new VmapEvent.ShrinkSlabStart(shrinker, nid, nrObjectsToShrink, cacheItems, delta, totalScan, priority));
    }

    @Override
    public void shrinkSlabEnd(String shrinker, int nid, long unusedScan, long newScan, long totalScan, long retval) {
        record(new VmapEvent.ShrinkSlabEnd(shrinker, nid, unusedScan, newScan, totalScan, retval));
    }

    @Override
    public void shrinkerMisbehaved(String shrinker, String problem, Throwable failure) {
        record(new VmapEvent.ShrinkerMisbehaved(shrinker, problem, failure));
    }

    @Override
    public void pageReclaim(long requestedPages, long reclaimed) {
        record(new VmapEvent.PageReclaim(requestedPages, reclaimed));
    }

    @Override
    public void oomNotify(long requestedPages, long freed) {
        record(new VmapEvent.OomNotify(requestedPages, freed));
    }

    @Override
    public String toString() {
        return "RecordingListener" + events();
    }
}
