package io.vmapkit.api.event;

import io.vmapkit.api.vmap.VmapPurgeEvent;
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
    public void allocVmapArea(AllocVmapAreaEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.allocVmapArea(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void vmapSearch(VmapSearchEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.vmapSearch(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void overflowPurge(OverflowPurgeEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.overflowPurge(event);
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
    public void vmapAllocFailed(VmapAllocFailedEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.vmapAllocFailed(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void freeVmapAreaNoflush(FreeVmapAreaNoflushEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.freeVmapAreaNoflush(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.purgeVmapAreaLazy(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void notifierCall(NotifierCallEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.notifierCall(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void notifierCallFailed(NotifierCallFailedEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.notifierCallFailed(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void notifierBlockQuarantined(NotifierBlockQuarantinedEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.notifierBlockQuarantined(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void notifierBlockSkipped(NotifierBlockSkippedEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.notifierBlockSkipped(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void shrinkSlabStart(ShrinkSlabStartEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.shrinkSlabStart(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void shrinkSlabEnd(ShrinkSlabEndEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.shrinkSlabEnd(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void shrinkerMisbehaved(ShrinkerMisbehavedEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.shrinkerMisbehaved(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void pageReclaim(PageReclaimEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.pageReclaim(event);
            } catch (RuntimeException | Error e) {
                contain(l, e);
            }
        }
    }

    @Override
    public void oomNotify(OomNotifyEvent event) {
        for (VmapListener l : listeners) {
            try {
                l.oomNotify(event);
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
