package io.vmapkit.api.event;

import java.util.Objects;

/**
 * A non-empty purge flushed one range once and returned its areas to the free space (tracepoint {@code purge_vmap_area_lazy}).
 * Passed to {@link VmapListener#purgeVmapAreaLazy(PurgeVmapAreaLazyEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class PurgeVmapAreaLazyEvent {
    private final long start;
    private final long end;
    private final long npurged;

    /**
     * The event with its values.
     *
     * @param start the start of the flushed range; unsigned
     * @param end the end of the flushed range (exclusive); unsigned
     * @param npurged how many areas were purged
     */
    public PurgeVmapAreaLazyEvent(long start, long end, long npurged) {
        this.start = start;
        this.end = end;
        this.npurged = npurged;
    }

    /** The start of the flushed range; unsigned. */
    public long start() {
        return start;
    }

    /** The end of the flushed range (exclusive); unsigned. */
    public long end() {
        return end;
    }

    /** How many areas were purged. */
    public long npurged() {
        return npurged;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PurgeVmapAreaLazyEvent)) {
            return false;
        }
        PurgeVmapAreaLazyEvent e = (PurgeVmapAreaLazyEvent) o;
        return start == e.start
                && end == e.end
                && npurged == e.npurged;
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, end, npurged);
    }

    @Override
    public String toString() {
        return "PurgeVmapAreaLazyEvent["
                + "start=" + start
                + ", end=" + end
                + ", npurged=" + npurged
                + "]";
    }
}
