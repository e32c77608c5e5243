package io.vmapkit.workloads.sweep;

import io.vmapkit.workloads.figures.RunFigures;

/**
 * Runs one cell of a sweep: resolves its coordinates into a configuration, runs the seeded
 * workload on a fresh system and returns the figures. This is the only place a sweep knows what
 * its axes mean, so the engine ({@link Sweep}) serves built-in scenarios and scenario files alike.
 *
 * <p>Thread-safe: {@link Sweep} calls {@link #run} from several threads at once, for different
 * cells. Each call must be independent of the others and deterministic for its cell — the same
 * cell gives the same figures (wall time aside) on any machine, in any order, alone or beside other
 * cells.
 */
public interface CellRunner {

    /**
     * Fails, before any cell runs, if {@code cell} cannot run: an unknown key, a bad value, a
     * plugin that refuses a setting. Called once per distinct coordinates (the seed does not
     * matter). The default accepts every cell.
     *
     * @throws IllegalArgumentException naming the axis, the value and what is wrong
     */
    default void check(Cell cell) {}

    /**
     * Runs {@code cell}.
     *
     * @throws RuntimeException if the run fails; the sweep stops and names the cell
     */
    RunFigures run(Cell cell);
}
