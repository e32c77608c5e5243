package io.vmapkit.allocator;

import io.vmapkit.api.Errno;
import io.vmapkit.api.event.OverflowPurgeEvent;
import io.vmapkit.api.event.VmapAllocFailedEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.event.VmapSearchEvent;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.List;

/**
 * Where the allocator's events go: the configured listener (wrapped with
 * {@link VmapListener#composite} so one that throws is contained) and the JFR events named after
 * the kernel tracepoints. JFR fields are filled only when the event will be committed.
 *
 * <p>Called without the allocator's lock. Public so this module's other allocator packages fire
 * the same events. Thread-safe.
 */
public final class Tracepoints {

    private final VmapListener listener;
    /** Whether there is a listener at all; {@code false} for {@link VmapListener#NOOP}. */
    private final boolean listening;

    /** Events to {@code configured} (contained if it throws) and to JFR. */
    public Tracepoints(VmapListener configured) {
        this.listener = VmapListener.composite(configured);
        this.listening = listener != VmapListener.NOOP;
    }

    public void allocVmapArea(long addr, long size, long align, long vstart, long vend, boolean failed, int fit) {
        if (listening) {
            listener.allocVmapArea(new io.vmapkit.api.event.AllocVmapAreaEvent(addr, size, align, vstart, vend, failed));
        }
        AllocVmapAreaEvent e = new AllocVmapAreaEvent();
        if (e.shouldCommit()) {
            e.addr = addr;
            e.size = size;
            e.align = align;
            e.vstart = vstart;
            e.vend = vend;
            e.failed = failed;
            e.fit = fitName(fit);
            e.commit();
        }
    }

    static String fitName(int fit) {
        switch (fit) {
            case Placement.FIT_FULL: return "FL";
            case Placement.FIT_LEFT_EDGE: return "LE";
            case Placement.FIT_RIGHT_EDGE: return "RE";
            case Placement.FIT_NO_EDGE: return "NE";
            default: return "";
        }
    }

    public void vmapSearch(VmapRequest request, boolean found) {
        if (listening) {
            listener.vmapSearch(new VmapSearchEvent(request, found));
        }
    }

    public void overflowPurge(VmapRequest request, boolean purged) {
        if (listening) {
            listener.overflowPurge(new OverflowPurgeEvent(request, purged));
        }
    }

    public void notifierRound(VmapPurgeEvent event, List<String> contributors, boolean capReached) {
        listener.notifierRound(event);
        NotifierRoundEvent e = new NotifierRoundEvent();
        if (e.shouldCommit()) {
            e.round = event.round();
            e.size = event.neededBytes();
            e.freed = event.freed();
            e.contributors = String.join(",", contributors);
            e.capReached = capReached;
            e.commit();
        }
    }

    public void vmapAllocFailed(VmapRequest request, Errno errno, String message, List<String> claimedProgress) {
        if (listening) {
            listener.vmapAllocFailed(new VmapAllocFailedEvent(request, errno, message, claimedProgress));
        }
    }

    public void freeVmapAreaNoflush(long vaStart, long nrLazy, long nrLazyMax) {
        if (listening) {
            listener.freeVmapAreaNoflush(new io.vmapkit.api.event.FreeVmapAreaNoflushEvent(vaStart, nrLazy, nrLazyMax));
        }
        FreeVmapAreaNoflushEvent e = new FreeVmapAreaNoflushEvent();
        if (e.shouldCommit()) {
            e.va_start = vaStart;
            e.nr_lazy = nrLazy;
            e.nr_lazy_max = nrLazyMax;
            e.commit();
        }
    }

    public void purgeVmapAreaLazy(long start, long end, long npurged) {
        if (listening) {
            listener.purgeVmapAreaLazy(new io.vmapkit.api.event.PurgeVmapAreaLazyEvent(start, end, npurged));
        }
        PurgeVmapAreaLazyEvent e = new PurgeVmapAreaLazyEvent();
        if (e.shouldCommit()) {
            e.start = start;
            e.end = end;
            e.npurged = npurged;
            e.commit();
        }
    }
}
