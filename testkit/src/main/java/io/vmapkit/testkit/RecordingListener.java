package io.vmapkit.testkit;

import io.vmapkit.api.event.AllocVmapAreaEvent;
import io.vmapkit.api.event.FreeVmapAreaNoflushEvent;
import io.vmapkit.api.event.NotifierBlockQuarantinedEvent;
import io.vmapkit.api.event.NotifierBlockSkippedEvent;
import io.vmapkit.api.event.NotifierCallEvent;
import io.vmapkit.api.event.NotifierCallFailedEvent;
import io.vmapkit.api.event.OomNotifyEvent;
import io.vmapkit.api.event.OverflowPurgeEvent;
import io.vmapkit.api.event.PageReclaimEvent;
import io.vmapkit.api.event.PurgeVmapAreaLazyEvent;
import io.vmapkit.api.event.ShrinkSlabEndEvent;
import io.vmapkit.api.event.ShrinkSlabStartEvent;
import io.vmapkit.api.event.ShrinkerMisbehavedEvent;
import io.vmapkit.api.event.VmapAllocFailedEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.event.VmapSearchEvent;
import io.vmapkit.api.vmap.VmapPurgeEvent;
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
    public void allocVmapArea(AllocVmapAreaEvent event) {
        record(new VmapEvent.AllocVmapArea(event.addr(), event.size(), event.align(), event.vstart(),
                event.vend(), event.failed()));
    }

    @Override
    public void vmapSearch(VmapSearchEvent event) {
        record(new VmapEvent.VmapSearch(event.request(), event.found()));
    }

    @Override
    public void overflowPurge(OverflowPurgeEvent event) {
        record(new VmapEvent.OverflowPurge(event.request(), event.purged()));
    }

    @Override
    public void notifierRound(VmapPurgeEvent event) {
        record(new VmapEvent.NotifierRound(event.request(), event.round(), event.freed(), event.contributions()));
    }

    @Override
    public void vmapAllocFailed(VmapAllocFailedEvent event) {
        record(new VmapEvent.VmapAllocFailed(event.request(), event.errno(), event.message(),
                List.copyOf(event.claimedProgress())));
    }

    @Override
    public void freeVmapAreaNoflush(FreeVmapAreaNoflushEvent event) {
        record(new VmapEvent.FreeVmapAreaNoflush(event.vaStart(), event.nrLazy(), event.nrLazyMax()));
    }

    @Override
    public void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
        record(new VmapEvent.PurgeVmapAreaLazy(event.start(), event.end(), event.npurged()));
    }

    @Override
    public void notifierCall(NotifierCallEvent event) {
        record(new VmapEvent.NotifierCall(event.chain(), event.block(), event.action(), event.result(),
                event.durationNanos()));
    }

    @Override
    public void notifierCallFailed(NotifierCallFailedEvent event) {
        record(new VmapEvent.NotifierCallFailed(event.chain(), event.block(), event.failure(),
                event.consecutiveFailures()));
    }

    @Override
    public void notifierBlockQuarantined(NotifierBlockQuarantinedEvent event) {
        record(new VmapEvent.NotifierBlockQuarantined(event.chain(), event.block(), event.consecutiveFailures()));
    }

    @Override
    public void notifierBlockSkipped(NotifierBlockSkippedEvent event) {
        record(new VmapEvent.NotifierBlockSkipped(event.chain(), event.block()));
    }

    @Override
    public void shrinkSlabStart(ShrinkSlabStartEvent event) {
        record(new VmapEvent.ShrinkSlabStart(event.shrinker(), event.nid(), event.nrObjectsToShrink(),
                event.cacheItems(), event.delta(), event.totalScan(), event.priority()));
    }

    @Override
    public void shrinkSlabEnd(ShrinkSlabEndEvent event) {
        record(new VmapEvent.ShrinkSlabEnd(event.shrinker(), event.nid(), event.unusedScan(), event.newScan(),
                event.totalScan(), event.retval()));
    }

    @Override
    public void shrinkerMisbehaved(ShrinkerMisbehavedEvent event) {
        record(new VmapEvent.ShrinkerMisbehaved(event.shrinker(), event.problem(), event.failure()));
    }

    @Override
    public void pageReclaim(PageReclaimEvent event) {
        record(new VmapEvent.PageReclaim(event.requestedPages(), event.reclaimed()));
    }

    @Override
    public void oomNotify(OomNotifyEvent event) {
        record(new VmapEvent.OomNotify(event.requestedPages(), event.freed()));
    }

    @Override
    public String toString() {
        return "RecordingListener" + events();
    }
}
