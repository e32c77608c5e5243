package io.vmapkit.api.event;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.List;

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

    // Each event method loops itself rather than passing a lambda to one shared loop: every call
    // site then sees only the listener classes of its own event and can inline them (an event the
    // listener does not override inlines to VmapListener's empty default), and no lambda is
    // allocated per event.

    private static void contain(VmapListener l, Throwable e) {
        if (e instanceof VirtualMachineError) {
            throw (VirtualMachineError) e;
        }
        LOG.log(System.Logger.Level.WARNING, "listener " + l + " threw; ignored", e);
    }

    @Override
    public void allocVmapArea(long addr, long size, long align, long vstart, long vend, boolean failed) {
        for (VmapListener l : listeners) {
            try {
                l.allocVmapArea(addr, size, align, vstart, vend, failed);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void vmapSearch(VmapRequest request, boolean found) {
        for (VmapListener l : listeners) {
            try {
                l.vmapSearch(request, found);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void overflowPurge(VmapRequest request, boolean purged) {
        for (VmapListener l : listeners) {
            try {
                l.overflowPurge(request, purged);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void notifierRound(VmapPurgeEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.notifierRound(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void vmapAllocFailed(VmapRequest request, Errno errno, String message, List<String> claimedProgress) {
        for (VmapListener l : listeners) {
            try {
                l.vmapAllocFailed(request, errno, message, claimedProgress);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void freeVmapAreaNoflush(long vaStart, long nrLazy, long nrLazyMax) {
        for (VmapListener l : listeners) {
            try {
                l.freeVmapAreaNoflush(vaStart, nrLazy, nrLazyMax);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void purgeVmapAreaLazy(long start, long end, long npurged) {
        for (VmapListener l : listeners) {
            try {
                l.purgeVmapAreaLazy(start, end, npurged);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void notifierCall(String chain, String block, long action, int result, long durationNanos) {
        for (VmapListener l : listeners) {
            try {
                l.notifierCall(chain, block, action, result, durationNanos);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void notifierCallFailed(String chain, String block, Throwable failure, int consecutiveFailures) {
        for (VmapListener l : listeners) {
            try {
                l.notifierCallFailed(chain, block, failure, consecutiveFailures);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void notifierBlockQuarantined(String chain, String block, int consecutiveFailures) {
        for (VmapListener l : listeners) {
            try {
                l.notifierBlockQuarantined(chain, block, consecutiveFailures);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void notifierBlockSkipped(String chain, String block) {
        for (VmapListener l : listeners) {
            try {
                l.notifierBlockSkipped(chain, block);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void shrinkSlabStart(String shrinker, int nid, long nrObjectsToShrink, long cacheItems, long delta,
            long totalScan, int priority) {
        for (VmapListener l : listeners) {
            try {
                l.shrinkSlabStart(shrinker, nid, nrObjectsToShrink, cacheItems, delta, totalScan, priority);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void shrinkSlabEnd(String shrinker, int nid, long unusedScan, long newScan, long totalScan, long retval) {
        for (VmapListener l : listeners) {
            try {
                l.shrinkSlabEnd(shrinker, nid, unusedScan, newScan, totalScan, retval);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void shrinkerMisbehaved(String shrinker, String problem, Throwable failure) {
        for (VmapListener l : listeners) {
            try {
                l.shrinkerMisbehaved(shrinker, problem, failure);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void pageReclaim(long requestedPages, long reclaimed) {
        for (VmapListener l : listeners) {
            try {
                l.pageReclaim(requestedPages, reclaimed);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void oomNotify(long requestedPages, long freed) {
        for (VmapListener l : listeners) {
            try {
                l.oomNotify(requestedPages, freed);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public String toString() {
        return "CompositeListener" + List.of(listeners);
    }
}
