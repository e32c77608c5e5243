package io.vmapkit.trace;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of positive ids kept as disjoint closed intervals: a trace's alloc ids, which the writer
 * numbers 1, 2, 3 … in file order, take one interval however many there are, so checking that ids
 * are unique costs constant memory on any trace the writer produced. Not thread-safe.
 */
final class IdSet {

    /** Interval start to interval end, inclusive; no two intervals touch or overlap. */
    private final TreeMap<Long, Long> intervals = new TreeMap<>();

    /** Whether {@code id} is in the set. */
    boolean contains(long id) {
        Map.Entry<Long, Long> e = intervals.floorEntry(id);
        return e != null && id <= e.getValue();
    }

    /**
     * Adds {@code id}.
     *
     * @return {@code false} if it was already there
     */
    boolean add(long id) {
        if (contains(id)) {
            return false;
        }
        long start = id;
        long end = id;
        Map.Entry<Long, Long> below = intervals.floorEntry(id);
        if (below != null && below.getValue() == id - 1) {
            start = below.getKey();
        }
        Map.Entry<Long, Long> above = id == Long.MAX_VALUE ? null : intervals.ceilingEntry(id + 1);
        if (above != null && above.getKey() == id + 1) {
            end = above.getValue();
            intervals.remove(above.getKey());
        }
        intervals.put(start, end);
        return true;
    }

    /** How many intervals hold the set (1 for 1 … n). */
    int intervals() {
        return intervals.size();
    }
}
