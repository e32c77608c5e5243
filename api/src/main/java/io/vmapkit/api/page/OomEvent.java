package io.vmapkit.api.page;

import io.vmapkit.api.notifier.FreedCounter;

/**
 * What the page pool passes to the OOM notifier chain ({@code oom_notify_list}) when reclaim could
 * not meet an allocation: an add-only count of pages callbacks released, plus the request.
 *
 * <p>The chain's action is always 0. Valid only during the chain call.
 */
public class OomEvent extends FreedCounter {

    private final long requestedPages;

    /**
     * @param requestedPages the pages the failing allocation asked for
     * @throws IllegalArgumentException if not positive
     */
    public OomEvent(long requestedPages) {
        if (requestedPages <= 0) {
            throw new IllegalArgumentException("requested pages " + requestedPages + " must be positive");
        }
        this.requestedPages = requestedPages;
    }

    /** The pages the failing allocation asked for. */
    public long requestedPages() {
        return requestedPages;
    }

    @Override
    public String toString() {
        return "OomEvent[requestedPages=" + requestedPages + ", freed=" + freed() + "]";
    }
}
