package io.vmapkit.notifier.shrinker;

import io.vmapkit.api.event.ShrinkSlabEndEvent;
import io.vmapkit.api.event.ShrinkSlabStartEvent;
import io.vmapkit.api.event.ShrinkerMisbehavedEvent;
import io.vmapkit.api.event.VmapListener;
import java.lang.System.Logger.Level;

/**
 * Where a shrinker registry reports: the listener (contained: one that throws is logged and
 * ignored), the {@code System.Logger}, and the JFR events {@code vmap.ShrinkStart} /
 * {@code vmap.ShrinkEnd}. Thread-safe.
 */
final class ShrinkReporter {

    private static final System.Logger LOG = System.getLogger("io.vmapkit.notifier.shrinker");

    private final VmapListener listener;
    /** Whether there is a listener at all: event objects are made only then. */
    private final boolean listening;

    ShrinkReporter(VmapListener listener) {
        this.listener = listener;
        this.listening = listener != VmapListener.NOOP;
    }

    /** Reports {@code mm_shrink_slab_start}; returns the begun end event, or {@code null} when JFR does not want it. */
    ShrinkEndEvent start(String shrinker, int nid, long nr, long freeable, long delta, long totalScan, int priority) {
        if (listening) {
            try {
                listener.shrinkSlabStart(new ShrinkSlabStartEvent(shrinker, nid, nr, freeable, delta, totalScan, priority));
            } catch (RuntimeException ex) {
                listenerFailed("shrinkSlabStart", ex);
            }
        }
        ShrinkStartEvent ev = new ShrinkStartEvent();
        if (ev.shouldCommit()) {
            ev.shrinker = shrinker;
            ev.nid = nid;
            ev.nrObjectsToShrink = nr;
            ev.cacheItems = freeable;
            ev.delta = delta;
            ev.totalScan = totalScan;
            ev.priority = priority;
            ev.commit();
        }
        ShrinkEndEvent end = new ShrinkEndEvent();
        if (!end.isEnabled()) {
            return null;
        }
        end.begin();
        return end;
    }

    void end(ShrinkEndEvent ev, String shrinker, int nid, long unusedScan, long newScan, long totalScan, long freed) {
        if (listening) {
            try {
                listener.shrinkSlabEnd(new ShrinkSlabEndEvent(shrinker, nid, unusedScan, newScan, totalScan, freed));
            } catch (RuntimeException ex) {
                listenerFailed("shrinkSlabEnd", ex);
            }
        }
        if (ev != null) {
            ev.end();
            if (ev.shouldCommit()) {
                ev.shrinker = shrinker;
                ev.nid = nid;
                ev.unusedScan = unusedScan;
                ev.newScan = newScan;
                ev.totalScan = totalScan;
                ev.retval = freed;
                ev.commit();
            }
        }
    }

    /**
     * Reports a misbehaving shrinker: always to the listener, and the first time per registration
     * to the log (WARNING, with the stack trace if it threw).
     */
    void misbehaved(ShrinkerEntry e, String problem, Throwable failure, boolean firstLog) {
        if (firstLog) {
            LOG.log(Level.WARNING, "shrinker '" + e.name + "': " + problem
                    + " (contained; logged once per registration, later problems go to the listener)", failure);
        } else {
            LOG.log(Level.DEBUG, () -> "shrinker '" + e.name + "': " + problem);
        }
        if (!listening) {
            return;
        }
        try {
            listener.shrinkerMisbehaved(new ShrinkerMisbehavedEvent(e.name, problem, failure));
        } catch (RuntimeException ex) {
            listenerFailed("shrinkerMisbehaved", ex);
        }
    }

    void quarantined(ShrinkerEntry e, int consecutive) {
        String problem = "quarantined after " + consecutive
                + " consecutive failures; it stays registered but every pass skips it until released (ShrinkerRegistry.release)";
        LOG.log(Level.WARNING, "shrinker '" + e.name + "' " + problem);
        if (!listening) {
            return;
        }
        try {
            listener.shrinkerMisbehaved(new ShrinkerMisbehavedEvent(e.name, problem, null));
        } catch (RuntimeException ex) {
            listenerFailed("shrinkerMisbehaved", ex);
        }
    }

    private void listenerFailed(String what, RuntimeException ex) {
        LOG.log(Level.WARNING, "listener threw from " + what + "; ignored", ex);
    }
}
