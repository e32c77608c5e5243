/**
 * The sweep engine behind {@code vmapkit sweep}: many independent, seeded runs over the
 * combinations of some axes, on a pool of threads, with results as data.
 *
 * <p>A {@link io.vmapkit.workloads.sweep.SweepPlan} numbers its {@link io.vmapkit.workloads.sweep.Cell cells}
 * stably (first axis slowest, seeds fastest); a {@link io.vmapkit.workloads.sweep.Shard} picks the cells
 * whose index ≡ I mod N. A {@link io.vmapkit.workloads.sweep.CellRunner} — the one place that knows what
 * an axis means — runs one cell and returns its figures; {@link io.vmapkit.workloads.sweep.Sweep} runs
 * the cells in parallel and appends one {@link io.vmapkit.workloads.sweep.ResultLine JSON line} per finished
 * cell to a {@link io.vmapkit.workloads.sweep.ResultsFile} (one write per line, forced to the device), so an
 * interrupted sweep resumes without redoing finished cells.
 * {@link io.vmapkit.workloads.sweep.Merge} combines shards' files, {@link io.vmapkit.workloads.sweep.Csv}
 * exports them and {@link io.vmapkit.workloads.sweep.Summary} summarizes across seeds.
 *
 * <p>Values are immutable and thread-safe; {@code Sweep} owns its pool and returns when it is done.
 * Nothing here imports a plugin or the cli.
 */
package io.vmapkit.workloads.sweep;
