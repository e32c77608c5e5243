package io.vmapkit.api.event;

import java.util.Objects;

/**
 * After a shrinker's scan loop (tracepoint {@code mm_shrink_slab_end}).
 * Passed to {@link VmapListener#shrinkSlabEnd(ShrinkSlabEndEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class ShrinkSlabEndEvent {
    private final String shrinker;
    private final int nid;
    private final long unusedScan;
    private final long newScan;
    private final long totalScan;
    private final long retval;

    /**
     * The event with its values.
     *
     * @param shrinker the shrinker's name; not null
     * @param nid the NUMA node scanned
     * @param unusedScan the deferred count taken at the start of this pass
     * @param newScan the deferred count after this pass
     * @param totalScan the pass's {@code total_scan}, as at its start
     * @param retval the number of objects freed
     * @throws NullPointerException if a value documented as non-null is null; the message names it
     */
    public ShrinkSlabEndEvent(String shrinker, int nid, long unusedScan, long newScan, long totalScan, long retval) {
        this.shrinker = Objects.requireNonNull(shrinker, "shrinker");
        this.nid = nid;
        this.unusedScan = unusedScan;
        this.newScan = newScan;
        this.totalScan = totalScan;
        this.retval = retval;
    }

    /** The shrinker's name. */
    public String shrinker() {
        return shrinker;
    }

    /** The NUMA node scanned. */
    public int nid() {
        return nid;
    }

    /** The deferred count taken at the start of this pass. */
    public long unusedScan() {
        return unusedScan;
    }

    /** The deferred count after this pass. */
    public long newScan() {
        return newScan;
    }

    /** The pass's {@code total_scan}, as at its start. */
    public long totalScan() {
        return totalScan;
    }

    /** The number of objects freed. */
    public long retval() {
        return retval;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ShrinkSlabEndEvent)) {
            return false;
        }
        ShrinkSlabEndEvent e = (ShrinkSlabEndEvent) o;
        return Objects.equals(shrinker, e.shrinker)
                && nid == e.nid
                && unusedScan == e.unusedScan
                && newScan == e.newScan
                && totalScan == e.totalScan
                && retval == e.retval;
    }

    @Override
    public int hashCode() {
        return Objects.hash(shrinker, nid, unusedScan, newScan, totalScan, retval);
    }

    @Override
    public String toString() {
        return "ShrinkSlabEndEvent["
                + "shrinker=" + shrinker
                + ", nid=" + nid
                + ", unusedScan=" + unusedScan
                + ", newScan=" + newScan
                + ", totalScan=" + totalScan
                + ", retval=" + retval
                + "]";
    }
}
