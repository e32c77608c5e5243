package io.vmapkit.testkit;

import io.vmapkit.api.Errno;
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
    public void allocVmapArea(AllocVmapAreaEvent event) {
        long addr = event.addr();
        long size = event.size();
        long align = event.align();
        long vstart = event.vstart();
        long vend = event.vend();
        boolean failed = event.failed();
        record(new VmapEvent.AllocVmapArea(addr, size, align, vstart, vend, failed));
    }

    @Override
    public void vmapSearch(VmapSearchEvent event) {
        VmapRequest request = event.request();
        boolean found = event.found();
        record(new VmapEvent.VmapSearch(request, found));
    }

    @Override
    public void overflowPurge(OverflowPurgeEvent event) {
        VmapRequest request = event.request();
        boolean purged = event.purged();
        record(new VmapEvent.OverflowPurge(request, purged));
    }

    @Override
    public void notifierRound(VmapPurgeEvent event) {
        record(new VmapEvent.NotifierRound(event.request(), event.round(), event.freed(), event.contributions()));
    }

    @Override
    public void vmapAllocFailed(VmapAllocFailedEvent event) {
        VmapRequest request = event.request();
        Errno errno = event.errno();
        String message = event.message();
        List<String> claimedProgress = event.claimedProgress();
        record(new VmapEvent.VmapAllocFailed(request, errno, message, List.copyOf(claimedProgress)));
    }

    @Override
    public void freeVmapAreaNoflush(FreeVmapAreaNoflushEvent event) {
        long vaStart = event.vaStart();
        long nrLazy = event.nrLazy();
        long nrLazyMax = event.nrLazyMax();
        record(new VmapEvent.FreeVmapAreaNoflush(vaStart, nrLazy, nrLazyMax));
    }

    @Override
    public void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
        long start = event.start();
        long end = event.end();
        long npurged = event.npurged();
        record(new VmapEvent.PurgeVmapAreaLazy(start, end, npurged));
    }

    @Override
    public void notifierCall(NotifierCallEvent event) {
        String chain = event.chain();
        String block = event.block();
        long action = event.action();
        int result = event.result();
        long durationNanos = event.durationNanos();
        record(new VmapEvent.NotifierCall(chain, block, action, result, durationNanos));
    }

    @Override
    public void notifierCallFailed(NotifierCallFailedEvent event) {
        String chain = event.chain();
        String block = event.block();
        Throwable failure = event.failure();
        int consecutiveFailures = event.consecutiveFailures();
        record(new VmapEvent.NotifierCallFailed(chain, block, failure, consecutiveFailures));
    }

    @Override
    public void notifierBlockQuarantined(NotifierBlockQuarantinedEvent event) {
        String chain = event.chain();
        String block = event.block();
        int consecutiveFailures = event.consecutiveFailures();
        record(new VmapEvent.NotifierBlockQuarantined(chain, block, consecutiveFailures));
    }

    @Override
    public void notifierBlockSkipped(NotifierBlockSkippedEvent event) {
        String chain = event.chain();
        String block = event.block();
        record(new VmapEvent.NotifierBlockSkipped(chain, block));
    }

    @Override
    public void shrinkSlabStart(ShrinkSlabStartEvent event) {
        String shrinker = event.shrinker();
        int nid = event.nid();
        long nrObjectsToShrink = event.nrObjectsToShrink();
        long cacheItems = event.cacheItems();
        long delta = event.delta();
        long totalScan = event.totalScan();
        int priority = event.priority();
        record(new VmapEvent.ShrinkSlabStart(shrinker, nid, nrObjectsToShrink, cacheItems, delta, totalScan, priority));
    }

    @Override
    public void shrinkSlabEnd(ShrinkSlabEndEvent event) {
        String shrinker = event.shrinker();
        int nid = event.nid();
        long unusedScan = event.unusedScan();
        long newScan = event.newScan();
        long totalScan = event.totalScan();
        long retval = event.retval();
        record(new VmapEvent.ShrinkSlabEnd(shrinker, nid, unusedScan, newScan, totalScan, retval));
    }

    @Override
    public void shrinkerMisbehaved(ShrinkerMisbehavedEvent event) {
        String shrinker = event.shrinker();
        String problem = event.problem();
        Throwable failure = event.failure();
        record(new VmapEvent.ShrinkerMisbehaved(shrinker, problem, failure));
    }

    @Override
    public void pageReclaim(PageReclaimEvent event) {
        long requestedPages = event.requestedPages();
        long reclaimed = event.reclaimed();
        record(new VmapEvent.PageReclaim(requestedPages, reclaimed));
    }

    @Override
    public void oomNotify(OomNotifyEvent event) {
        long requestedPages = event.requestedPages();
        long freed = event.freed();
        record(new VmapEvent.OomNotify(requestedPages, freed));
    }

    @Override
    public String toString() {
        return "RecordingListener" + events();
    }
}
