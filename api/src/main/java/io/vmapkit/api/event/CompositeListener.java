package io.vmapkit.api.event;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Forwards to several listeners, containing failures of each. */
final class CompositeListener implements VmapListener {
    private static final System.Logger LOG = System.getLogger(VmapListener.class.getName());

    private final VmapListener[] listeners;

    private CompositeListener(VmapListener[] listeners) {
        this.listeners = listeners;
    }

    static VmapListener of(List<VmapListener> given) {
        List<VmapListener> flat = new ArrayList<>();
        for (VmapListener l : given) {
            if (l instanceof CompositeListener) {
                flat.addAll(List.of(((CompositeListener) l).listeners));
            } else if (l != NOOP) {
                flat.add(java.util.Objects.requireNonNull(l, "listener"));
            }
        }
        if (flat.isEmpty()) {
            return NOOP;
        }
        return new CompositeListener(flat.toArray(new VmapListener[0]));
    }

    private void each(Consumer<VmapListener> event) {
        for (VmapListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "listener " + l + " threw; ignored", e);
            }
        }
    }

    @Override
    public void allocVmapArea(long addr, long size, long align, long vstart, long vend, boolean failed) {
        each(l -> l.allocVmapArea(addr, size, align, vstart, vend, failed));
    }

    @Override
    public void vmapSearch(VmapRequest request, boolean found) {
        each(l -> l.vmapSearch(request, found));
    }

    @Override
    public void overflowPurge(VmapRequest request, boolean purged) {
        each(l -> l.overflowPurge(request, purged));
    }

    @Override
    public void notifierRound(VmapPurgeEvent event) {
        each(l -> l.notifierRound(event));
    }

    @Override
    public void vmapAllocFailed(VmapRequest request, Errno errno, String message, List<String> claimedProgress) {
        each(l -> l.vmapAllocFailed(request, errno, message, claimedProgress));
    }

    @Override
    public void freeVmapAreaNoflush(long vaStart, long nrLazy, long nrLazyMax) {
        each(l -> l.freeVmapAreaNoflush(vaStart, nrLazy, nrLazyMax));
    }

    @Override
    public void purgeVmapAreaLazy(long start, long end, long npurged) {
        each(l -> l.purgeVmapAreaLazy(start, end, npurged));
    }

    @Override
    public void notifierCall(String chain, String block, long action, int result, long durationNanos) {
        each(l -> l.notifierCall(chain, block, action, result, durationNanos));
    }

    @Override
    public void notifierCallFailed(String chain, String block, Throwable failure, int consecutiveFailures) {
        each(l -> l.notifierCallFailed(chain, block, failure, consecutiveFailures));
    }

    @Override
    public void notifierBlockQuarantined(String chain, String block, int consecutiveFailures) {
        each(l -> l.notifierBlockQuarantined(chain, block, consecutiveFailures));
    }

    @Override
    public void notifierBlockSkipped(String chain, String block) {
        each(l -> l.notifierBlockSkipped(chain, block));
    }

    @Override
    public void shrinkSlabStart(String shrinker, int nid, long nrObjectsToShrink, long cacheItems, long delta,
            long totalScan, int priority) {
        each(l -> l.shrinkSlabStart(shrinker, nid, nrObjectsToShrink, cacheItems, delta, totalScan, priority));
    }

    @Override
    public void shrinkSlabEnd(String shrinker, int nid, long unusedScan, long newScan, long totalScan, long retval) {
        each(l -> l.shrinkSlabEnd(shrinker, nid, unusedScan, newScan, totalScan, retval));
    }

    @Override
    public void shrinkerMisbehaved(String shrinker, String problem, Throwable failure) {
        each(l -> l.shrinkerMisbehaved(shrinker, problem, failure));
    }

    @Override
    public void pageReclaim(long requestedPages, long reclaimed) {
        each(l -> l.pageReclaim(requestedPages, reclaimed));
    }

    @Override
    public void oomNotify(long requestedPages, long freed) {
        each(l -> l.oomNotify(requestedPages, freed));
    }

    @Override
    public String toString() {
        return "CompositeListener" + List.of(listeners);
    }
}
