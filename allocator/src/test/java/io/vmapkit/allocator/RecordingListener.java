package io.vmapkit.allocator;

import io.vmapkit.api.Errno;
import io.vmapkit.api.event.AllocVmapAreaEvent;
import io.vmapkit.api.event.FreeVmapAreaNoflushEvent;
import io.vmapkit.api.event.OverflowPurgeEvent;
import io.vmapkit.api.event.PurgeVmapAreaLazyEvent;
import io.vmapkit.api.event.VmapAllocFailedEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.event.VmapSearchEvent;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.ArrayList;
import java.util.List;

/** Records allocator events as short strings, in order; thread-safe. */
final class RecordingListener implements VmapListener {

    private final List<String> events = new ArrayList<>();
    final List<long[]> purges = new ArrayList<>();
    final List<List<String>> failures = new ArrayList<>();

    private synchronized void add(String e) {
        events.add(e);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Only the steps of the overflow path: search, purge, notify. */
    synchronized List<String> overflowSteps() {
        List<String> steps = new ArrayList<>();
        for (String e : events) {
            if (e.startsWith("search") || e.startsWith("purge ") || e.startsWith("notify")) {
                steps.add(e);
            }
        }
        return steps;
    }

    synchronized void clear() {
        events.clear();
        purges.clear();
        failures.clear();
    }

    @Override
    public void allocVmapArea(AllocVmapAreaEvent event) {
        long addr = event.addr();
        long size = event.size();
        boolean failed = event.failed();
        add((failed ? "alloc-failed " : "alloc ") + Long.toHexString(addr) + " size " + size);
    }

    @Override
    public void vmapSearch(VmapSearchEvent event) {
        boolean found = event.found();
        add(found ? "search found" : "search failed");
    }

    @Override
    public void overflowPurge(OverflowPurgeEvent event) {
        boolean purged = event.purged();
        add("purge " + (purged ? "purged" : "empty"));
    }

    @Override
    public void notifierRound(VmapPurgeEvent event) {
        add("notify round " + event.round() + " freed " + event.freed());
    }

    @Override
    public synchronized void vmapAllocFailed(VmapAllocFailedEvent event) {
        Errno errno = event.errno();
        List<String> claimedProgress = event.claimedProgress();
        events.add("failed " + errno);
        failures.add(claimedProgress);
    }

    @Override
    public void freeVmapAreaNoflush(FreeVmapAreaNoflushEvent event) {
        long vaStart = event.vaStart();
        long nrLazy = event.nrLazy();
        long nrLazyMax = event.nrLazyMax();
        add("lazy-free " + Long.toHexString(vaStart) + " nr_lazy " + nrLazy + "/" + nrLazyMax);
    }

    @Override
    public synchronized void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
        long start = event.start();
        long end = event.end();
        long npurged = event.npurged();
        events.add("flush " + Long.toHexString(start) + "-" + Long.toHexString(end) + " npurged " + npurged);
        purges.add(new long[] {start, end, npurged});
    }
}
