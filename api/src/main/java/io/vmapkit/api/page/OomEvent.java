package io.vmapkit.api.page;

import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import java.util.List;
import java.util.Map;

/**
 * What the page pool passes to the OOM notifier chain ({@code oom_notify_list}) when reclaim could
 * not meet an allocation: an add-only count of pages callbacks released, plus the request.
 *
 * <p>The chain's action is always 0. Final: the counting is delegated to
 * {@link FreedCounter#create()}'s counter, not inherited.
 *
 * <p><b>Threading and ownership.</b> The page pool makes one per chain call; it is valid only during
 * that call. Thread-safe.
 */
public final class OomEvent implements FreedCounter {

    private final long requestedPages;
    private final FreedCounter freed = FreedCounter.create();

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
    public void add(long n) {
        freed.add(n);
    }

    @Override
    public long freed() {
        return freed.freed();
    }

    @Override
    public Map<String, Long> contributions() {
        return freed.contributions();
    }

    @Override
    public List<String> contributors() {
        return freed.contributors();
    }

    @Override
    public void enterCallback(NotifierBlock<?> block) {
        freed.enterCallback(block);
    }

    @Override
    public void exitCallback(NotifierBlock<?> block, int result, Throwable failure) {
        freed.exitCallback(block, result, failure);
    }

    @Override
    public String toString() {
        return "OomEvent[requestedPages=" + requestedPages + ", freed=" + freed() + "]";
    }
}
