package io.vmapkit.api.notifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * vmapkit's {@link FreedCounter}: add-only, saturating, attributing each addition to the block the
 * chain says is running. Every method is synchronized, so a callback may hand the counter to helper
 * threads while it runs.
 *
 * <p>Package-private: callers get one from {@link FreedCounter#create()}, and the api's events
 * ({@link io.vmapkit.api.vmap.VmapPurgeEvent}, {@link io.vmapkit.api.page.OomEvent}) delegate to
 * one, so this policy is not a class anyone extends.
 */
final class AttributedFreedCounter implements FreedCounter {

    private long freed;
    private String current;
    private Map<String, Long> contributions;

    AttributedFreedCounter() {}

    @Override
    public synchronized void add(long n) {
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
        contributions.merge(current == null ? OUTSIDE_CALLBACK : current, n, AttributedFreedCounter::saturatingAdd);
    }

    @Override
    public synchronized long freed() {
        return freed;
    }

    @Override
    public synchronized Map<String, Long> contributions() {
        return contributions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(contributions));
    }

    @Override
    public synchronized List<String> contributors() {
        return contributions == null ? List.of() : List.copyOf(new ArrayList<>(contributions.keySet()));
    }

    @Override
    public synchronized void enterCallback(NotifierBlock<?> block) {
        current = block.name();
    }

    @Override
    public synchronized void exitCallback(NotifierBlock<?> block, int result, Throwable failure) {
        current = null;
    }

    private static long saturatingAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    @Override
    public synchronized String toString() {
        return "FreedCounter[freed=" + freed + ", contributions=" + (contributions == null ? "{}" : contributions) + "]";
    }
}
