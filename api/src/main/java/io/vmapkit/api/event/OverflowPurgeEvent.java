package io.vmapkit.api.event;

import io.vmapkit.api.vmap.VmapRequest;
import java.util.Objects;

/**
 * The overflow path ran its synchronous purge for a request that did not fit.
 * Passed to {@link VmapListener#overflowPurge(OverflowPurgeEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class OverflowPurgeEvent {
    private final VmapRequest request;
    private final boolean purged;

    /**
     * The event with its values.
     *
     * @param request the request that did not fit, window resolved; not null
     * @param purged whether the purge found anything to purge
     * @throws NullPointerException if a value documented as non-null is null; the message names it
     */
    public OverflowPurgeEvent(VmapRequest request, boolean purged) {
        this.request = Objects.requireNonNull(request, "request");
        this.purged = purged;
    }

    /** The request that did not fit, window resolved. */
    public VmapRequest request() {
        return request;
    }

    /** Whether the purge found anything to purge. */
    public boolean purged() {
        return purged;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OverflowPurgeEvent)) {
            return false;
        }
        OverflowPurgeEvent e = (OverflowPurgeEvent) o;
        return Objects.equals(request, e.request)
                && purged == e.purged;
    }

    @Override
    public int hashCode() {
        return Objects.hash(request, purged);
    }

    @Override
    public String toString() {
        return "OverflowPurgeEvent["
                + "request=" + request
                + ", purged=" + purged
                + "]";
    }
}
