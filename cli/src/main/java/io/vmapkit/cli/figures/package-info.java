/**
 * How the cli shows a run's figures ({@link io.vmapkit.workloads.figures.RunFigures}, from the
 * workloads module): {@link io.vmapkit.cli.figures.FiguresTable} renders the side-by-side table
 * {@code simulate} and {@code replay} print, {@link io.vmapkit.cli.figures.FiguresJson} the JSON of
 * {@code --json}. Stateless, thread-safe.
 */
package io.vmapkit.cli.figures;
