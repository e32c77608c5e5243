/**
 * {@code vmapkit sweep} and {@code vmapkit sweep merge}: a scenario over the combinations of some
 * axes and seeds, run in parallel, sharded for batch schedulers, with results as JSON lines, CSV, a
 * summary across seeds and an HTML report.
 *
 * <p>The engine is {@link io.vmapkit.workloads.sweep}; this package gives it a cell runner for
 * scenarios ({@code ScenarioCells}: what an axis key means, the scenario digest) and the command
 * line, the summary table and the report. Commands run on the calling thread; the engine's pool
 * runs the cells.
 */
package io.vmapkit.cli.sweep;
