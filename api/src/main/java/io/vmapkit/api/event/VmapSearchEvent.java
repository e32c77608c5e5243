package io.vmapkit.api.event;

import io.vmapkit.api.vmap.VmapRequest;
import java.util.Objects;

/**
 * One search of the free space for a request (a vmapkit addition: each retry of the overflow path searches once).
 * Passed to {@link VmapListener#vmapSearch(VmapSearchEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class VmapSearchEvent {
    private final VmapRequest request;
    private final boolean found;

    /**
     * The event with its values.
     *
     * @param request the request searched for, window resolved; not null
     * @param found whether the search found a place
     * @throws NullPointerException if a value documented as non-null is null; the message names it
     */
    public VmapSearchEvent(VmapRequest request, boolean found) {
        this.request = Objects.requireNonNull(request, "request");
        this.found = found;
    }

    /** The request searched for, window resolved. */
    public VmapRequest request() {
        return request;
    }

    /** Whether the search found a place. */
    public boolean found() {
        return found;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VmapSearchEvent)) {
            return false;
        }
        VmapSearchEvent e = (VmapSearchEvent) o;
        return Objects.equals(request, e.request)
                && found == e.found;
    }

    @Override
    public int hashCode() {
        return Objects.hash(request, found);
    }

    @Override
    public String toString() {
        return "VmapSearchEvent["
                + "request=" + request
                + ", found=" + found
                + "]";
    }
}
