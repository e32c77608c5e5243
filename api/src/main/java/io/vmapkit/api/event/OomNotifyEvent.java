package io.vmapkit.api.event;

import java.util.Objects;

/**
 * The OOM notifier chain ran for an allocation that reclaim could not satisfy.
 * Passed to {@link VmapListener#oomNotify(OomNotifyEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class OomNotifyEvent {
    private final long requestedPages;
    private final long freed;

    /**
     * The event with its values.
     *
     * @param requestedPages the pages the allocation asked for
     * @param freed what the callbacks reported freed
     */
    public OomNotifyEvent(long requestedPages, long freed) {
        this.requestedPages = requestedPages;
        this.freed = freed;
    }

    /** The pages the allocation asked for. */
    public long requestedPages() {
        return requestedPages;
    }

    /** What the callbacks reported freed. */
    public long freed() {
        return freed;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OomNotifyEvent)) {
            return false;
        }
        OomNotifyEvent e = (OomNotifyEvent) o;
        return requestedPages == e.requestedPages
                && freed == e.freed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestedPages, freed);
    }

    @Override
    public String toString() {
        return "OomNotifyEvent["
                + "requestedPages=" + requestedPages
                + ", freed=" + freed
                + "]";
    }
}
