package io.vmapkit.api.shrinker;

/**
 * The kernel's {@code struct shrink_control}: what one call of a {@link Shrinker} is asked to do.
 *
 * <p>The registry creates one per pass, sets {@link #nrToScan()} and presets {@link #nrScanned()}
 * to the same value before each scan; the shrinker may lower {@code nrScanned} to report how much
 * it examined. Confined to the reclaiming thread; not thread-safe.
 */
public final class ShrinkControl {

    private final int nid;
    private final int priority;
    private final boolean canBlock;
    private long nrToScan;
    private long nrScanned;

    /**
     * @param nid the NUMA node (vmapkit models node 0)
     * @param priority the reclaim priority, {@link ShrinkerRegistry#DEF_PRIORITY} down to 0
     * @param canBlock whether the reclaiming context may block (the gfp mask allows it)
     * @throws IllegalArgumentException if {@code nid} is negative or {@code priority} is outside 0..12
     */
    public ShrinkControl(int nid, int priority, boolean canBlock) {
        if (nid < 0) {
            throw new IllegalArgumentException("nid " + nid + " is negative");
        }
        if (priority < 0 || priority > ShrinkerRegistry.DEF_PRIORITY) {
            throw new IllegalArgumentException(
                    "priority " + priority + " is outside 0.." + ShrinkerRegistry.DEF_PRIORITY);
        }
        this.nid = nid;
        this.priority = priority;
        this.canBlock = canBlock;
    }

    /** The NUMA node. */
    public int nid() {
        return nid;
    }

    /** The reclaim priority: 12 is the gentlest, 0 the most desperate. */
    public int priority() {
        return priority;
    }

    /** Whether the reclaiming context may block. */
    public boolean canBlock() {
        return canBlock;
    }

    /** How many objects this scan should examine. */
    public long nrToScan() {
        return nrToScan;
    }

    /**
     * Sets the scan target and presets {@code nrScanned} to it; called by the registry.
     *
     * @throws IllegalArgumentException if negative
     */
    public void setNrToScan(long nrToScan) {
        if (nrToScan < 0) {
            throw new IllegalArgumentException("nr_to_scan " + nrToScan + " is negative");
        }
        this.nrToScan = nrToScan;
        this.nrScanned = nrToScan;
    }

    /** How many objects the shrinker reports it examined (preset to {@link #nrToScan()}). */
    public long nrScanned() {
        return nrScanned;
    }

    /**
     * Reports how many objects were examined; called by the shrinker.
     *
     * @throws IllegalArgumentException if negative
     */
    public void setNrScanned(long nrScanned) {
        if (nrScanned < 0) {
            throw new IllegalArgumentException("nr_scanned " + nrScanned + " is negative");
        }
        this.nrScanned = nrScanned;
    }

    @Override
    public String toString() {
        return "ShrinkControl[nid=" + nid + ", priority=" + priority + ", nrToScan=" + nrToScan + ", nrScanned=" + nrScanned + "]";
    }
}
