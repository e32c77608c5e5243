package io.vmapkit.api.notifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * progress. Additions made outside a callback are attributed to {@code "(outside a callback)"}.
 *
 * <p><b>Threading.</b> A counter belongs to one chain call. All methods are synchronized, so a
 * callback may hand it to a helper thread while it runs, but additions after the call has returned
 * are ignored by the caller.
 */
public class FreedCounter implements NotifierCallObserver {

    /** Name under which additions outside any callback are recorded. */
    public static final String OUTSIDE_CALLBACK = "(outside a callback)";

    private long freed;
    private String current;
    private Map<String, Long> contributions;

    /** A counter at zero. */
    public FreedCounter() {}

    /**
     * Adds {@code n} to the total, attributed to the block running now.
     *
     * @param n what was released, in the chain's unit; 0 is accepted and changes nothing
     * @throws IllegalArgumentException if {@code n} is negative; nothing is added
     */
    public final synchronized void add(long n) {
        if (n < 0) {
            throw new IllegalArgumentException(
                    "freed may only grow: add(" + n + ") from " + (current == null ? OUTSIDE_CALLBACK : current));
        }
        if (n == 0) {
            return;
        }
        long sum = freed + n;
        freed = sum < 0 ? Long.MAX_VALUE : sum;
        if (contributions == null) {
            contributions = new LinkedHashMap<>();
        }
        contributions.merge(current == null ? OUTSIDE_CALLBACK : current, n, FreedCounter::saturatingAdd);
    }

    /** The total added so far. */
    public final synchronized long freed() {
        return freed;
    }

    /** Who added what, by block name, in order of first contribution; blocks that added nothing are absent. */
    public final synchronized Map<String, Long> contributions() {
        return contributions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(contributions));
    }

    /** Names of the blocks that added a positive amount, in order of first contribution. */
    public final synchronized List<String> contributors() {
        return contributions == null ? List.of() : List.copyOf(new ArrayList<>(contributions.keySet()));
    }

    @Override
    public final synchronized void enterCallback(NotifierBlock<?> block) {
        current = block.name();
    }

    @Override
    public final synchronized void exitCallback(NotifierBlock<?> block, int result, Throwable failure) {
        current = null;
    }

    private static long saturatingAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    @Override
    public synchronized String toString() {
        return getClass().getSimpleName() + "[freed=" + freed + ", contributions=" + (contributions == null ? "{}" : contributions) + "]";
    }
}
