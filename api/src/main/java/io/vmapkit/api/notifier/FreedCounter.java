package io.vmapkit.api.notifier;

import java.util.List;
import java.util.Map;

/**
 * An add-only count of what callbacks released: the kernel's {@code unsigned long *freed}, made
 * safe.
 *
 * <p>The kernel passes reclaim notifiers a pointer that callbacks are supposed to add to and never
 * overwrite. Here callbacks can only {@link #add(long)}: negative amounts are refused and the total
 * saturates at {@link Long#MAX_VALUE} instead of wrapping (a wrap to 0 would read as "nothing
 * freed"). The unit is the chain's business; only {@code freed() > 0} matters to the caller.
 *
 * <p>As a {@link NotifierCallObserver}, the counter attributes every addition to the block running
 * at the time ({@link #contributions()}), which is how the allocator names the plugins that claimed
 * progress. Additions made outside a callback are attributed to {@link #OUTSIDE_CALLBACK}.
 *
 * <p>This is the common view of the chain data that counts progress: the vmap purge chain's
 * {@link io.vmapkit.api.vmap.VmapPurgeEvent}, the OOM chain's {@link io.vmapkit.api.page.OomEvent},
 * and a plain counter from {@link #create()} for a chain of your own or a test. vmapkit's
 * implementations are final and not meant to be extended; implementing this interface elsewhere is
 * possible but gains nothing the events do not offer.
 *
 * <p><b>Threading and ownership.</b> A counter belongs to one chain call. vmapkit's counters are
 * thread-safe, so a callback may hand one to a helper thread while it runs, but additions after the
 * call has returned are ignored by the caller.
 */
public interface FreedCounter extends NotifierCallObserver {

    /** Name under which additions outside any callback are recorded. */
    String OUTSIDE_CALLBACK = "(outside a callback)";

    /** A new counter at zero, attributing additions while a chain calls its blocks. */
    static FreedCounter create() {
        return new AttributedFreedCounter();
    }

    /**
     * Adds {@code n} to the total, attributed to the block running now.
     *
     * @param n what was released, in the chain's unit; 0 is accepted and changes nothing
     * @throws IllegalArgumentException if {@code n} is negative; nothing is added
     */
    void add(long n);

    /** The total added so far. */
    long freed();

    /** Who added what, by block name, in order of first contribution; blocks that added nothing are absent. */
    Map<String, Long> contributions();

    /** Names of the blocks that added a positive amount, in order of first contribution. */
    List<String> contributors();
}
