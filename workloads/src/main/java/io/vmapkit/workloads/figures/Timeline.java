package io.vmapkit.workloads.figures;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Occupancy over simulated time (workload operations) and the events on the way: what the report
 * charts for one run.
 *
 * @param samples live, lazy and free bytes, sampled every few operations, in operation order
 * @param purges non-empty lazy purges: at which operation, and how many areas each returned
 * @param notifierRounds purge-notifier rounds: at which operation, and what the round freed (in
 *     the unit the blocks report, pages for the vmap purge chain)
 * @param shrinkerFreed per shrinker (by name), each shrink pass that freed something: at which
 *     operation, and how many objects it reported freed; in the order the shrinkers first freed
 */
public record Timeline(List<Sample> samples, List<Mark> purges, List<Mark> notifierRounds,
        Map<String, List<Mark>> shrinkerFreed) {

    /** Copies the lists. */
    public Timeline {
        samples = List.copyOf(samples);
        purges = List.copyOf(purges);
        notifierRounds = List.copyOf(notifierRounds);
        Map<String, List<Mark>> m = new LinkedHashMap<>();
        shrinkerFreed.forEach((k, v) -> m.put(k, List.copyOf(v)));
        shrinkerFreed = Collections.unmodifiableMap(m);
    }

    /** A timeline without shrinker marks. */
    public Timeline(List<Sample> samples, List<Mark> purges, List<Mark> notifierRounds) {
        this(samples, purges, notifierRounds, Map.of());
    }

    /** An empty timeline. */
    public static Timeline empty() {
        return new Timeline(List.of(), List.of(), List.of());
    }

    /**
     * Occupancy after operation {@code op}.
     *
     * @param op operations done when sampled (0 before the first)
     * @param liveBytes bytes in live areas
     * @param lazyBytes bytes in lazily freed areas
     * @param freeBytes bytes free
     */
    public record Sample(long op, long liveBytes, long lazyBytes, long freeBytes) {}

    /**
     * An event during operation {@code op} (numbered from 1; 0 is before the workload's first
     * operation, e.g. during plugin install).
     *
     * @param op the operation in progress
     * @param value the event's figure: areas purged, or freed reported by a notifier round
     */
    public record Mark(long op, long value) {}
}
