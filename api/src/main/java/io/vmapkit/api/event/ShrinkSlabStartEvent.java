package io.vmapkit.api.event;

import java.util.Objects;

/**
 * Before a shrinker's scan loop (tracepoint {@code mm_shrink_slab_start}).
 * Passed to {@link VmapListener#shrinkSlabStart(ShrinkSlabStartEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class ShrinkSlabStartEvent {
    private final String shrinker;
    private final int nid;
    private final long nrObjectsToShrink;
    private final long cacheItems;
    private final long delta;
    private final long totalScan;
    private final int priority;

    /**
     * The event with its values.
     *
     * @param shrinker the shrinker's name; not null
     * @param nid the NUMA node scanned
     * @param nrObjectsToShrink the deferred work carried into this pass
     * @param cacheItems what the shrinker counted as freeable
     * @param delta the scan target computed for this pass
     * @param totalScan the objects to scan: deferred work plus delta
     * @param priority the reclaim priority
     * @throws NullPointerException if a value documented as non-null is null; the message names it
     */
    public ShrinkSlabStartEvent(String shrinker, int nid, long nrObjectsToShrink, long cacheItems, long delta, long totalScan, int priority) {
        this.shrinker = Objects.requireNonNull(shrinker, "shrinker");
        this.nid = nid;
        this.nrObjectsToShrink = nrObjectsToShrink;
        this.cacheItems = cacheItems;
        this.delta = delta;
        this.totalScan = totalScan;
        this.priority = priority;
    }

    /** The shrinker's name. */
    public String shrinker() {
        return shrinker;
    }

    /** The NUMA node scanned. */
    public int nid() {
        return nid;
    }

    /** The deferred work carried into this pass. */
    public long nrObjectsToShrink() {
        return nrObjectsToShrink;
    }

    /** What the shrinker counted as freeable. */
    public long cacheItems() {
        return cacheItems;
    }

    /** The scan target computed for this pass. */
    public long delta() {
        return delta;
    }

    /** The objects to scan: deferred work plus delta. */
    public long totalScan() {
        return totalScan;
    }

    /** The reclaim priority. */
    public int priority() {
        return priority;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ShrinkSlabStartEvent)) {
            return false;
        }
        ShrinkSlabStartEvent e = (ShrinkSlabStartEvent) o;
        return Objects.equals(shrinker, e.shrinker)
                && nid == e.nid
                && nrObjectsToShrink == e.nrObjectsToShrink
                && cacheItems == e.cacheItems
                && delta == e.delta
                && totalScan == e.totalScan
                && priority == e.priority;
    }

    @Override
    public int hashCode() {
        return Objects.hash(shrinker, nid, nrObjectsToShrink, cacheItems, delta, totalScan, priority);
    }

    @Override
    public String toString() {
        return "ShrinkSlabStartEvent["
                + "shrinker=" + shrinker
                + ", nid=" + nid
                + ", nrObjectsToShrink=" + nrObjectsToShrink
                + ", cacheItems=" + cacheItems
                + ", delta=" + delta
                + ", totalScan=" + totalScan
                + ", priority=" + priority
                + "]";
    }
}
