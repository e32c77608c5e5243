package io.vmapkit.api.event;

import java.util.Objects;

/**
 * A page shortage ran reclaim: the shrinkers were asked to free objects.
 * Passed to {@link VmapListener#pageReclaim(PageReclaimEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class PageReclaimEvent {
    private final long requestedPages;
    private final long reclaimed;

    /**
     * The event with its values.
     *
     * @param requestedPages the pages the allocation asked for
     * @param reclaimed the objects the shrinkers freed
     */
    public PageReclaimEvent(long requestedPages, long reclaimed) {
        this.requestedPages = requestedPages;
        this.reclaimed = reclaimed;
    }

    /** The pages the allocation asked for. */
    public long requestedPages() {
        return requestedPages;
    }

    /** The objects the shrinkers freed. */
    public long reclaimed() {
        return reclaimed;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PageReclaimEvent)) {
            return false;
        }
        PageReclaimEvent e = (PageReclaimEvent) o;
        return requestedPages == e.requestedPages
                && reclaimed == e.reclaimed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestedPages, reclaimed);
    }

    @Override
    public String toString() {
        return "PageReclaimEvent["
                + "requestedPages=" + requestedPages
                + ", reclaimed=" + reclaimed
                + "]";
    }
}
