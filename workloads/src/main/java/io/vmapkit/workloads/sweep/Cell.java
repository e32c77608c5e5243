package io.vmapkit.workloads.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a sweep: a value of every axis and a seed. Immutable and thread-safe.
 *
 * @param index the cell's stable index in its {@link SweepPlan} (the order of
 *     {@link SweepPlan#cells()}: first axis outermost, seeds innermost); sharding and merging use it
 * @param coordinates the value of every axis, in the plan's axis order (immutable)
 * @param seed the workload's seed
 */
public record Cell(int index, Map<String, String> coordinates, long seed) {

    /** Checks and copies. */
    public Cell {
        if (index < 0) {
            throw new IllegalArgumentException("cell index " + index + " is negative");
        }
        Objects.requireNonNull(coordinates, "coordinates");
        coordinates = Collections.unmodifiableMap(new LinkedHashMap<>(coordinates));
    }

    /** The cell for messages: {@code #12 (ncpus=2, policy=cache, seed 3)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder("#").append(index).append(" (");
        coordinates.forEach((k, v) -> sb.append(k).append('=').append(v).append(", "));
        return sb.append("seed ").append(seed).append(')').toString();
    }
}
