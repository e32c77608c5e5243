package io.vmapkit.allocator;

import io.vmapkit.api.Errno;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
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
    public void allocVmapArea(long addr, long size, long align, long vstart, long vend, boolean failed) {
        add((failed ? "alloc-failed " : "alloc ") + Long.toHexString(addr) + " size " + size);
    }

    @Override
    public void vmapSearch(VmapRequest request, boolean found) {
        add(found ? "search found" : "search failed");
    }

    @Override
    public void overflowPurge(VmapRequest request, boolean purged) {
        add("purge " + (purged ? "purged" : "empty"));
    }

    @Override
    public void notifierRound(VmapPurgeEvent event) {
        add("notify round " + event.round() + " freed " + event.freed());
    }

    @Override
    public synchronized void vmapAllocFailed(VmapRequest request, Errno errno, String message, List<String> claimedProgress) {
        events.add("failed " + errno);
        failures.add(claimedProgress);
    }

    @Override
    public void freeVmapAreaNoflush(long vaStart, long nrLazy, long nrLazyMax) {
        add("lazy-free " + Long.toHexString(vaStart) + " nr_lazy " + nrLazy + "/" + nrLazyMax);
    }

    @Override
    public synchronized void purgeVmapAreaLazy(long start, long end, long npurged) {
        events.add("flush " + Long.toHexString(start) + "-" + Long.toHexString(end) + " npurged " + npurged);
        purges.add(new long[] {start, end, npurged});
    }
}
