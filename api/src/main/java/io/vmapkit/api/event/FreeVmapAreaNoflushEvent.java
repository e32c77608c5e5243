package io.vmapkit.api.event;

import java.util.Objects;

/**
 * An area was freed lazily (tracepoint {@code free_vmap_area_noflush}).
 * Passed to {@link VmapListener#freeVmapAreaNoflush(FreeVmapAreaNoflushEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class FreeVmapAreaNoflushEvent {
    private final long vaStart;
    private final long nrLazy;
    private final long nrLazyMax;

    /**
     * The event with its values.
     *
     * @param vaStart the start of the freed area; unsigned
     * @param nrLazy the lazy counter after the free, in pages
     * @param nrLazyMax the purge threshold, in pages
     */
    public FreeVmapAreaNoflushEvent(long vaStart, long nrLazy, long nrLazyMax) {
        this.vaStart = vaStart;
        this.nrLazy = nrLazy;
        this.nrLazyMax = nrLazyMax;
    }

    /** The start of the freed area; unsigned. */
    public long vaStart() {
        return vaStart;
    }

    /** The lazy counter after the free, in pages. */
    public long nrLazy() {
        return nrLazy;
    }

    /** The purge threshold, in pages. */
    public long nrLazyMax() {
        return nrLazyMax;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FreeVmapAreaNoflushEvent)) {
            return false;
        }
        FreeVmapAreaNoflushEvent e = (FreeVmapAreaNoflushEvent) o;
        return vaStart == e.vaStart
                && nrLazy == e.nrLazy
                && nrLazyMax == e.nrLazyMax;
    }

    @Override
    public int hashCode() {
        return Objects.hash(vaStart, nrLazy, nrLazyMax);
    }

    @Override
    public String toString() {
        return "FreeVmapAreaNoflushEvent["
                + "vaStart=" + vaStart
                + ", nrLazy=" + nrLazy
                + ", nrLazyMax=" + nrLazyMax
                + "]";
    }
}
