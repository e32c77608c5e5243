package io.vmapkit.plugins.generic.workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Things held until an operation number: the earliest first, ties in the order added, so the
 * release order is deterministic. Not thread-safe.
 *
 * @param <T> what is held
 */
final class Expiring<T> {

    private record Held<T>(long due, long seq, T item) {}

    private final PriorityQueue<Held<T>> queue = new PriorityQueue<>(
            Comparator.<Held<T>>comparingLong(Held::due).thenComparingLong(Held::seq));
    private long seq;

    /** Holds {@code item} until operation {@code due}. */
    void add(long due, T item) {
        queue.add(new Held<>(due, seq++, item));
    }

    /** Removes and returns what is due at or before {@code op}, earliest first. */
    List<T> due(long op) {
        List<T> out = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().due() <= op) {
            out.add(queue.poll().item());
        }
        return out;
    }

    /** Removes and returns everything, earliest first. */
    List<T> drain() {
        return due(Long.MAX_VALUE);
    }

    /** How many are held. */
    int size() {
        return queue.size();
    }
}
